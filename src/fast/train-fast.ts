// One training run (train() in src/train/train.ts) on the WebAssembly kernel, reporting
// each epoch as it ends and keeping nothing per step: for large data sets, where the
// TypeScript loop's Math.exp per sample dominates. Memory: two copies of the samples as
// kernel records (24 bytes each), whatever the epoch count.
//
// Per epoch: train_sgd over all batches but the last (one call), the last batch's loss at
// the params before its step (the `points` kernel over that batch: the "loss" the
// tutorial prints), its step (train_sgd over that batch), then the full-data loss
// (`points` over the data). The arithmetic is the reference's, as in trainManyFast;
// results agree with train() to ~1e-15 relative (test/fast-train.test.ts). SGD and 0/1
// labels only: otherwise the caller runs the reference.
//
// With a step sink every batch is its own train_sgd call, so the sink sees each step's
// params (and may ask for the full-data loss there) as trainStream's step callback does:
// the landscape study records its paths this way. The export is called directly with a
// reused argument list: callKernel's per-call list would cost more than a small batch.

import type { Dataset } from "../data/dataset.js";
import type { Random } from "../init/random.js";
import { epochOrder } from "../train/dataloader.js";
import { checkTrainConfig, stepsPerEpoch, type TrainConfig } from "../train/train.js";
import { LOSS_CODE } from "./grid-fast.js";
import { callKernel, instantiateKernel, makeMemory } from "./kernel.js";
import { KERNEL_PARAMS } from "./kernel.generated.js";
import { accOffset, binaryLabels, padded, planManyLayout, RECORD_BYTES, writePadded, writeSamples } from "./layout.js";

/** Receives each epoch's end: its last batch loss, the full-data loss, the steps so far and the params. */
export type EpochSink = (epoch: number, lastStepLoss: number, epochLoss: number, steps: number, w: number, b: number) => void;

/** Receives step k's params (k from 1); fullLoss() is the full-data loss at them (one pass over the data). */
export type StepSink = (k: number, w: number, b: number, fullLoss: () => number) => void;

export interface FastRunSummary {
  final: [number, number];
  finalLoss: number;
  /** Fraction of samples with (σ(z) > 0.5) == y at the final params. */
  accuracy: number;
}

/** Whether trainRunFast can run this configuration (else it returns null). */
export function fastRunApplies(data: Dataset, config: TrainConfig): boolean {
  return config.optimizer === "sgd" && data.x.length > 0 && binaryLabels(data);
}

/**
 * train(data, start, config, rng) on the kernel, epoch by epoch, or null when the
 * configuration needs the reference (fastRunApplies). rng is needed only with shuffle
 * and is drawn from exactly as the reference's DataLoader draws.
 */
export function trainRunFast(data: Dataset, start: [number, number], config: TrainConfig, rng: Random | null, onEpoch?: EpochSink, onStep?: StepSink): FastRunSummary | null {
  checkTrainConfig(config);
  if (!fastRunApplies(data, config)) return null;
  if (config.shuffle && !rng) throw new Error("epochOrder: shuffle needs a seeded Random");
  const n = data.x.length;
  const B = config.batchSize;
  const L = planManyLayout(n, 1, 1, config.shuffle);
  const memory = makeMemory(L.bytes, `training over ${n} samples`);
  const k = instantiateKernel(memory);
  writeSamples(memory.buffer, L.samples, data);
  writePadded(memory.buffer, L.wp, Float64Array.of(start[0]));
  writePadded(memory.buffer, L.bp, Float64Array.of(start[1]));
  // "Already reached": the kernel skips its per-epoch accuracy pass, which this run never reads.
  new Float64Array(memory.buffer, L.fp, padded(1)).fill(0);
  const out = new Float64Array(memory.buffer, L.out, 7 * (L.stride / 8));
  const w = new Float64Array(memory.buffer, L.wp, 1);
  const b = new Float64Array(memory.buffer, L.bp, 1);
  const loss = LOSS_CODE[config.loss];
  const perEpoch = stepsPerEpoch(n, B);
  const head = (perEpoch - 1) * B;
  const records = config.shuffle ? L.epochs : L.samples;
  const tail = records + head * RECORD_BYTES;
  const common = { loss, wp: L.wp, bp: L.bp, lo: 0, hi: 1 };
  const stepArgs: Record<string, number> = { ...common, sp: 0, n: 0, batch: B, epochs: 1, epoch0: 0, epochBytes: 0, lr: config.optimizerOptions.lr, target: 2, fp: L.fp };
  const argv = KERNEL_PARAMS.train_sgd.map((p) => stepArgs[p]);
  const [SP, N] = [KERNEL_PARAMS.train_sgd.indexOf("sp"), KERNEL_PARAMS.train_sgd.indexOf("n")];
  const trainSgd = k.train_sgd;
  /** All batches of `count` records at sp (one step each), in one kernel call. */
  const step = (sp: number, count: number): void => {
    argv[SP] = sp;
    argv[N] = count;
    trainSgd(...argv);
  };
  /** Loss (and with full, all seven fields) of the current params over `count` records at sp. */
  const evaluate = (sp: number, count: number, full: boolean): number => {
    callKernel(k, "points", { ...common, sp, n: count, out: L.out, stride: L.stride, acc: accOffset(0), full: full ? 1 : 0 });
    return out[0];
  };
  const fullLoss = (): number => evaluate(L.samples, n, false);
  /** The batches before the last, each step reported (onStep) or all in one call. */
  const headSteps = (e: number): void => {
    if (!onStep) {
      if (head > 0) step(records, head);
      return;
    }
    for (let j = 0; j < perEpoch - 1; j++) {
      step(records + j * B * RECORD_BYTES, B);
      onStep(e * perEpoch + j + 1, w[0], b[0], fullLoss);
    }
  };
  for (let e = 0; e < config.epochs; e++) {
    if (config.shuffle) writeSamples(memory.buffer, L.epochs, data, epochOrder(n, true, rng));
    headSteps(e);
    const last = evaluate(tail, n - head, false);
    step(tail, n - head);
    onStep?.((e + 1) * perEpoch, w[0], b[0], fullLoss);
    const full = evaluate(L.samples, n, e === config.epochs - 1);
    onEpoch?.(e, last, full, (e + 1) * perEpoch, w[0], b[0]);
  }
  return { final: [w[0], b[0]], finalLoss: out[0], accuracy: out[6 * (L.stride / 8)] };
}
