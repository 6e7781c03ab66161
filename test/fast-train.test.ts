// trainRunFast (one run on the WebAssembly kernel, epoch by epoch) against train(), the
// TypeScript reference: final params, final loss, accuracy, and every epoch's params,
// last batch loss and full-data loss agree to 1e-12 relative (the kernel's exp is within 1 ulp of
// Math.exp and BCE's log1p is block-summed; both move results by ~1e-15). Shuffled runs
// draw the same orders from the same seeded stream.

import { accuracyText } from "../src/cli/human-number.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seedDataset, type Dataset } from "../src/data/dataset.js";
import { fastRunApplies, STEP_SINK_MIN_BATCH, trainRunFast, trainStreamFast } from "../src/fast/train-fast.js";
import { seededRandom } from "../src/init/random.js";
import { DEFAULT_TRAIN_CONFIG, train, trainStream, type TrainConfig, type TrainSink } from "../src/train/train.js";
import { runCli } from "./run-cli.js";

function randomData(n: number, seed: number): Dataset {
  const rng = seededRandom(seed);
  const d: Dataset = { x: new Float64Array(n), y: new Float64Array(n), source: "random" };
  for (let i = 0; i < n; i++) {
    d.x[i] = 4 * (2 * rng() - 1);
    d.y[i] = d.x[i] + 0.8 * (2 * rng() - 1) > 0.3 ? 1 : 0;
  }
  return d;
}

