// `layers`: per-layer statistics of a network at its init (or at a params file), the
// tutorial's criteria for a good start measured on data, for one or several init schemes.
// The flags, the network and data they name, and the table or figure; the statistics are
// api/layers.ts's.

import { describeArchitecture, parameterCount, type Architecture } from "../../nn/architecture.js";
import type { LayerStats } from "../../nn/layer-stats.js";
import { layers, type NetworkLayerJson } from "../../api/layers.js";
import { mlpModel, modelDataOfTable } from "../../model/mlp-model.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { UsageError } from "../errors.js";
import { checkedArchitecture, loadParamsModel, loadTable, printWarnings } from "../network-io.js";
import {
  paramsRun,
  ACTIVATION_OPTION,
  DATA_SEED_OPTION,
  GAIN_OPTION,
  HIDDEN_OPTION,
  NET_DATA_OPTION,
  NET_INIT_OPTION,
  NOISE_OPTION,
  PARAMS_OPTION,
  SAMPLES_OPTION,
} from "../network-options.js";
import { intOption, valueOption } from "../options.js";
import { writeChunksAtomic } from "../io.js";
import { checkOutFile } from "../out-path.js";
import { layerStatsInput } from "../../landscape/network-layer-stats.js";
import { renderLayerStats } from "../../render/figures/layer-stats.js";
import { runColor } from "../../render/palette.js";
import { JSON_OPTION, LOSS_OPTION, seedOption } from "../shared-options.js";
import { MAX_EPOCHS, trainConfigValue, trainingOptions } from "../training-options.js";
import { stepsPerEpoch } from "../../train/train.js";
import { layersCost, networkMemory } from "../../estimate/cost.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";

const SEED_OPTION = seedOption("seed of the init draws (and then of --shuffle)");
/** Train first (Glorot & Bengio saw the top sigmoid layer saturate during training, not at init). */
const AFTER_EPOCHS_OPTION = intOption({ name: "after-epochs", help: "train this many epochs first, with the training flags below", default: 0, min: 0, max: MAX_EPOCHS });

// Checked when parsed, so a bad path costs nothing (writeChunksAtomic checks again).
const SVG_OPTION = valueOption<string | undefined>({
  name: "svg",
  arg: "FILE",
  help: "also write layer-stats.svg, the figure of these statistics, to FILE (atomically)",
  default: undefined,
  parse: (t) => (checkOutFile(t, "--svg"), t),
});

/** The JSON fields of one layer, in the documented order (without the figure's percentiles). */
function layerJson(l: NetworkLayerJson): object {
  return {
    index: l.index,
    fanIn: l.fanIn,
    fanOut: l.fanOut,
    preactivation: l.preactivation,
    activation: l.activation,
    backprop: l.backprop,
    weightGradNorm: l.weightGradNorm,
    biasGradNorm: l.biasGradNorm,
  };
}

function textTable(title: string, layers: NetworkLayerJson[]): string {
  const g = (v: number): string => v.toPrecision(4).padStart(11);
  const head = "layer  fan_in fan_out  z mean      z std       a mean      a std       saturated   δ std       |∇W|        |∇b|";
  const rows = layers.map(
    (l) =>
      `${String(l.index).padStart(5)} ${String(l.fanIn).padStart(7)} ${String(l.fanOut).padStart(7)} ${g(l.preactivation.mean)} ${g(l.preactivation.std)} ${g(l.activation.mean)} ${g(l.activation.std)} ${g(l.activation.saturated)} ${g(l.backprop.std)} ${g(l.weightGradNorm)} ${g(l.biasGradNorm)}`,
  );
  return [title, head, ...rows].join("\n") + "\n";
}

