// Progress and estimates: the throttled reporter on a fake clock, the cost model, the
// --max-seconds refusal and the CLI's stderr with --progress, --quiet and by default.

import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { basinsCommand } from "../src/cli/commands/basins.js";
import { COST_NS, gridCost, initStudyCost, trainCost, visitsPerStart } from "../src/estimate/cost.js";
import { parseOptions } from "../src/cli/parse.js";
import { createProgress, formatDuration, progressLine } from "../src/cli/progress.js";
import { estimateRange, startJob } from "../src/cli/progress-options.js";
import { seedDataset } from "../src/data/dataset.js";
import { chunkedTrainer } from "../src/train/chunked.js";
import { trainMany } from "../src/train/many.js";
import { DEFAULT_TRAIN_CONFIG } from "../src/train/train.js";
import { seededRandom } from "../src/init/random.js";
import { runCli } from "./run-cli.js";
import { evaluateLossGradFast } from "../src/fast/grid-fast.js";
import { evaluateLossGradParallel } from "../src/fast/grid-parallel.js";
import { usingKernelPool } from "../src/fast/pool.js";
import { layersCost, networkProbeCost, networkTrainCost, probeCost } from "../src/estimate/cost.js";

function fakeProgress(tty: boolean, delayMs = 1000) {
  let t = 0;
  const out: string[] = [];
  const p = createProgress({ label: "ll x", write: (s) => void out.push(s), now: () => t, tty, delayMs, intervalMs: 1000 });
  return { p, out, at: (ms: number) => void (t = ms) };
}

describe("createProgress", () => {
  it("stays silent for short jobs", () => {
    const f = fakeProgress(false);
    f.p.update("a", 0.5);
    f.at(900);
    f.p.update("a", 1);
    f.p.finish();
    expect(f.out).toEqual([]);
  });

  it("throttles updates, shows a new stage at once, and ends with the total time", () => {
    const f = fakeProgress(false);
    f.p.update("training", 0);
    f.at(1000);
    f.p.update("training", 0.25);
    f.at(1500);
    f.p.update("training", 0.5);
    f.at(2000);
    f.p.update("training", 0.75);
    f.at(2100);
    f.p.update("writing", 0);
    f.at(3000);
    f.p.finish();
    expect(f.out).toEqual([
      "ll x: training · 25% · 1.0 s elapsed · ETA 3.0 s\n",
      "ll x: training · 75% · 2.0 s elapsed · ETA 0.7 s\n",
      "ll x: writing · 0% · 2.1 s elapsed\n",
      "ll x: done in 3.0 s\n",
    ]);
  });

  it("redraws one terminal line and clears it at the end", () => {
    const f = fakeProgress(true, 0);
    f.p.update("evaluating");
    f.at(5000);
    f.p.finish();
    expect(f.out).toEqual(["\r\u001b[2Kll x: evaluating · 0.0 s elapsed", "\r\u001b[2K"]);
  });

  it("formats durations and lines", () => {
    expect([0.04, 9.96, 42.4, 185, 7300].map(formatDuration)).toEqual(["0.0 s", "10.0 s", "42 s", "3 min 05 s", "2 h 01 min"]);
    expect(progressLine("l", "s", 0.2, 3000, 2000)).toBe("l: s · 20% · 3.0 s elapsed · ETA 8.0 s");
    expect(progressLine("l", "s", 0.001, 100, 100)).toBe("l: s · 0% · 0.1 s elapsed");
  });
});

