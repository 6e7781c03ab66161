// The model library: one interface (model.ts) for ONNX graphs and today's MLPs, and the
// operations every model command runs on it.

export type { Model, ModelData, ParamTensor, BufferTensor, LossGradient } from "./model.js";
export { batchOf, tensorsByName } from "./model.js";
export { graphModel, checkData } from "./onnx-model.js";
export { mlpModel, isMlpModel, modelDataOfTable, tableOf, type MlpModel } from "./mlp-model.js";
export { MODEL_LOSSES, accuracyOf, rSquared, type ModelLossName } from "./losses.js";
export { npzData, modelDataOf } from "./model-data.js";
export { readKeyed, writeKeyed } from "../formats/keyed-safetensors.js";
export { probeModel, type ModelProbe } from "./probe.js";
export { modelDenseHessian, modelHessianOperator, parameterBlocks } from "./curvature.js";
export { evaluateModelSlice } from "./slice.js";
export { evaluateModelSliceParallel, evaluateModelSliceRangeParallel, MAX_WORKER_MODEL_BYTES, type ModelSliceParallelOptions } from "./slice-parallel.js";
export { normalizeModelDirection } from "./directions.js";
export { trainModel, type ModelTrainConfig, type ModelTrainResult } from "./train.js";
export { MODEL_OPTIMIZERS, lrAt, parseSchedule, type LrSchedule, type ModelOptimizerName } from "./optimizers.js";
export { gradcheckModel } from "./gradcheck.js";
export { modelLayerStats } from "./layer-stats.js";
export { initializeModel, MODEL_INITS, type ModelInit } from "./init.js";
export { loadOnnx, MAX_MODEL_BYTES, type LoadedModel } from "../onnx/load.js";
export { encodeModelWith } from "../onnx/save.js";
export { SUPPORTED_OPS } from "../graph/registry.js";