/** Runs `use` with data written as a CSV file in a temporary folder (removed after). */
function withCsv(data: Dataset, use: (csv: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "ll-fast-train-"));
  try {
    const csv = join(dir, "d.csv");
    writeFileSync(csv, "x,y\n" + Array.from(data.x, (x, i) => `${x},${data.y[i]}`).join("\n") + "\n");
    use(csv);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

function compare(data: Dataset, start: [number, number], config: TrainConfig): number {
  const ref = train(data, start, config, config.shuffle ? seededRandom(11) : null);
  const epochs: Array<[number, number, number, number, number]> = [];
  const fast = trainRunFast(data, start, config, config.shuffle ? seededRandom(11) : null, (e, last, full, steps, w, b) => epochs.push([last, full, steps, w, b]));
  expect(fast).not.toBeNull();
  if (!fast) return Infinity;
  expect(fast.accuracy).toBe(ref.accuracy);
  expect(epochs.length).toBe(config.epochs);
  let worst = Math.max(rel(fast.final[0], ref.final[0]), rel(fast.final[1], ref.final[1]), rel(fast.finalLoss, ref.finalLoss));
  epochs.forEach(([last, full, steps, w, b], e) => {
    const k = ref.epochEnds[e];
    expect(steps).toBe(k);
    worst = Math.max(worst, rel(last, ref.stepLosses[k - 1]), rel(full, ref.epochLosses[e]), rel(w, ref.w[k]), rel(b, ref.b[k]));
  });
  expect(worst).toBeLessThan(1e-12);
  return worst;
}

describe("trainRunFast equals train()", () => {
  it("the seed runs: MSE stalls at accuracy 0.575, cross-entropy reaches 1", () => {
    const data = seedDataset();
    for (const loss of ["mse", "bce"] as const) compare(data, [-5, -10], { ...DEFAULT_TRAIN_CONFIG, loss });
  });

  for (const loss of ["mse", "bce"] as const) {
    for (const [n, batchSize, shuffle] of [[1001, 7, true], [1001, 1, false], [5000, 5000, false], [3000, 64, true], [999, 1000, true]] as const) {
      it(`${loss}, ${n} samples, batch ${batchSize}${shuffle ? ", shuffled" : ""}`, () => {
        const lr = { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr: 0.5 };
        const worst = compare(randomData(n, n + batchSize), [-3, 4], { ...DEFAULT_TRAIN_CONFIG, loss, batchSize, shuffle, epochs: 6, optimizerOptions: lr });
        console.log(`${loss} n=${n} batch ${batchSize}: max relative deviation ${worst.toExponential(2)}`);
      });
    }
  }

  it("momentum, adam and labels other than 0/1 are left to the reference (null)", () => {
    const data = seedDataset();
    expect(trainRunFast(data, [0, 0], { ...DEFAULT_TRAIN_CONFIG, optimizer: "adam" }, null)).toBeNull();
    expect(trainRunFast(data, [0, 0], { ...DEFAULT_TRAIN_CONFIG, optimizer: "momentum" }, null)).toBeNull();
    const soft: Dataset = { ...data, y: data.y.map((v) => v * 0.5) };
    expect(fastRunApplies(soft, DEFAULT_TRAIN_CONFIG)).toBe(false);
    expect(fastRunApplies(data, DEFAULT_TRAIN_CONFIG)).toBe(true);
  });

  it("`train --data` with 12,000 rows (the kernel path) prints train()'s numbers", () => {
    const data = randomData(12_000, 4);
    withCsv(data, (csv) => {
      const r = runCli(["train", "--data", csv, "--loss", "bce", "--epochs", "4", "--batch-size", "16", "--shuffle", "--seed", "3", "--lr", "0.5"]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const rng = seededRandom(3);
      const ref = train(data, [-5, -10], { ...DEFAULT_TRAIN_CONFIG, loss: "bce", epochs: 4, batchSize: 16, shuffle: true, optimizerOptions: { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr: 0.5 } }, rng);
      const lines = r.stdout.trimEnd().split("\n");
      const nums = (line: string): number[] => Array.from(line.matchAll(/-?\d+\.\d+(?:e[-+]\d+)?/g), (m) => Number(m[0]));
      for (let e = 0; e < 4; e++) {
        const [last, full] = nums(lines[1 + e]);
        expect(last).toBeCloseTo(ref.stepLosses[ref.epochEnds[e] - 1], 5);
        expect(rel(full, ref.epochLosses[e])).toBeLessThan(1e-6);
      }
      const [w, b, loss] = nums(lines[5]);
      expect(rel(w, ref.final[0])).toBeLessThan(1e-6);
      expect(rel(b, ref.final[1])).toBeLessThan(1e-6);
      expect(rel(loss, ref.finalLoss)).toBeLessThan(1e-6);
      expect(lines[6]).toBe(`accuracy = ${accuracyText(ref.accuracy)}`);
    });
  });
});

describe("trainStreamFast: trainStream's sink calls, on the kernel from minSamples", () => {
  /** Every sink call of a run, flattened: ["s", k, w, b, loss] per step, ["e", e, last, full, k] per epoch. */
  function record(run: (sink: TrainSink) => unknown): Array<Array<string | number>> {
    const calls: Array<Array<string | number>> = [];
    run({ step: (k, w, b, l) => void calls.push(["s", k, w, b, l]), epoch: (e, last, full, k) => void calls.push(["e", e, last, full, k]) });
    return calls;
  }

  it.each([
    ["mse", 37, false],
    ["bce", 16, true],
    ["bce", 2000, false],
  ] as const)("%s, batch %i, shuffle %s: every step's params and batch loss, every epoch, to 1e-12", (loss, batchSize, shuffle) => {
    const data = randomData(2500, batchSize);
    const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss, batchSize, shuffle, epochs: 3, optimizerOptions: { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr: 0.5 } };
    const ref = record((sink) => trainStream(data, [-3, 4], config, seededRandom(9), sink));
    const fast = record((sink) => trainStreamFast(data, [-3, 4], config, seededRandom(9), sink, 1000));
    expect(fast.length).toBe(ref.length);
    fast.forEach((c, i) => {
      expect(c[0], `call ${i}`).toBe(ref[i][0]);
      expect(c[1], `call ${i}`).toBe(ref[i][1]);
      for (let j = 2; j < 5; j++) expect(rel(c[j] as number, ref[i][j] as number), `call ${i} field ${j}`).toBeLessThan(1e-12);
    });
    // Below minSamples it is trainStream itself, bit for bit; so are small batches with a step sink.
    expect(record((sink) => trainStreamFast(data, [-3, 4], config, seededRandom(9), sink))).toEqual(ref);
    const small = { ...config, batchSize: STEP_SINK_MIN_BATCH - 1 };
    expect(record((sink) => trainStreamFast(data, [-3, 4], small, seededRandom(9), sink, 1000))).toEqual(record((sink) => trainStream(data, [-3, 4], small, seededRandom(9), sink)));
  });

  it("`train --data --json` with 12,000 rows (the kernel path) streams train()'s run", () => {
    const data = randomData(12_000, 5);
    withCsv(data, (csv) => {
      const r = runCli(["train", "--data", csv, "--json", "--epochs", "2", "--batch-size", "500", "--lr", "0.5"]);
      expect(r.stderr).toBe("");
      const j = JSON.parse(r.stdout);
      const ref = train(data, [-5, -10], { ...DEFAULT_TRAIN_CONFIG, loss: "mse", epochs: 2, batchSize: 500, optimizerOptions: { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr: 0.5 } });
      expect(j.params).toHaveLength(ref.w.length);
      j.params.forEach(([w, b]: [number, number], k: number) => expect(Math.max(rel(w, ref.w[k]), rel(b, ref.b[k])), `step ${k}`).toBeLessThan(1e-12));
      j.stepLosses.forEach((l: number, k: number) => expect(rel(l, ref.stepLosses[k]), `stepLoss ${k}`).toBeLessThan(1e-12));
      expect(rel(j.finalLoss, ref.finalLoss)).toBeLessThan(1e-12);
      expect(j.accuracy).toBe(ref.accuracy);
    });
  });
});