describe("cost model", () => {
  it("grows with the sizes as documented", () => {
    expect(gridCost(100, 200, 40).seconds).toBeCloseTo((100 * 200 * (40 * COST_NS.gridPointSample + COST_NS.writePoint)) / 1e9, 12);
    expect(visitsPerStart(40, 50)).toBe(4000);
    expect(initStudyCost(11, 2, 10_000, 40, 50).seconds).toBeCloseTo((220_000 * 4000 * COST_NS.manyStartSample) / 1e9, 12);
    const t = trainCost(40, 50, 2);
    expect(t.seconds).toBeCloseTo((1000 * COST_NS.trainStep + 4000 * COST_NS.trainSample) / 1e9, 12);
    expect(gridCost(4096, 4096, 1_000_000).what).toBe("4,096×4,096 points × 1,000,000 samples");
  });

  it("puts runs on the kernel where train-fast.ts does: SGD from 10,000 samples, per-step sinks with batches ≥ 16", () => {
    const visits = visitsPerStart(100_000, 5);
    const steps = 5 * Math.ceil(100_000 / 32);
    expect(trainCost(100_000, 5, 32).seconds).toBeCloseTo((visits * COST_NS.kernelSample) / 1e9, 12);
    expect(trainCost(100_000, 5, 32, true).seconds).toBeCloseTo((steps * (COST_NS.kernelStep + COST_NS.writePoint) + visits * COST_NS.kernelSample) / 1e9, 12);
    // Momentum, small data, and small batches streamed step by step stay on the reference.
    expect(trainCost(100_000, 5, 32, false, false).seconds).toBeCloseTo((steps * COST_NS.trainStep + visits * COST_NS.trainSample) / 1e9, 12);
    expect(trainCost(9_999, 5, 32).seconds).toBeCloseTo((5 * 313 * COST_NS.trainStep + visitsPerStart(9_999, 5) * COST_NS.trainSample) / 1e9, 12);
    const small = 5 * Math.ceil(100_000 / 8);
    expect(trainCost(100_000, 5, 8, true).seconds).toBeCloseTo((small * (COST_NS.trainStep + COST_NS.writePoint) + visits * COST_NS.trainSample) / 1e9, 12);
  });

  it("puts the README's measured seed runs in the right range (±2×)", () => {
    // README Performance: 16,384 starts × 1000 steps ≈ 0.19 s on 2 threads; 256² × 4000 grid at ≈ 2.4 ns.
    const many = initStudyCost(1, 1, 16_384, 40, 50).seconds;
    expect(many).toBeGreaterThan(0.19 / 2);
    expect(many).toBeLessThan(0.19 * 2);
    const grid = (256 * 256 * 4000 * COST_NS.gridPointSample) / 1e9;
    expect(grid).toBeGreaterThan((256 * 256 * 4000 * 2.4e-9) / 2);
    expect(grid).toBeLessThan(256 * 256 * 4000 * 2.4e-9 * 2);
  });
});

describe("estimateRange", () => {
  it("runs from the idle estimate to LOADED_FACTOR (3) times it, one unit when both are seconds", () => {
    expect(estimateRange(2)).toBe("about 2.0–6.0 s");
    expect(estimateRange(15)).toBe("about 15–45 s");
    expect(estimateRange(45)).toBe("about 45 s–2 min 15 s");
    expect(estimateRange(0)).toBe("about 0.0 s");
  });
});

describe("startJob", () => {
  const io = (tty: boolean) => {
    const err: string[] = [];
    return { err, io: { out: () => {}, err: (s: string) => void err.push(s), errIsTTY: tty } };
  };
  const values = (args: string[]) => parseOptions(args, basinsCommand.options);

  it("refuses a job above --max-seconds with the estimate and the flag", () => {
    const x = io(false);
    expect(() => startJob(values(["--max-seconds", "10"]), x.io, "grid", { seconds: 75, what: "9 points" })).toThrow(
      /^estimated about 1 min 15 s–3 min 45 s for 9 points exceeds --max-seconds 10; raise --max-seconds/,
    );
    expect(() => startJob(values(["--max-seconds", "100"]), x.io, "grid", { seconds: 75, what: "9 points" })).not.toThrow();
  });

  it("announces a job over 30 s unless --quiet", () => {
    const x = io(false);
    startJob(values([]), x.io, "grid", { seconds: 45, what: "9 points" });
    expect(x.err).toEqual(["loss-landscape grid: estimated about 45 s–2 min 15 s for 9 points; --max-seconds N refuses jobs estimated above N seconds\n"]);
    const q = io(false);
    startJob(values(["--quiet"]), q.io, "grid", { seconds: 45, what: "9 points" });
    expect(q.err).toEqual([]);
    expect(() => startJob(values(["--quiet", "--progress"]), q.io, "grid", { seconds: 1, what: "" })).toThrow(/contradict/);
  });

  it("reports only on a terminal, unless --progress", () => {
    let t = 0;
    for (const [tty, args, shown] of [[false, [], false], [true, [], true], [false, ["--progress"], true], [true, ["--quiet"], false]] as const) {
      const x = io(tty);
      const p = startJob(values([...args]), x.io, "basins", { seconds: 5, what: "" }, () => t);
      t += 2000;
      p.update("training", 0.5);
      expect(x.err.length > 0, `${tty} ${args}`).toBe(shown);
    }
  });
});

