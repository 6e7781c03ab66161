// `layers` as a function: per-layer statistics on data (pre-activations, activations and their
// saturation, back-propagated gradients, weight-gradient norms), at the model's θ or at fresh
// initializations, one run per scheme. An MLP (mlpModel) runs on the nn engine, optionally after
// some epochs of training (Glorot & Bengio saw the top sigmoid layer saturate during training);
// an ONNX graph (graphModel) per Gemm/MatMul/Conv and the activation after it.

import { seededRandom, type Random } from "../init/random.js";
import { initializeModel, type ModelInit } from "../model/init.js";
import { modelLayerStats, type ModelLayerStats } from "../model/layer-stats.js";
import type { ModelLossName } from "../model/losses.js";
import { isMlpModel, tableOf, type MlpModel } from "../model/mlp-model.js";
import type { Model, ModelData } from "../model/model.js";
import { isGraphModel, type GraphModel } from "../model/onnx-model.js";
import { describeNetworkInit, initializeNetwork, type Gain, type NetworkInit } from "../nn/init.js";
import { layerStatistics, type LayerStats } from "../nn/layer-stats.js";
import { trainNetwork } from "../nn/train.js";
import type { LossName } from "../numerics/losses.js";
import { DEFAULT_OPTIMIZER_OPTIONS, type OptimizerName } from "../train/optimizers.js";
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from "../train/train.js";
import { modelLoss } from "./probe.js";
import { progressOf, type RunControl } from "./run-control.js";

/** layers' options: its flags in camelCase (`--after-epochs` → afterEpochs, `--batch-size` → batchSize). */
export interface LayersOptions {
  /** `--loss`: an MLP's mse (default) or bce; a model file's ce, bce, mse or "auto" (its default). */
  loss: ModelLossName | "auto";
  /**
   * `--init`, one run per entry in order: "model" measures at the model's θ (or `params`); an
   * MLP takes the nn schemes (default: pytorch), a model file model, pytorch, he, xavier, lecun
   * (default: model). Each scheme draws from its own generator seeded with `seed`.
   */
  init: ReadonlyArray<NetworkInit | ModelInit>;
  /** `--params`: θ for the "model" run; null: the model's own θ. */
  params: Float64Array | null;
  /** `--seed`: seeds every scheme's draws (and then, for an MLP, the batches' shuffle). */
  seed: number;
  /** `--gain` (MLP): gain of xavier*, lecun and orthogonal ("auto": torch's calculate_gain). */
  gain: Gain;
  /** `--after-epochs` (MLP): train this many epochs first, with the training options below. */
  afterEpochs: number;
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
  batchSize: number;
  shuffle: boolean;
  /** Add each layer's activationPercentiles (the 2/25/50/75/98 % that `--svg` draws); not in --json. */
  activationPercentiles: boolean;
}

/** The defaults of `layers` for an MLP (the network flags'). */
export const DEFAULT_LAYERS_OPTIONS: Readonly<LayersOptions> = Object.freeze({
  loss: "auto",
  init: [{ kind: "pytorch" }] as NetworkInit[],
  params: null,
  seed: 0,
  gain: 1,
  afterEpochs: 0,
  optimizer: DEFAULT_TRAIN_CONFIG.optimizer,
  lr: DEFAULT_OPTIMIZER_OPTIONS.lr,
  momentum: DEFAULT_OPTIMIZER_OPTIONS.momentum,
  batchSize: DEFAULT_TRAIN_CONFIG.batchSize,
  shuffle: false,
  activationPercentiles: false,
});
/** The defaults of `layers --model` (a model file's flags'): the file's θ, loss auto. */
export const DEFAULT_MODEL_LAYERS_OPTIONS: Readonly<LayersOptions> = Object.freeze({ ...DEFAULT_LAYERS_OPTIONS, init: ["model"] as ModelInit[] });

/** One MLP layer's statistics as `layers --json` lists them (activationPercentiles only when asked). */
export type NetworkLayerJson = Omit<LayerStats, "activationPercentiles"> & { activationPercentiles?: number[] };

/** An MLP's layers: what `layers --json` prints for a network. */
export interface NetworkLayersResult {
  /** Per run: the scheme (or the model's source, e.g. its --params path, for "model"), its layers. */
  runs: Array<{ init: string; layers: NetworkLayerJson[] }>;
}

/** A model's layers: what `layers --model FILE.onnx --json` prints. */
export interface ModelLayersResult {
  /** The model's source (its file), null when it has none. */
  model: string | null;
  loss: ModelLossName;
  samples: number;
  runs: Array<{ init: ModelInit; seed: number | null; loss: number; layers: ModelLayerStats[] }>;
}

