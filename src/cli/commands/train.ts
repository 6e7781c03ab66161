// `train`: one training run, printed as the tutorial's per-epoch log or as JSON.

import { describeInit } from "../../init/initializers.js";
import { trainFromInit } from "../../train/from-init.js";
import type { TrainResult } from "../../train/train.js";
import type { Command } from "../command.js";
import { loadData } from "../io.js";
import { flag, int, str } from "../options.js";
import { DATA_OPTION, JSON_OPTION, LOSS_OPTION } from "../shared-options.js";
import { DEFAULT_INIT, INIT_HELP, initValue, trainConfigValue, TRAINING_OPTIONS } from "../training-options.js";

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
  usage: "[--loss mse|bce] [--init=W,B|pytorch|xavier|xavier-normalized|he] [options]",
  options: [
    LOSS_OPTION,
    { name: "init", type: "string", arg: "SPEC", help: INIT_HELP, defaultText: DEFAULT_INIT },
    { name: "seed", type: "string", arg: "N", help: "seed for random inits and --shuffle", defaultText: "0" },
    ...TRAINING_OPTIONS,
    DATA_OPTION,
    JSON_OPTION,
  ],
  details: `Text output: one line per epoch, "epoch = E, loss = L" where L is the last batch's loss
(as the tutorial prints it), then the full-data loss, and finally the accuracy
(fraction of samples with (sigmoid(z) > 0.5) == y).

JSON output: {"loss", "optimizer", "start": [w,b], "params": [[w,b], ...] (steps + 1
entries, the start first), "stepLosses", "epochLosses", "final": [w,b], "finalLoss",
"accuracy"}.

Example: loss-landscape train --loss mse --init=-5,-10`,
  run(values, io) {
    const config = trainConfigValue(values);
    const init = initValue(values);
    const seed = int(values, "seed", 0, 0);
    const data = loadData(str(values, "data"));
    const result = trainFromInit(data, init, config, seed);
    const start = result.start;
    if (flag(values, "json")) {
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
