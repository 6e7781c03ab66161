// `train` as a function: an MLP (mlpModel, which carries its Architecture) trains on the nn
// engine with the network flags' options and returns what `train --json` prints for a
// network; any other Model (an ONNX graph) trains with torch.optim's rules in eval mode and
// returns what `train --model FILE.onnx --json` prints. Both add θ after the last step and
// the kept trajectory (what --save-params and --save-trajectory write).

import { isMlpModel, type MlpModel } from "../model/mlp-model.js";
import type { Model, ModelData } from "../model/model.js";
import type { RunControl } from "./run-control.js";
import { DEFAULT_MODEL_TRAIN_OPTIONS, trainGraphModel, type TrainModelOptions, type TrainModelResult } from "./train-model.js";
import { DEFAULT_TRAIN_OPTIONS, trainMlp, type TrainMlpOptions, type TrainMlpResult, type TrainProgressRecord } from "./train-mlp.js";

export { DEFAULT_TRAIN_OPTIONS, TrainingDivergedError, type TrainMlpOptions, type TrainMlpResult, type TrainMlpRecord, type TrainProgressRecord, type ParamsLayers, type SavedTrajectory } from "./train-mlp.js";
export { DEFAULT_MODEL_TRAIN_OPTIONS, type TrainModelOptions, type TrainModelResult } from "./train-model.js";

export type TrainOptions = TrainMlpOptions | TrainModelOptions;
export type TrainResult = TrainMlpResult | TrainModelResult;

/**
 * Trains `model` on `data` from its θ (or options.params, or an MLP's options.init) and returns
 * the run. Throws RangeError for options out of range, TrainingDivergedError when the loss or θ
 * leaves the float64 range, and the signal's reason when aborted (checked after every step).
 * onProgress gets ("training", epochs done / epochs) after each epoch.
 */
export async function train(model: MlpModel, data: ModelData, options?: Partial<TrainMlpOptions>, control?: RunControl<TrainProgressRecord>): Promise<TrainMlpResult>;
export async function train(model: Model, data: ModelData, options?: Partial<TrainModelOptions>, control?: RunControl): Promise<TrainModelResult>;
export async function train(model: Model, data: ModelData, options: Partial<TrainOptions> = {}, control?: RunControl<TrainProgressRecord>): Promise<TrainResult> {
  if (isMlpModel(model)) return trainMlp(model, data, { ...DEFAULT_TRAIN_OPTIONS, ...(options as Partial<TrainMlpOptions>) }, control);
  return trainGraphModel(model, data, { ...DEFAULT_MODEL_TRAIN_OPTIONS, ...(options as Partial<TrainModelOptions>) }, control as RunControl);
}
