// `train`: one training run, printed as the tutorial's per-epoch log or as JSON.

import { describeInit } from "../../init/initializers.js";
import type { Dataset } from "../../data/dataset.js";
import { stepsPerEpoch } from "../../train/train.js";
import { trainNeuron, type TrainNeuronOptions, type TrainNeuronRecord, type TrainNeuronResult } from "../../api/train-neuron.js";
import { TrainingDivergedError } from "../../api/train-mlp.js";
import type { Command } from "../command.js";
import { bufferedOut } from "../buffered-out.js";
import { UsageError } from "../errors.js";
import { loadTableCsv } from "../io.js";
import { CONFIG_OPTION } from "../config.js";
import { trainCost } from "../../estimate/cost.js";
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
  async run(values, io) {
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
    const json = values.get(JSON_OPTION);
    const progress = startJob(values, io, "train", trainCost(data.x.length, config.epochs, config.batchSize, json, config.optimizer === "sgd"));
    const out = bufferedOut(io);
    const options: Partial<TrainNeuronOptions> = {
      loss: config.loss, init, seed, optimizer: config.optimizer, lr: config.optimizerOptions.lr, momentum: config.optimizerOptions.momentum,
      batchSize: config.batchSize, epochs: config.epochs, shuffle: config.shuffle,
    };
    const run = async (o: Partial<TrainNeuronOptions>, onRecord: (r: TrainNeuronRecord, stage: string, fraction: number | undefined) => void): Promise<TrainNeuronResult> => {
      try {
        return await trainNeuron(data, { ...options, ...o }, { onProgress: (stage, fraction, r) => r && onRecord(r, stage, fraction) });
      } catch (err) {
        if (err instanceof TrainingDivergedError) throw new UsageError(`--lr ${config.optimizerOptions.lr}: training diverged (the parameters left the float64 range at step ${err.step}); use a smaller --lr`);
        throw err;
      }
    };
    const f = (v: number): string => v.toPrecision(7);
    if (json) {
      // Streamed as the steps happen (memory does not grow with the step count): params, then
      // stepLosses (kept up to STORED_STEPS, else from a replay of the same seeded run), then
      // the per-epoch losses and the summary; the key order is the documented one.
      const keep = steps <= STORED_STEPS ? new Float64Array(steps) : null;
      const end = await run({ steps: "report" }, (r, stage, fraction) => {
        if (r.kind === "start") out.write(`{"loss":${JSON.stringify(config.loss)},"optimizer":${JSON.stringify(config.optimizer)},"start":[${r.w},${r.b}],"params":[[${r.w},${r.b}]`);
        else if (r.kind === "step") {
          if (keep) keep[r.step - 1] = r.loss;
          out.write(`,[${r.w},${r.b}]`);
        } else progress.update(stage, fraction);
      });
      out.write(`],"stepLosses":[`);
      if (keep) {
        for (let k = 0; k < steps; k++) out.write(k === 0 ? String(keep[k]) : `,${keep[k]}`);
      } else {
        await run({ steps: "report" }, (r, _stage, fraction) => {
          if (r.kind === "step") out.write(r.step === 1 ? String(r.loss) : `,${r.loss}`);
          else if (r.kind === "epoch") progress.update("replaying the run for stepLosses", fraction);
        });
      }
      out.write(`],"epochLosses":[${end.epochLosses.join(",")}],"final":[${end.final[0]},${end.final[1]}],"finalLoss":${end.finalLoss},"accuracy":${end.accuracy}}\n`);
      out.flush();
      progress.finish();
      return 0;
    }
    // The log as the epochs happen: the heading once the start is drawn, then a line per epoch.
    const end = await run({ steps: "none" }, (r, stage, fraction) => {
      if (r.kind === "start") {
        out.write(`# ${config.loss} loss, init ${describeInit(init)} → start (${r.w}, ${r.b}), ${config.optimizer}, lr ${config.optimizerOptions.lr}, batch size ${config.batchSize}${config.shuffle ? " (shuffled)" : ""}, ${config.epochs} epochs, ${data.x.length} samples\n`);
      } else if (r.kind === "epoch") {
        out.write(`epoch = ${r.epoch}, loss = ${f(r.loss)}, full-data loss = ${f(r.fullLoss)}\n`);
        progress.update(stage, fraction);
      }
    });
    progress.finish();
    out.write(`final (w, b) = (${f(end.final[0])}, ${f(end.final[1])}), loss = ${f(end.finalLoss)}\naccuracy = ${accuracyText(end.accuracy)}\n`);
    out.flush();
    return 0;
  },
};


