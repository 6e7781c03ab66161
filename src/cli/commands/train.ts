// `train`: one training run, printed as the tutorial's per-epoch log or as JSON.

import { describeInit } from "../../init/initializers.js";
import { seededStart } from "../../train/from-init.js";
import type { Dataset } from "../../data/dataset.js";
import type { Random } from "../../init/random.js";
import { FAST_TRAIN_MIN_SAMPLES, trainRunFast, trainStreamFast } from "../../fast/train-fast.js";
import { stepsPerEpoch, trainStream, type TrainConfig } from "../../train/train.js";
import type { Command } from "../command.js";
import { bufferedOut } from "../buffered-out.js";
import { UsageError } from "../errors.js";
import { loadTableCsv } from "../io.js";
import { CONFIG_OPTION } from "../config.js";
import { trainCost } from "../estimate.js";
import type { Progress } from "../progress.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { JSON_OPTION, LOSS_OPTION, seedOption } from "../shared-options.js";
import { trainConfigValue, trainingOptions } from "../training-options.js";
import { seedDataset } from "../../data/dataset.js";
import { isDataName } from "../../nn/datasets.js";
import { MODEL_DATA_OPTION } from "../network-options.js";
import { NETWORK_TRAIN_OPTIONS, networkFlagsGiven, runNetworkTrain, TRAIN_INIT_OPTION } from "../network-train.js";
import { networkTable } from "../network-probe.js";
import { accuracyText } from "../human-number.js";

const SEED_OPTION = seedOption("seed for random inits and --shuffle");

/** Steps whose losses streamJson keeps (8 MB); longer runs replay for stepLosses instead. */
const STORED_STEPS = 1 << 20;

export const trainCommand: Command = {
  name: "train",
  summary: "Train p = sigmoid(w·x + b), or a network, with mini-batch SGD (PyTorch semantics) and print the run.",
  options: [LOSS_OPTION, TRAIN_INIT_OPTION, SEED_OPTION, ...trainingOptions(), MODEL_DATA_OPTION, ...NETWORK_TRAIN_OPTIONS, JSON_OPTION, CONFIG_OPTION, ...PROGRESS_OPTIONS],
  details: `Text output: one line per epoch, "epoch = E, loss = L" where L is the last batch's loss
(as the tutorial prints it), then the full-data loss, and finally the accuracy
(fraction of samples with (sigmoid(z) > 0.5) == y).

JSON output: {"loss", "optimizer", "start": [w,b], "params": [[w,b], ...] (steps + 1
entries, the start first), "stepLosses", "epochLosses", "final": [w,b], "finalLoss",
"accuracy"}.

A network (any of --hidden, --activation, --params, --gain, --samples, --noise,
--data-seed, --save-params, --save-trajectory, --every; an --init only networks have; --data
naming a built-in 2-D set or a CSV with x1,…,xd,y) trains from --params or --init/--seed
(default pytorch; -5,-10 when the network is the one neuron). Text: the start (epoch 0) and
at most 20 epochs' full-data loss, accuracy and |grad|. JSON: {"loss", "optimizer",
"architecture": {"inputs", "hidden", "activation"}, "parameters", "start" and "final" (params
JSON: {"layers":[{"weight","bias"}]}), "epochs": [{"epoch", "loss", "accuracy", "gradNorm"}]
(one per epoch, at its end, over the full data; ‖∇L‖ of the full-data mean loss), "finalLoss",
"accuracy", "gradNorm"}. --save-trajectory: {"every", "steps", "points"}, θ flat in
parameters_to_vector order after steps 0, K, 2K, … and the last.

Example: loss-landscape train --loss mse --init=-5,-10
         loss-landscape train --data moons --hidden 16,16 --init he --loss bce --lr 0.1 --json`,
  run(values, io) {
    const config = trainConfigValue(values, values.get(LOSS_OPTION));
    const initSpec = values.get(TRAIN_INIT_OPTION);
    const seed = values.get(SEED_OPTION);
    const dataSpec = values.given(MODEL_DATA_OPTION) ? values.get(MODEL_DATA_OPTION) : undefined;
    const csv = dataSpec !== undefined && !isDataName(dataSpec) ? loadTableCsv(dataSpec) : null;
    if (networkFlagsGiven(values, initSpec, dataSpec) || (csv !== null && csv.inputs > 1)) {
      return runNetworkTrain(values, config, initSpec, seed, csv ?? networkTable(values, dataSpec), values.get(JSON_OPTION), io);
    }
    const init = initSpec.neuron!;
    const data: Dataset = csv ? { x: csv.x, y: csv.y, source: csv.source } : seedDataset();
    const steps = stepsPerEpoch(data.x.length, config.batchSize) * config.epochs;
    // A fresh seeded stream each time, so a second pass replays the same run exactly.
    const fresh = (): { start: [number, number]; rng: Random } => seededStart(init, seed);
    const out = bufferedOut(io);
    const guard = (k: number, w: number, b: number, l: number): void => {
      if (!(Number.isFinite(w) && Number.isFinite(b) && Number.isFinite(l))) {
        throw new UsageError(`--lr ${config.optimizerOptions.lr}: training diverged (the parameters left the float64 range at step ${k}); use a smaller --lr`);
      }
    };
    const json = values.get(JSON_OPTION);
    const progress = startJob(values, io, "train", trainCost(data.x.length, config.epochs, config.batchSize, json, config.optimizer === "sgd"));
    if (json) {
      streamJson(data, config, fresh, steps, out, guard, progress);
      out.flush();
      progress.finish();
      return 0;
    }
    const { start, rng } = fresh();
    const f = (v: number): string => v.toPrecision(7);
    out.write(`# ${config.loss} loss, init ${describeInit(init)} → start (${start[0]}, ${start[1]}), ${config.optimizer}, lr ${config.optimizerOptions.lr}, batch size ${config.batchSize}${config.shuffle ? " (shuffled)" : ""}, ${config.epochs} epochs, ${data.x.length} samples\n`);
    const epoch = (e: number, last: number, full: number): void => {
      out.write(`epoch = ${e}, loss = ${f(last)}, full-data loss = ${f(full)}\n`);
      progress.update("training", (e + 1) / config.epochs);
    };
    // Large data on the WebAssembly kernel (SGD; train()'s numbers to ~1e-14 relative),
    // checked for divergence at each epoch's end; otherwise the reference, step by step.
    const end =
      (data.x.length >= FAST_TRAIN_MIN_SAMPLES
        ? trainRunFast(data, start, config, rng, (e, last, full, k, w, b) => {
            guard(k, w, b, last);
            epoch(e, last, full);
          })
        : null) ?? trainStream(data, start, config, rng, { step: guard, epoch });
    progress.finish();
    out.write(`final (w, b) = (${f(end.final[0])}, ${f(end.final[1])}), loss = ${f(end.finalLoss)}\naccuracy = ${accuracyText(end.accuracy)}\n`);
    out.flush();
    return 0;
  },
};


