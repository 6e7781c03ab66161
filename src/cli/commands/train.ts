// `train`: one training run, printed as the tutorial's per-epoch log or as JSON.

import { describeInit } from "../../init/initializers.js";
import { trainFromInit } from "../../train/from-init.js";
import type { TrainResult } from "../../train/train.js";
import type { Command } from "../command.js";
import { loadData } from "../io.js";
import { CONFIG_OPTION } from "../config.js";
import { DATA_OPTION, JSON_OPTION, LOSS_OPTION, seedOption } from "../shared-options.js";
import { INIT_OPTION, trainConfigValue, trainingOptions } from "../training-options.js";

const SEED_OPTION = seedOption("seed for random inits and --shuffle");

/** The JSON object `train --json` prints. */
export function trainJson(r: TrainResult): Record<string, unknown> {
  const params: Array<[number, number]> = [];
  for (let i = 0; i < r.w.length; i++) params.push([r.w[i], r.b[i]]);
  return {
    loss: r.loss,
    optimizer: r.optimizer,
    start: r.start,
    params,
    stepLosses: Array.from(r.stepLosses),
    epochLosses: Array.from(r.epochLosses),
    final: r.final,
    finalLoss: r.finalLoss,
    accuracy: r.accuracy,
  };
}

export const trainCommand: Command = {
  name: "train",
  summary: "Train p = sigmoid(w·x + b) with mini-batch SGD (PyTorch semantics) and print the run.",
  options: [LOSS_OPTION, INIT_OPTION, SEED_OPTION, ...trainingOptions(), DATA_OPTION, JSON_OPTION, CONFIG_OPTION],
  details: `Text output: one line per epoch, "epoch = E, loss = L" where L is the last batch's loss
(as the tutorial prints it), then the full-data loss, and finally the accuracy
(fraction of samples with (sigmoid(z) > 0.5) == y).

JSON output: {"loss", "optimizer", "start": [w,b], "params": [[w,b], ...] (steps + 1
entries, the start first), "stepLosses", "epochLosses", "final": [w,b], "finalLoss",
"accuracy"}.

Example: loss-landscape train --loss mse --init=-5,-10`,
  run(values, io) {
    const config = trainConfigValue(values, values.get(LOSS_OPTION));
    const init = values.get(INIT_OPTION);
    const seed = values.get(SEED_OPTION);
    const data = loadData(values.get(DATA_OPTION));
    const result = trainFromInit(data, init, config, seed);
    const start = result.start;
    if (values.get(JSON_OPTION)) {
      io.out(JSON.stringify(trainJson(result)) + "\n");
      return 0;
    }
    const f = (v: number): string => v.toPrecision(7);
    const lines = [
      `# ${config.loss} loss, init ${describeInit(init)} → start (${start[0]}, ${start[1]}), ${config.optimizer}, lr ${config.optimizerOptions.lr}, batch size ${config.batchSize}${config.shuffle ? " (shuffled)" : ""}, ${config.epochs} epochs, ${data.x.length} samples`,
    ];
    for (let e = 0; e < config.epochs; e++) {
      const lastStep = result.epochEnds[e] - 1;
      lines.push(`epoch = ${e}, loss = ${f(result.stepLosses[lastStep])}, full-data loss = ${f(result.epochLosses[e])}`);
    }
    lines.push(`final (w, b) = (${f(result.final[0])}, ${f(result.final[1])}), loss = ${f(result.finalLoss)}`);
    lines.push(`accuracy = ${result.accuracy}`);
    io.out(lines.join("\n") + "\n");
    return 0;
  },
};
