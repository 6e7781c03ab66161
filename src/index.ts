/**
 * The `loss-landscape` entry point: numerics, data, initializers, training, the fast (WebAssembly) paths and the multi-layer `nn` library.
 *
 * @module loss-landscape
 */
// Library entry point ("loss-landscape"): numerics, data, initializers and training.
// The package exports two more entries (package.json "exports"): "loss-landscape/basins"
// (basin maps and the init-scheme study, src/basins/index.ts) and "loss-landscape/render"
// (renderers, src/render/index.ts), so numeric users never load d3 or jsdom.

export { seedDataset, countPositives, type Dataset } from "./data/dataset.js";
export { parseDatasetCsv, DataError } from "./data/csv.js";
export { sigmoid, sigmoidPrime, softplus, softplusPrime, logSigmoid, logSigmoidPrime, sigmoidPair } from "./numerics/sigmoid.js";
export { sampleTerms, LOSS_NAMES, isLossName, type LossName } from "./numerics/losses.js";
export { evaluatePoint, accumulatePoint, type PointResult } from "./numerics/point.js";
export { symmetricEigenvalues2 } from "./numerics/eigen.js";
export {
  evaluateGrid,
  axisValues,
  checkGridSpec,
  MAX_GRID_POINTS,
  FIELD_NAMES,
  type GridSpec,
  type AxisSpec,
  type GridResult,
  type FieldName,
  type Field,
} from "./numerics/grid.js";
export { gradcheckPoint, summarize, DEFAULT_GRADCHECK_OPTIONS, type GradcheckOptions, type PointCheck } from "./numerics/gradcheck.js";
export { seededRandom, type Random } from "./init/random.js";
export { initialize, parseInit, describeInit, schemeDistribution, INIT_SCHEMES, type InitScheme, type InitSpec } from "./init/initializers.js";
export { train, DEFAULT_TRAIN_CONFIG, stepsPerEpoch, type TrainConfig, type TrainResult } from "./train/train.js";
export { makeOptimizer, OPTIMIZER_NAMES, DEFAULT_OPTIMIZER_OPTIONS, type OptimizerName, type OptimizerOptions } from "./train/optimizers.js";
export { trainMany, accuracyAt, DEFAULT_MANY_OPTIONS, type Starts, type ManyOptions, type ManyResult, type ManyTrainer, type AsyncManyTrainer } from "./train/many.js";
// Fast paths (WebAssembly SIMD, worker threads): same contracts and numbers as the references.
export { evaluateGridFast, evaluateLossGradFast, LOSS_GRAD_FIELDS, type LossGradGrid, type LossGradField } from "./fast/grid-fast.js";
export { evaluateGridParallel, evaluateLossGradParallel, type ParallelOptions } from "./fast/grid-parallel.js";
export { trainManyFast, trainManyParallel, trainManyThreaded, threadedTrainer, parallelTrainer, type FastTrainerOptions } from "./fast/many-fast.js";
export { createKernelPool, usingKernelPool, type KernelPool, type KernelPoolOptions } from "./fast/pool.js";
export { trainRunFast, trainStreamFast, fastRunApplies, FAST_TRAIN_MIN_SAMPLES, STEP_SINK_MIN_BATCH, type EpochSink, type StepSink, type FastRunSummary } from "./fast/train-fast.js";
// Multi-layer networks (src/nn): exact float64 forward/backward, R-operator curvature, inits, per-layer statistics.
export { ACTIVATION_NAMES, isActivationName, activate, activationGain, type ActivationName } from "./nn/activations.js";
export {
  parseHidden,
  layerShapes,
  parameterCount,
  widths,
  describeArchitecture,
  checkArchitecture,
  MAX_PARAMS,
  type Architecture,
  type LayerShape,
} from "./nn/architecture.js";
export { tableFromDataset, tableRows, sampleCount, type Table } from "./nn/table.js";
export { forward, backward, evaluateNetwork, norm2, type ForwardPass, type BackwardPass, type NetworkPoint, type NetworkEngine, type EvaluateOptions } from "./nn/forward.js";
export { createNetworkWorkspace, type NetworkWorkspace } from "./fast/nn-fast.js";
export { evaluateSliceParallel } from "./fast/nn-slice-fast.js";
export { hessianVector, curvatureState, hessianVectorInto, createCurvatureWorkspace, type CurvatureState, type CurvatureOptions } from "./nn/hvp.js";
export { gradcheckNetwork, MAX_HESSIAN_CHECK_PARAMS, type NetworkCheck, type NetworkCheckOptions } from "./nn/gradcheck.js";
export { denseHessian, hessianSpectrum, spectrumOf, MAX_DENSE_HESSIAN_PARAMS, type HessianSpectrum } from "./nn/hessian.js";
export { symmetricEigenvalues } from "./nn/symmetric-eigen.js";
export {
  initializeNetwork,
  parseNetworkInit,
  describeNetworkInit,
  weightDistribution,
  NETWORK_SCHEMES,
  type NetworkInit,
  type NetworkScheme,
  type Gain,
  type NetworkInitResult,
} from "./nn/init.js";
export { orthogonalMatrix } from "./nn/orthogonal.js";
export { lsuvRescale, LSUV_TOLERANCE, LSUV_MAX_PASSES, type LsuvReport } from "./nn/lsuv.js";
export { layerStatistics, meanStd, percentiles, PERCENTILE_LEVELS, type LayerStats, type MeanStd } from "./nn/layer-stats.js";
export { builtinTable, isDataName, defaultNoise, DATA_NAMES, DEFAULT_DATA_OPTIONS, MAX_SAMPLES, type DataName, type DataOptions } from "./nn/datasets.js";
export { parseParamsJson, layersToTheta, thetaToLayers, serializeParams, hiddenFromLayers, ParamsError, type RawLayer } from "./formats/params-json.js";
export { parseSafetensors, safetensorsLayers, serializeSafetensors } from "./formats/safetensors.js";
export { trainNetwork, tableLoader, type NetworkTrainOptions, type NetworkTrainResult, type EpochRecord } from "./nn/train.js";
export { parseTableCsv, tableColumns, endCsvTable } from "./data/csv.js";
// Slices through parameter space and curvature by Lanczos (src/slices, src/curvature).
export { parameterName, parameterIndex, isBiasIndex } from "./slices/param-names.js";
export { normalizeDirection, NORMALIZATIONS, BIAS_RULES, type Normalization, type BiasRule } from "./slices/normalize.js";
export { randomDirections, pointDirection, axisDirection, eigenDirections, checkDirection, type EigenDirections } from "./slices/directions.js";
export { trajectoryPca, type PcaDirections } from "./slices/pca.js";
export { evaluateSlice, checkSliceSpec, slicePoint, SLICE_FIELDS, MAX_SLICE_POINTS, type SliceSpec, type SliceResult, type SliceInput, type SliceFieldName } from "./slices/slice.js";
export { projectTrajectory, type ProjectedPoint } from "./slices/projection.js";
export { parseTrajectory, trajectorySteps, trajectoryJsonChunks, MAX_TRAJECTORY_ENTRIES, MAX_TRAJECTORY_POINTS, type TrajectoryFile } from "./formats/trajectory.js";
export { hessianOperator, diagonalBlock, layerBlocks, denseOperator, type SymmetricOperator } from "./curvature/operator.js";
export { lanczos, MAX_BASIS_ENTRIES, type LanczosRun, type LanczosOptions } from "./curvature/lanczos.js";
export { tridiagonalEigen, type TridiagonalEigen } from "./curvature/tridiagonal-eigen.js";
export { extremeEigen, fixSign, DEFAULT_EIGEN_TOL, type EigenOptions, type EigenPairs, type ExtremeEigen } from "./curvature/extreme-eigen.js";
export { hutchinsonTrace, rademacherInto, type TraceEstimate } from "./curvature/hutchinson.js";
export { slqDensity, smoothMeasures, densityGrid, densityMoments, DEFAULT_DENSITY_OPTIONS, type DensityOptions, type DensitySmoothing, type SpectralDensity, type DensityMoments } from "./curvature/slq.js";
export { perLayerTopEigenvalues, topEigenvaluesPerBlock, type LayerCurvature } from "./curvature/per-layer.js";
export { denseBlock, blockLambdaMax, extremes } from "./curvature/exact.js";
export { hessianReport, countingOperator, type HessianRequest, type HessianReport, type StageListener } from "./curvature/report.js";
export { spectrumSummary, exactDensityOn, type SpectrumSummary } from "./curvature/spectrum-summary.js";

// Models: ONNX graphs and MLPs behind one interface (docs/pytorch-models.md).
export * as models from "./model/index.js";