describe("progress in the numerics", () => {
  it("a chunked trainer gives trainMany's result exactly, reporting each chunk", () => {
    const rng = seededRandom(3);
    const n = 37;
    const starts = { w: Float64Array.from({ length: n }, () => rng() * 20 - 10), b: Float64Array.from({ length: n }, () => rng() * 20 - 10) };
    const config = { ...DEFAULT_TRAIN_CONFIG, epochs: 5 };
    const seen: number[] = [];
    const chunked = chunkedTrainer(trainMany, 10, (d) => void seen.push(d))(seedDataset(), starts, config, { accuracyTarget: 0.95 }, null);
    expect(chunked).toEqual(trainMany(seedDataset(), starts, config, { accuracyTarget: 0.95 }, null));
    expect(seen).toEqual([0, 10, 20, 30, 37]);
    // Shuffled runs share the batch order: never split.
    const calls: number[] = [];
    const counting = (...a: Parameters<typeof trainMany>) => (calls.push(a[1].w.length), trainMany(...a));
    chunkedTrainer(counting, 10, () => {})(seedDataset(), starts, { ...config, shuffle: true }, { accuracyTarget: 0.95 }, seededRandom(1));
    expect(calls).toEqual([n]);
  });
});

describe("progress from the grid kernel's chunk loop", () => {
  // 9 columns × 30,000 samples: over the 2^18 point·samples of one chunk, so a chunk is one row.
  const spec = { w: { min: -4, max: 4, count: 9 }, b: { min: -3, max: 3, count: 50 } };
  const n = 30_000;
  const data = { x: Float64Array.from({ length: n }, (_, i) => -2 + (4 * i) / n), y: Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)), source: "synthetic" };
  it.each([1, 2])("reports rising fractions up to 1 on %i thread(s), the numbers unchanged", async (threads) => {
    const seen: number[] = [];
    const g = await usingKernelPool((pool) => evaluateLossGradParallel("bce", data, spec, { pool, threads, minWork: 0, onProgress: (f) => void seen.push(f) }), { threads });
    expect(Array.from(g.fields.loss.data)).toEqual(Array.from(evaluateLossGradFast("bce", data, spec).fields.loss.data));
    expect(seen.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
    expect(seen.every((f) => f > 0 && f <= 1)).toBe(true);
    // One thread runs every chunk (one row each here): it reports each row.
    if (threads === 1) expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => (i + 1) / 50));
  });
});