export type LayersResult = NetworkLayersResult | ModelLayersResult;

/**
 * Per-layer statistics at each `init`. Rejects with RangeError for a model that is neither an
 * MLP nor an ONNX graph or for a scheme the model does not take, and with the signal's reason
 * when aborted (checked before each run). Progress: "measuring" (or "training and measuring N
 * starts") with the fraction of runs done.
 */
export async function layers(model: MlpModel, data: ModelData, options?: Partial<LayersOptions>, control?: RunControl): Promise<NetworkLayersResult>;
export async function layers(model: Model, data: ModelData, options?: Partial<LayersOptions>, control?: RunControl): Promise<LayersResult>;
export async function layers(model: Model, data: ModelData, options: Partial<LayersOptions> = {}, control?: RunControl): Promise<LayersResult> {
  const mlp = isMlpModel(model);
  const o: LayersOptions = { ...(mlp ? DEFAULT_LAYERS_OPTIONS : DEFAULT_MODEL_LAYERS_OPTIONS), ...options };
  const theta = o.params ?? model.theta;
  if (theta.length !== model.P) throw new RangeError(`params has ${theta.length} entries; the model has P = ${model.P} parameters`);
  const progress = progressOf(control);
  if (mlp) return networkLayers(model, theta, data, o, progress);
  if (!isGraphModel(model)) throw new RangeError("layers walks an MLP's layers (mlpModel) or an ONNX graph's nodes (graphModel)");
  return graphLayers(model, theta, data, o, progress);
}

function networkLayers(model: MlpModel, theta: Float64Array, data: ModelData, o: LayersOptions, progress: (stage: string, fraction?: number) => void): NetworkLayersResult {
  if (o.loss === "ce") throw new RangeError("an MLP has one sigmoid output: loss bce or mse");
  const loss: LossName = o.loss === "auto" ? "mse" : o.loss;
  const arch = model.architecture;
  const table = tableOf(data);
  const config: TrainConfig | null =
    o.afterEpochs > 0 ? { loss, optimizer: o.optimizer, optimizerOptions: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: o.lr, momentum: o.momentum }, batchSize: o.batchSize, epochs: o.afterEpochs, shuffle: o.shuffle } : null;
  const count = o.init.length;
  const stage = config ? `training and measuring ${count} start${count === 1 ? "" : "s"}` : "measuring";
  const runs: NetworkLayersResult["runs"] = [];
  const measure = (start: Float64Array, rng: Random): NetworkLayerJson[] => {
    progress(stage, runs.length / count);
    const stats = layerStatistics(arch, config ? trainNetwork(arch, start, table, config, rng).final : start, table, loss);
    return stats.map((l) => {
      const { index, fanIn, fanOut, preactivation, activation, backprop, weightGradNorm, biasGradNorm } = l;
      return { index, fanIn, fanOut, preactivation, activation, backprop, weightGradNorm, biasGradNorm, ...(o.activationPercentiles ? { activationPercentiles: l.activationPercentiles } : {}) };
    });
  };
  for (const init of o.init) {
    const rng = seededRandom(o.seed);
    if (init === "model") {
      runs.push({ init: model.source ?? "model", layers: measure(theta, rng) });
      continue;
    }
    if (typeof init === "string") throw new RangeError(`an MLP takes the nn init schemes ({ kind: "he" }, …) or "model" (got ${init})`);
    runs.push({ init: describeNetworkInit(init), layers: measure(initializeNetwork(arch, init, rng, o.gain, table).theta, rng) });
  }
  return { runs };
}

function graphLayers(model: GraphModel, theta: Float64Array, data: ModelData, o: LayersOptions, progress: (stage: string, fraction?: number) => void): ModelLayersResult {
  const loss = modelLoss(model, theta, data, o.loss);
  const runs = o.init.map((init, k) => {
    progress("measuring", k / o.init.length);
    if (typeof init !== "string") throw new RangeError(`a model file takes the inits model, pytorch, he, xavier, lecun (got ${describeNetworkInit(init)})`);
    const t = initializeModel(model.parameters, theta, init, seededRandom(o.seed));
    return { init, seed: init === "model" ? null : o.seed, loss: model.lossValue(t, data, loss), layers: modelLayerStats(model.graph, t, data, loss) };
  });
  return { model: model.source ?? null, loss, samples: data.x.shape[0], runs };
}
