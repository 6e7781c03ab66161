// `train`: one training run, printed as the tutorial's per-epoch log or as JSON.

import { describeInit, initialize, parseInit, type InitSpec } from "../../init/initializers.js";
import { seededRandom } from "../../init/random.js";
import { OPTIMIZER_NAMES, DEFAULT_OPTIMIZER_OPTIONS } from "../../train/optimizers.js";
import { train, DEFAULT_TRAIN_CONFIG, type TrainConfig, type TrainResult } from "../../train/train.js";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { loadData } from "../io.js";
import { flag, int, num, oneOf, str, type ParsedValues } from "../options.js";
import { DATA_OPTION, JSON_OPTION, LOSS_OPTION, lossValue } from "../shared-options.js";

export const INIT_HELP = "start: W,B (e.g. --init=-5,-10) or pytorch, xavier, xavier-normalized, he";
export const DEFAULT_INIT = "-5,-10";

export function initValue(values: ParsedValues, name = "init"): InitSpec {
  const text = str(values, name) ?? DEFAULT_INIT;
  const spec = parseInit(text);
  if (!spec) {
    throw new UsageError(`--${name} must be W,B with finite numbers or one of pytorch, xavier, xavier-normalized, he (got "${text}")`);
  }
  return spec;
}

/** The training flags shared by train and the figure commands. */
export function trainConfigValue(values: ParsedValues): TrainConfig {
  return {
    loss: lossValue(values),
    optimizer: oneOf(values, "optimizer", OPTIMIZER_NAMES, DEFAULT_TRAIN_CONFIG.optimizer),
    optimizerOptions: {
      ...DEFAULT_OPTIMIZER_OPTIONS,
      lr: num(values, "lr", DEFAULT_OPTIMIZER_OPTIONS.lr, { gt: 0 }),
      momentum: num(values, "momentum", DEFAULT_OPTIMIZER_OPTIONS.momentum, { ge: 0, lt: 1 }),
    },
    batchSize: int(values, "batch-size", DEFAULT_TRAIN_CONFIG.batchSize, 1),
    epochs: int(values, "epochs", DEFAULT_TRAIN_CONFIG.epochs, 1, 1_000_000),
    shuffle: flag(values, "shuffle"),
  };
}

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
    { name: "lr", type: "string", arg: "X", help: "learning rate, > 0", defaultText: "2" },
    { name: "batch-size", type: "string", arg: "N", help: "mini-batch size, whole number ≥ 1", defaultText: "2" },
    { name: "epochs", type: "string", arg: "N", help: "epochs, whole number ≥ 1", defaultText: "50" },
    { name: "shuffle", type: "boolean", help: "reshuffle the samples every epoch (seeded)" },
    { name: "optimizer", type: "string", arg: "sgd|momentum|adam", help: "update rule, as torch.optim", defaultText: "sgd" },
    { name: "momentum", type: "string", arg: "X", help: "momentum coefficient for --optimizer momentum, in [0, 1)", defaultText: "0.9" },
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
    const rng = seededRandom(seed);
    const start = initialize(init, rng);
    const result = train(data, start, config, rng);
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