describe("probe's estimate", () => {
  it("counts the dense Hessian (P columns of H e_j) and the eigensolver", () => {
    const c = networkProbeCost(1801, 500, true, false);
    expect(c.seconds).toBeCloseTo((1801 * 500 * COST_NS.networkParamSample + 1801 ** 2 * 500 * COST_NS.hessianParam2Sample + 1801 ** 3 * COST_NS.eigenParam3) / 1e9, 9);
    expect(c.what).toBe("1,801 parameters × 500 samples, a 1,801×1,801 Hessian");
    expect(networkProbeCost(5000, 500, false, true).seconds).toBeCloseTo((5000 * 500 * (COST_NS.networkParamSample + COST_NS.hvpParamSample)) / 1e9, 9);
    expect(probeCost(1_000_000).seconds).toBeLessThan(1);
  });

  it("a network probe reports the dense Hessian's columns as its fraction", () => {
    const p = runCli(["probe", "--data", "moons", "--hidden", "6", "--samples", "50", "--json", "--progress"]);
    expect(p.status).toBe(0);
    expect(JSON.parse(p.stdout).hessian.eigenvalues).toHaveLength(25);
    expect(p.stderr).toMatch(/^loss-landscape probe: loss and gradient · .*\nloss-landscape probe: the 25×25 Hessian · 0% · .*\n(loss-landscape probe: the 25×25 Hessian · \d+% · .*\n)*loss-landscape probe: its spectrum · /);
  });

  it("--max-seconds refuses a network probe whose Hessian is estimated above it; --quiet/--progress are accepted", () => {
    const r = runCli(["probe", "--data", "moons", "--hidden", "40,40", "--samples", "2000", "--max-seconds", "5"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^loss-landscape probe: estimated about .+ for 1,801 parameters × 2,000 samples, a 1,801×1,801 Hessian exceeds --max-seconds 5; raise --max-seconds .*\n$/);
    const q = runCli(["probe", "--json", "--quiet"]);
    expect(q.status).toBe(0);
    expect(q.stderr).toBe("");
    const p = runCli(["probe", "--json", "--progress"]);
    expect(JSON.parse(p.stdout).loss).toBeGreaterThan(0);
    expect(p.stderr).toMatch(/^loss-landscape probe: evaluating · /);
  });
});

describe("layers' estimate and progress", () => {
  it("costs each init's statistics and training; --max-seconds refuses, --progress reports per init", () => {
    const steps = 20 * Math.ceil(5000 / 2);
    const train = networkTrainCost(5000, 4417, 20, steps);
    expect(train.seconds).toBeCloseTo((visitsPerStart(5000, 20) * 4417 * COST_NS.networkTrainParamSample + steps * (4417 * COST_NS.networkStepParam + COST_NS.networkStep)) / 1e9, 9);
    expect(layersCost(2, 5000, 4417, 20, steps).seconds).toBeCloseTo(2 * ((5000 * 4417 * COST_NS.networkParamSample) / 1e9 + train.seconds), 9);
    expect(layersCost(1, 200, 10, 0, 0).what).toBe("1 init × 200 samples × 10 parameters");
    const r = runCli(["layers", "--data", "moons", "--hidden", "256,256,256", "--samples", "100000", "--after-epochs", "100", "--max-seconds", "10"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^loss-landscape layers: estimated .* for 1 init × 100,000 samples × 132,609 parameters × 100 epochs exceeds --max-seconds 10; raise --max-seconds .*\n$/);
    const p = runCli(["layers", "--hidden", "4", "--init", "he", "--init", "pytorch", "--json", "--progress"]);
    expect(p.status).toBe(0);
    expect(JSON.parse(p.stdout).runs).toHaveLength(2);
    expect(p.stderr).toMatch(/^loss-landscape layers: measuring · 0% · .*\nloss-landscape layers: done in /);
  });
});

describe("the CLI's stderr", () => {
  it("--progress reports stages on stderr, stdout keeps only the output", () => {
    const r = runCli(["basins", "--size", "4", "--loss", "bce", "--epochs", "3", "--progress"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).maps.bce.accuracy).toHaveLength(4);
    expect(r.stderr).toMatch(/^loss-landscape basins: training bce · 0% · \d+\.\d s elapsed\n/);
    expect(r.stderr).toMatch(/loss-landscape basins: done in \d+\.\d s\n$/);
  });

  it("train --progress reports its epochs; --json output stays clean", () => {
    const r = runCli(["train", "--epochs", "3", "--json", "--progress"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).epochLosses).toHaveLength(3);
    expect(r.stderr).toMatch(/^loss-landscape train: training · 33% · /);
    expect(r.stderr).toMatch(/loss-landscape train: done in /);
  });

  it("is silent with --quiet, and by default when stderr is not a terminal", () => {
    for (const extra of [["--quiet"], []]) {
      const r = runCli(["train", "--epochs", "2", ...extra]);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe("");
    }
  });

  it("--max-seconds refuses a big grid before any work, writing nothing", () => {
    const out = join(mkdtempSync(join(tmpdir(), "ll-max-")), "g.json");
    const r = runCli(["grid", "--w=0:1:4096", "--b=0:1:4096", "--max-seconds", "1", "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^loss-landscape grid: estimated about .+ for 4,096×4,096 points × 40 samples exceeds --max-seconds 1; raise --max-seconds .*\n$/);
    expect(existsSync(out)).toBe(false);
  });
});