/**
 * The --json object, streamed: params as the steps happen, then stepLosses (kept when
 * there are at most STORED_STEPS, otherwise from a replay of the same seeded run), then
 * the per-epoch losses (one number per epoch) and the summary. Memory does not grow
 * with the step count; the key order is the documented one.
 */
function streamJson(
  data: Dataset,
  config: TrainConfig,
  fresh: () => { start: [number, number]; rng: Random },
  steps: number,
  out: { write(t: string): void },
  guard: (k: number, w: number, b: number, l: number) => void,
  progress: Progress,
): void {
  const { start, rng } = fresh();
  const keep = steps <= STORED_STEPS ? new Float64Array(steps) : null;
  const epochLosses = new Float64Array(config.epochs);
  out.write(`{"loss":${JSON.stringify(config.loss)},"optimizer":${JSON.stringify(config.optimizer)},"start":[${start[0]},${start[1]}],"params":[[${start[0]},${start[1]}]`);
  // From FAST_TRAIN_MIN_SAMPLES samples (SGD) on the kernel, one call per batch.
  const end = trainStreamFast(data, start, config, rng, {
    step(k, w, b, l) {
      guard(k, w, b, l);
      if (keep) keep[k - 1] = l;
      out.write(`,[${w},${b}]`);
    },
    epoch: (e, _last, full) => {
      epochLosses[e] = full;
      progress.update("training", (e + 1) / config.epochs);
    },
  });
  out.write(`],"stepLosses":[`);
  if (keep) {
    for (let k = 0; k < steps; k++) out.write(k === 0 ? String(keep[k]) : `,${keep[k]}`);
  } else {
    const again = fresh();
    trainStreamFast(data, again.start, config, again.rng, {
      step: (k, _w, _b, l) => out.write(k === 1 ? String(l) : `,${l}`),
      epoch: (e) => progress.update("replaying the run for stepLosses", (e + 1) / config.epochs),
    });
  }
  out.write(`],"epochLosses":[${epochLosses.join(",")}],"final":[${end.final[0]},${end.final[1]}],"finalLoss":${end.finalLoss},"accuracy":${end.accuracy}}\n`);
}
