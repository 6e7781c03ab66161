/**
 * `loss-landscape/api`: every command of the CLI as one typed function. Each takes plain data
 * (a model, a data set, and an options object whose names and defaults are the flags'), and
 * returns plain data (the fields of the command's `--json`). Progress goes through an optional
 * callback and cancellation through an AbortSignal ({@link RunControl}).
 *
 * @module loss-landscape/api
 */

export { throwIfAborted, progressOf, runPoints, type RunControl, type ProgressCallback, type PointRunner, type PointsControl } from "./run-control.js";
export type { PointJob, PointEvaluator } from "../tiles/point-job.js";
export {
  train, DEFAULT_TRAIN_OPTIONS, DEFAULT_MODEL_TRAIN_OPTIONS, TrainingDivergedError,
  type TrainOptions, type TrainResult, type TrainMlpOptions, type TrainMlpResult, type TrainMlpRecord, type TrainProgressRecord, type TrainModelOptions, type TrainModelResult, type ParamsLayers, type SavedTrajectory,
} from "./train.js";
export { trainNeuron, DEFAULT_NEURON_TRAIN_OPTIONS, type TrainNeuronOptions, type TrainNeuronResult, type TrainNeuronRecord } from "./train-neuron.js";
export { probe, probeNeuron, DEFAULT_PROBE_OPTIONS, DEFAULT_NEURON_PROBE_OPTIONS, type ProbeOptions, type ProbeResult, type NetworkProbeResult, type ModelProbeResult, type ProbeHessian, type NeuronProbeOptions } from "./probe.js";
export { NonFiniteError } from "../util/finite.js";
export { mlpModel, isMlpModel, modelDataOfTable, type MlpModel } from "../model/mlp-model.js";
export {
  slice, planSlice, sliceResultOf, DEFAULT_SLICE_OPTIONS, STANDARD_ERROR_FIELD, SliceError,
  type SliceOptions, type SlicePlan, type SliceResult, type SliceDirections, type SliceTrajectoryPoint, type SliceOptionName,
} from "./slice.js";
export { gradcheck, gradcheckNeuron, gradcheckNeuronPoints, neuronCheckCount, DEFAULT_GRADCHECK_OPTIONS, DEFAULT_MODEL_GRADCHECK_OPTIONS, DEFAULT_NEURON_GRADCHECK_OPTIONS, MAX_GRADCHECK_PARAMS, type GradcheckOptions, type GradcheckResult, type NetworkGradcheckResult, type NetworkGradcheckPoint, type ModelGradcheckResult, type NeuronGradcheckOptions, type NeuronGradcheckResult } from "./gradcheck.js";
export { sharpness, sharpnessRequest, DEFAULT_SHARPNESS_OPTIONS, type SharpnessOptions, type SharpnessResult, type SharpnessRunJson } from "./sharpness.js";
export { grid, DEFAULT_GRID_OPTIONS, type GridOptions, type GridResult } from "./grid.js";
export { basins, basinsSpec, DEFAULT_BASINS_OPTIONS, type BasinsOptions, type BasinsResult, type BasinsMapResult } from "./basins.js";
export { initStudy, initStudyTables, DEFAULT_INIT_STUDY_OPTIONS, type InitStudyOptions, type InitStudyResult } from "./init-study.js";
export { landscape, landscapePlan, landscapeFigures, DEFAULT_LANDSCAPE_OPTIONS, DEFAULT_LANDSCAPE_STARTS, type LandscapeOptions, type LandscapeResult } from "./landscape.js";
export { DEFAULT_TRAINING_OPTIONS, trainConfigOf, type TrainingOptions } from "./training-options.js";
export { layers, DEFAULT_LAYERS_OPTIONS, DEFAULT_MODEL_LAYERS_OPTIONS, type LayersOptions, type LayersResult, type NetworkLayersResult, type NetworkLayerJson, type ModelLayersResult } from "./layers.js";
export { graphModel, isGraphModel, type GraphModel } from "../model/onnx-model.js";
export { hessian, hessianAnalysis, hessianRequest, hessianJson, DEFAULT_HESSIAN_OPTIONS, type HessianOptions, type HessianResult, type HessianAnalysis, type HessianContext } from "./hessian.js";
export { connect, connectReportOf, DEFAULT_CONNECT_OPTIONS, type ConnectOptions, type ConnectResult, type PathJson } from "./connect.js";
export { merge, mergeParsed, DEFAULT_MERGE_OPTIONS, type MergeOptions, type MergeResult, type MergedSliceResult } from "./merge.js";
export type { SliceFigureOptions } from "../tiles/slice-context.js";
export { seededStart, seededNetworkStart } from "../train/from-init.js";
export {
  COST_NS, networkMemory, visitsPerStart, gridCost, manyStartCost, basinsCost, initStudyCost, trainCost, gradcheckCost, probeCost, networkProbeCost, networkTrainCost, layersCost, landscapeCost, sharpnessSeconds, evaluationsSeconds, modelPassWork,
  type Cost, type LandscapeSizes, type SharpnessWork,
} from "../estimate/cost.js";
export { SLICE_NS, sliceCost, sliceStagesCost, addCosts } from "../estimate/slice-cost.js";
export { hessianWork, hessianCost, type HessianWork } from "../estimate/hessian-cost.js";
export { builtinData, initMlp, type InitMlpOptions } from "./quick-start.js";