export const layersCommand: Command = {
  name: "layers",
  summary: "Per-layer statistics of a network on data: activations, saturation, back-propagated gradients, per init scheme.",
  options: [HIDDEN_OPTION, ACTIVATION_OPTION, NET_DATA_OPTION, SAMPLES_OPTION, NOISE_OPTION, DATA_SEED_OPTION, NET_INIT_OPTION, GAIN_OPTION, SEED_OPTION, PARAMS_OPTION, LOSS_OPTION, ...trainingOptions(AFTER_EPOCHS_OPTION), JSON_OPTION, SVG_OPTION, CONFIG_OPTION, ...PROGRESS_OPTIONS],
  details: `For each layer, the σ output included: preactivation {mean, std} and activation {mean, std,
saturated} over all units × samples (population std; saturated = σ < 0.01 or > 0.99, |tanh| or
|softsign| > 0.99, relu z ≤ 0, never for linear), backprop {mean, std} of ∂ℓ_i/∂z (one
sample's loss), weightGradNorm and biasGradNorm (Frobenius norms of the mean loss's gradient).
JSON output, one shape for any number of --init: {"runs":[{"init" (the scheme, or the
--params path), "layers":[{"index","fanIn","fanOut","preactivation","activation","backprop",
"weightGradNorm","biasGradNorm"}, …]}, …]}, one run per --init in the order given.
--params FILE: the file's layers give the hidden widths (--hidden, if given, must agree).
Each scheme draws from its own generator seeded with --seed, which then also shuffles
batches when --after-epochs K > 0 trains first (PyTorch semantics, as train).
--svg FILE also draws the statistics (Glorot & Bengio 2010, figs. 6–7): per layer the
activations' 2/25/50/75/98 % percentiles, one box per scheme side by side, and the std of
∂ℓ_i/∂z per layer on a log axis.`,
  async run(values, io) {
    const data = loadTable(values.get(NET_DATA_OPTION), values.get(SAMPLES_OPTION), values.get(NOISE_OPTION), values.get(DATA_SEED_OPTION));
    const loss = values.get(LOSS_OPTION);
    const paramsPath = values.get(PARAMS_OPTION);
    if (paramsPath !== undefined && values.given(NET_INIT_OPTION)) throw new UsageError("--params and --init exclude each other");
    // --params: the file's layers give the hidden widths (an explicit --hidden must agree).
    const fromFile = paramsPath !== undefined ? loadParamsModel(paramsPath, data.inputs, paramsRun(values, loss)) : null;
    if (fromFile) printWarnings(io, "layers", fromFile.warnings);
    const arch: Architecture = fromFile?.arch ?? checkedArchitecture({ inputs: data.inputs, hidden: values.get(HIDDEN_OPTION), activation: values.get(ACTIVATION_OPTION) });
    const inits = values.get(NET_INIT_OPTION);
    const epochs = values.get(AFTER_EPOCHS_OPTION);
    const config = epochs > 0 ? trainConfigValue(values, loss, AFTER_EPOCHS_OPTION) : null;
    const count = paramsPath !== undefined ? 1 : inits.length;
    const steps = config ? stepsPerEpoch(data.y.length, config.batchSize) * epochs : 0;
    const progress = startJob(values, io, "layers", { ...layersCost(count, data.y.length, parameterCount(arch), epochs, steps), memory: networkMemory(arch, data.y.length) });
    const svgPath = values.get(SVG_OPTION);
    // --params: one run at the file's θ (named by its path); else every scheme draws its own θ.
    const model = fromFile && paramsPath !== undefined ? mlpModel(arch, fromFile.theta, paramsPath) : mlpModel(arch, new Float64Array(parameterCount(arch)));
    const training = config ? { optimizer: config.optimizer, lr: config.optimizerOptions.lr, momentum: config.optimizerOptions.momentum, batchSize: config.batchSize, shuffle: config.shuffle } : {};
    const options = { loss, init: fromFile ? ["model" as const] : inits, seed: values.get(SEED_OPTION), gain: values.get(GAIN_OPTION), afterEpochs: epochs, ...training, activationPercentiles: svgPath !== undefined };
    const { runs } = await layers(model, modelDataOfTable(data), options, { onProgress: (s, f) => progress.update(s, f) });
    progress.finish();
    const trained = config ? `, after ${epochs} epochs of ${config.optimizer} (lr ${config.optimizerOptions.lr}, batch ${config.batchSize})` : "";
    const shape = `${describeArchitecture(arch)}, ${loss}, ${data.y.length} samples of ${data.source}${trained}`;
    if (svgPath !== undefined) {
      // jsdom only here: renderers receive the document, they never create one.
      const { JSDOM } = await import("jsdom");
      const doc = new JSDOM("<!DOCTYPE html><html><body></body></html>").window.document;
      const input = layerStatsInput({
        heading: { title: "Activations and back-propagated gradients, layer by layer", subtitle: shape },
        idPrefix: "layer-stats",
        activation: arch.activation,
        context: shape,
        runs: runs.map((r, k) => ({ label: r.init, color: runColor(k), layers: r.layers as LayerStats[] })),
      });
      writeChunksAtomic(svgPath, [renderLayerStats(doc, input)], "--svg");
    }
    if (values.get(JSON_OPTION)) {
      // One shape whatever the number of runs: a list of runs, each with its layers.
      const doc = { runs: runs.map((r) => ({ init: r.init, layers: r.layers.map(layerJson) })) };
      io.out(JSON.stringify(doc) + "\n");
      return 0;
    }
    io.out(runs.map((r) => textTable(`${shape}, ${r.init}`, r.layers)).join("\n"));
    return 0;
  },
};
