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
// the landscape study records its paths this way, and `train --json` streams them
// (with each batch's loss before its step, one `points` call more per step). The export is called directly with a
// reused argument list: callKernel's per-call list would cost more than a small batch.

import type { Dataset } from "../data/dataset.js";
import type { Random } from "../init/random.js";
import { epochOrder } from "../train/dataloader.js";
import { checkTrainConfig, stepsPerEpoch, trainStream, type TrainConfig, type TrainSink, type TrainSummary } from "../train/train.js";
import { LOSS_CODE } from "./grid-fast.js";
import { instantiateKernel, makeMemory, type KernelExports } from "./kernel.js";
import { KERNEL_PARAMS } from "./kernel.generated.js";
import { accOffset, binaryLabels, padded, planManyLayout, RECORD_BYTES, writePadded, writeSamples } from "./layout.js";

/** Receives each epoch's end: its last batch loss, the full-data loss, the steps so far and the params. */
export type EpochSink = (epoch: number, lastStepLoss: number, epochLoss: number, steps: number, w: number, b: number) => void;

/**
 * Receives step k's params (k from 1) and its batch loss at the params before the step
 * (NaN unless asked for; always given for an epoch's last batch); fullLoss() is the
 * full-data loss at the new params (one pass over the data).
 */
export type StepSink = (k: number, w: number, b: number, stepLoss: number, fullLoss: () => number) => void;

/** From this many samples `train` and the landscape study's runs use the kernel (where it applies). */
export const FAST_TRAIN_MIN_SAMPLES = 10_000;

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
export function trainRunFast(
  data: Dataset,
  start: [number, number],
  config: TrainConfig,
  rng: Random | null,
  onEpoch?: EpochSink,
  onStep?: StepSink,
  stepLosses = false,
): FastRunSummary | null {
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
  const step = direct(k, "train_sgd", { ...common, sp: 0, n: 0, batch: B, epochs: 1, epoch0: 0, epochBytes: 0, lr: config.optimizerOptions.lr, target: 2, fp: L.fp });
  const points = direct(k, "points", { ...common, sp: 0, n: 0, out: L.out, stride: L.stride, acc: accOffset(0), full: 0 });
  /** Loss (and with full, all seven fields) of the current params over `count` records at sp. */
  const evaluate = (sp: number, count: number, full: boolean): number => {
    points(sp, count, full ? 1 : 0);
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
      const sp = records + j * B * RECORD_BYTES;
      const l = stepLosses ? evaluate(sp, B, false) : NaN;
      step(sp, B);
      onStep(e * perEpoch + j + 1, w[0], b[0], l, fullLoss);
    }
  };
  for (let e = 0; e < config.epochs; e++) {
    if (config.shuffle) writeSamples(memory.buffer, L.epochs, data, epochOrder(n, true, rng));
    headSteps(e);
    const last = evaluate(tail, n - head, false);
    step(tail, n - head);
    onStep?.((e + 1) * perEpoch, w[0], b[0], last, fullLoss);
    const full = evaluate(L.samples, n, e === config.epochs - 1);
    onEpoch?.(e, last, full, (e + 1) * perEpoch, w[0], b[0]);
  }
  return { final: [w[0], b[0]], finalLoss: out[0], accuracy: out[6 * (L.stride / 8)] };
}

/**
 * Export fn with every argument fixed but sp, n and (for points) full, called with a
 * reused argument list: callKernel builds a list per call, which would cost more than a
 * small batch's arithmetic. (train_sgd ignores the third value: it has no `full`.)
 */
function direct(k: KernelExports, fn: "train_sgd" | "points", fixed: Record<string, number>): (sp: number, n: number, full?: number) => void {
  const order: readonly string[] = KERNEL_PARAMS[fn];
  const argv = order.map((p) => fixed[p]);
  const [SP, N, FULL] = [order.indexOf("sp"), order.indexOf("n"), order.indexOf("full")];
  const call = k[fn];
  return (sp, n, full = 0) => {
    argv[SP] = sp;
    argv[N] = n;
    if (FULL >= 0) argv[FULL] = full;
    call(...argv);
  };
}

/**
 * With a step sink, batches smaller than this stay on the reference: two kernel calls per
 * step (the batch's loss, then its step) cost more than TypeScript's loop over a few
 * samples (measured at 100,000 rows: batch 2, 147 ms against 128 ms; batch 100, 52 against 59).
 */
export const STEP_SINK_MIN_BATCH = 16;

/**
 * trainStream(data, start, config, rng, sink) on the kernel when it applies (SGD, 0/1
 * labels, at least minSamples samples, and with a step callback batches of at least
 * STEP_SINK_MIN_BATCH), else trainStream itself: the same calls to the sink in the same
 * order, with train()'s numbers to ~1e-14 relative on the kernel. With a step callback
 * every batch is its own kernel call, and its loss is evaluated too.
 */
export function trainStreamFast(
  data: Dataset,
  start: [number, number],
  config: TrainConfig,
  rng: Random | null,
  sink: TrainSink,
  minSamples = FAST_TRAIN_MIN_SAMPLES,
): TrainSummary {
  const onEpoch: EpochSink | undefined = sink.epoch && ((e, last, full, k) => sink.epoch?.(e, last, full, k));
  const onStep: StepSink | undefined = sink.step && ((k, w, b, l) => sink.step?.(k, w, b, l));
  const applies = data.x.length >= minSamples && (onStep === undefined || config.batchSize >= STEP_SINK_MIN_BATCH);
  const fast = applies ? trainRunFast(data, start, config, rng, onEpoch, onStep, onStep !== undefined) : null;
  return fast ?? trainStream(data, start, config, rng, sink);
}
