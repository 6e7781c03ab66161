#!/usr/bin/env node
// `npm run bench`: performance figures (see README, "Performance").
// Not part of the test suite; timings depend on the machine and its load.
//
//   node bench/run.mjs [--quick] [--no-numpy] [--no-reference] [--no-landscape] [--no-scale] [--no-slices] [--no-tiles] [--no-torch] [--no-explorer] [--no-geometry] [--no-onnx]
//
// Reports medians of several runs with min and max:
//   * grid evaluator, ns per (grid point × sample), MSE and BCE, 512² × 40 and
//     256² × 4000 samples: loss and gradient (evaluateLossGradFast / …Parallel, what
//     NumPy's bench/numpy_grid.py computes and what `grid` writes) and all seven fields
//     (evaluateGridFast / …Parallel: + Hessian eigenvalues and accuracy), on 1 thread
//     and on all cores, with the TypeScript reference and NumPy alongside;
//   * many-start SGD: 16,384 starts × 1000 steps of the seed run, seconds and
//     start·steps per second, 1 thread / all cores / NumPy (bench/numpy_train.py);
//   * wall time of the default `landscape` command (the body of `npm run landscape`);
//   * peak memory (maxRSS) of a 2048² grid;
//   * start-up: wall time of `probe`;
//   * the network engine next to PyTorch CPU float64 (bench/torch.mjs): seven workloads
//     (forward+backward, H·v, top eigenvalues, dense Hessian, a slice, Adam, layers) and the
//     dense eigensolver, ours / the better of torch's 1- and 2-thread times;
//   * ONNX models next to PyTorch CPU float64, 1 and 2 threads (bench/onnx.mjs): forward+backward of
//     a digits CNN and of an MLP with BatchNorm on 1,797 samples, a 41×41 slice of the CNN;
//   * data size (bench/scale.mjs): 10k, 100k and 1M rows (--quick: 10k and 100k), each
//     stage's time per sample and peak RSS, library stages and the CLI end to end;
//   * tiles (bench/tiles.mjs): a 101×101 slice in one process, as 4 tiles under GNU
//     parallel -j 2 and on the local Slurm cluster, the merge, the fixed cost per tile
//     and the projection to 64 nodes;
//   * geometry (bench/geometry.mjs): connect's Bezier bend training on moons 2-(16x2)-1
//     against the same loop in PyTorch CPU float64, the same number of steps; products
//     Hutch++ and Hutchinson need for a given accuracy of the trace.
// Prints a table and writes the same figures as JSON to bench/results/.

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

import { seedDataset } from "../dist/data/dataset.js";
import { evaluateGridFast, evaluateLossGradFast } from "../dist/fast/grid-fast.js";
import { evaluateGridParallel, evaluateLossGradParallel } from "../dist/fast/grid-parallel.js";
import { parallelTrainer, trainManyFast } from "../dist/fast/many-fast.js";
import { createKernelPool } from "../dist/fast/pool.js";
import { seededRandom } from "../dist/init/random.js";
import { formatScale, runScale } from "./scale.mjs";
import { formatTiles, runTilesBench } from "./tiles.mjs";
import { evaluateGrid } from "../dist/numerics/grid.js";
import { trainMany } from "../dist/train/many.js";
import { benchSlices } from "./slices.mjs";
import { DEFAULT_TRAIN_CONFIG } from "../dist/train/train.js";

const args = new Set(process.argv.slice(2));
const QUICK = args.has("--quick");
const root = fileURLToPath(new URL("..", import.meta.url));
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const CLI = `${root}dist/cli/main.js`;
const LOSSES = ["mse", "bce"];
const THREADS = availableParallelism();

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1], runs: s.length };
};
const log = (t) => process.stderr.write(t + "\n");

function benchData(n) {
  // Same data as bench/numpy_grid.py: x spread over [−2, 2), label x > 0.2.
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = -2 + (4 * (i + 0.5)) / n;
    y[i] = x[i] > 0.2 ? 1 : 0;
  }
  return { x, y, source: "bench" };
}
const square = (g) => ({ w: { min: -10, max: 20, count: g }, b: { min: -20, max: 10, count: g } });

async function timeRuns(runs, fn) {
  const t = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await fn();
    t.push((performance.now() - t0) / 1000);
  }
  return t;
}

function numpyAvailable() {
  if (args.has("--no-numpy")) return "disabled by --no-numpy";
  const r = spawnSync("python3", ["-c", "import numpy; print(numpy.__version__)"], { encoding: "utf8" });
  return r.status === 0 ? null : "python3 with numpy not found";
}

function python(script, argv) {
  const r = spawnSync("python3", [here(script), ...argv.map(String)], { encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1" } });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function wallTimes(runs, argv) {
  const t = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const p = spawnSync(process.execPath, argv, { cwd: root, encoding: "utf8", maxBuffer: 1 << 30 });
    if (p.status !== 0) throw new Error(`${argv.join(" ")} exited ${p.status}: ${p.stderr.slice(0, 500)}`);
    t.push((performance.now() - t0) / 1000);
  }
  return t;
}

const result = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model, cores: THREADS, node: process.version, loadavgStart: loadavg() },
  grid: [],
  train: null,
  landscape: null,
  peakMemory2048: null,
  probe: null,
  notes: [],
};

// ---------------------------------------------------------------- grid evaluator
const noNumpy = numpyAvailable();
if (noNumpy) result.notes.push(`NumPy comparison skipped: ${noNumpy}`);
// One pool for the timings, started outside them (its start-up is a one-off ~50 ms).
const pool = createKernelPool();
await evaluateGridParallel("mse", seedDataset(), square(16), { pool, minWork: 0 });
const GRID_CASES = [
  { g: 512, n: 40, runs: QUICK ? 3 : 7, refRuns: QUICK ? 1 : 3 },
  { g: 256, n: 4000, runs: QUICK ? 1 : 5, refRuns: 0 },
];
for (const c of GRID_CASES) {
  const data = benchData(c.n);
  const spec = square(c.g);
  const work = c.g * c.g * c.n;
  const ns = (ts) => stats(ts.map((t) => (t * 1e9) / work));
  const np = noNumpy ? null : python("numpy_grid.py", [c.g, c.n, c.runs]);
  for (const loss of LOSSES) {
    log(`grid ${c.g}² × ${c.n} ${loss} …`);
    evaluateGridFast(loss, data, square(64)); // warm-up (and V8's tier-up)
    evaluateLossGradFast(loss, data, square(64));
    const row = {
      grid: `${c.g}²`,
      samples: c.n,
      loss,
      lossGrad1: ns(await timeRuns(c.runs, () => evaluateLossGradFast(loss, data, spec))),
      lossGradAll: ns(await timeRuns(c.runs, () => evaluateLossGradParallel(loss, data, spec, { pool, minWork: 0 }))),
      full1: ns(await timeRuns(c.runs, () => evaluateGridFast(loss, data, spec))),
      fullAll: ns(await timeRuns(c.runs, () => evaluateGridParallel(loss, data, spec, { pool, minWork: 0 }))),
      reference: c.refRuns && !args.has("--no-reference") ? ns(await timeRuns(c.refRuns, () => evaluateGrid(loss, data, spec))) : null,
      numpy: np ? ns(np[loss]) : null,
    };
    result.grid.push(row);
  }
}

// ---------------------------------------------------------------- many-start SGD
{
  const S = 16384;
  const rng = seededRandom(5);
  const starts = { w: new Float64Array(S), b: new Float64Array(S) };
  for (let i = 0; i < S; i++) {
    starts.w[i] = -20 + 40 * rng();
    starts.b[i] = -20 + 40 * rng();
  }
  const data = seedDataset();
  const steps = Math.ceil(data.x.length / DEFAULT_TRAIN_CONFIG.batchSize) * DEFAULT_TRAIN_CONFIG.epochs;
  const runs = QUICK ? 2 : 5;
  const np = noNumpy ? null : python("numpy_train.py", [S, DEFAULT_TRAIN_CONFIG.batchSize, DEFAULT_TRAIN_CONFIG.epochs, QUICK ? 1 : 2]);
  result.train = { starts: S, steps, config: "seed SGD: lr 2, batch 2, 50 epochs", losses: [] };
  for (const loss of LOSSES) {
    log(`train ${S} starts ${loss} …`);
    const config = { ...DEFAULT_TRAIN_CONFIG, loss };
    trainManyFast(data, { w: starts.w.subarray(0, 512), b: starts.b.subarray(0, 512) }, config); // warm-up
    const row = {
      loss,
      seconds1: stats(await timeRuns(runs, () => trainManyFast(data, starts, config))),
      secondsAll: stats(await timeRuns(runs, () => parallelTrainer({ pool, minWork: 0 })(data, starts, config))),
      secondsReference: args.has("--no-reference") || QUICK ? null : stats(await timeRuns(1, () => trainMany(data, starts, config))),
      secondsNumpy: np ? stats(np[loss]) : null,
    };
    row.startStepsPerSecondAll = (S * steps) / row.secondsAll.median;
    row.startStepsPerSecond1 = (S * steps) / row.seconds1.median;
    result.train.losses.push(row);
  }
}
await pool.close();

// ---------------------------------------------------------------- landscape, memory, start-up
if (args.has("--no-landscape")) result.notes.push("landscape skipped: --no-landscape");
else {
  const help = spawnSync(process.execPath, [CLI, "--help"], { encoding: "utf8" });
  if (!/\blandscape\b/.test(help.stdout)) result.notes.push("landscape skipped: this build has no `landscape` command yet");
  else {
    log("landscape …");
    try {
      result.landscape = stats(wallTimes(QUICK ? 1 : 3, [CLI, "landscape"]));
    } catch (err) {
      result.notes.push(`landscape skipped: ${err.message}`);
    }
  }
}
{
  log("peak memory 2048² …");
  const p = spawnSync(process.execPath, [here("peak-grid.mjs"), "2048", "40"], { encoding: "utf8" });
  if (p.status === 0) result.peakMemory2048 = JSON.parse(p.stdout);
  else result.notes.push(`peak memory run failed: ${p.stderr.slice(0, 300)}`);
}
log("probe start-up …");
result.probe = stats(wallTimes(QUICK ? 3 : 7, [CLI, "probe", "--at=-5,-10"]));
{
  // Networks (bench/nn.mjs): forward+backward, layer statistics and dense eigenvalues next to NumPy.
  log("networks …");
  const flags = [QUICK ? "--quick" : null, args.has("--no-numpy") ? "--no-numpy" : null].filter(Boolean);
  const p = spawnSync(process.execPath, [here("nn.mjs"), ...flags], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (p.status === 0) result.networks = JSON.parse(p.stdout);
  else result.notes.push(`network bench failed (exit ${p.status})`);
}
if (args.has("--no-explorer")) result.notes.push("network explorer rows skipped: --no-explorer");
else {
  // The network explorer in headless Chromium (bench/netexplorer.mjs): epochs/s with every view drawn, long tasks.
  log("network explorer …");
  const p = spawnSync(process.execPath, [here("netexplorer.mjs"), ...(QUICK ? ["--quick"] : [])], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (p.status === 0) result.netexplorer = JSON.parse(p.stdout);
  else result.notes.push(`network explorer bench failed (exit ${p.status})`);
}
if (args.has("--no-torch")) result.notes.push("PyTorch comparison skipped: --no-torch");
else {
  log("network engine vs PyTorch …");
  const p = spawnSync(process.execPath, [here("torch.mjs"), ...(QUICK ? ["--quick"] : [])], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 28 });
  if (p.status === 0) result.torch = JSON.parse(p.stdout);
  else result.notes.push(`PyTorch comparison failed (exit ${p.status})`);
}
if (args.has("--no-geometry")) result.notes.push("geometry rows skipped: --no-geometry");
else {
  log("geometry (connect's bend vs PyTorch, Hutch++ vs Hutchinson) …");
  const flags = [QUICK ? "--quick" : null, args.has("--no-torch") ? "--no-torch" : null].filter(Boolean);
  const p = spawnSync(process.execPath, [here("geometry.mjs"), ...flags], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (p.status === 0) result.geometry = JSON.parse(p.stdout);
  else result.notes.push(`geometry bench failed (exit ${p.status})`);
}
if (args.has("--no-onnx")) result.notes.push("ONNX model rows skipped: --no-onnx");
else {
  log("ONNX models vs PyTorch …");
  const p = spawnSync(process.execPath, [here("onnx.mjs"), ...(QUICK ? ["--quick"] : [])], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 28 });
  if (p.status === 0) result.onnx = JSON.parse(p.stdout);
  else result.notes.push(`ONNX model comparison failed (exit ${p.status})`);
}
if (args.has("--no-scale")) result.notes.push("data-size rows skipped: --no-scale");
else result.scale = await runScale({ sizes: QUICK ? [10_000, 100_000] : [10_000, 100_000, 1_000_000], landscapeTimeoutMs: QUICK ? 60_000 : 300_000, log });
if (args.has("--no-slices")) result.notes.push("slice and Lanczos rows skipped: --no-slices");
else result.slices = await benchSlices({ quick: QUICK, numpy: numpyAvailable() === null, log });
if (args.has("--no-tiles")) result.notes.push("tile rows skipped: --no-tiles");
else result.tiles = runTilesBench();
result.machine.loadavgEnd = loadavg();

// ---------------------------------------------------------------- report
const f = (s, d = 2) => (s ? `${s.median.toFixed(d)} [${s.min.toFixed(d)}–${s.max.toFixed(d)}]` : "—");
const lines = [];
lines.push(`loss-landscape bench — ${result.date}`);
lines.push(`${result.machine.cpu}, ${THREADS} cores, Node ${process.version}; load average ${result.machine.loadavgStart.map((v) => v.toFixed(2)).join(" ")} at start, ${result.machine.loadavgEnd.map((v) => v.toFixed(2)).join(" ")} at end`);
lines.push("");
lines.push("Grid evaluator, ns per (point × sample), median [min–max]");
lines.push(`| grid × samples | loss | loss+grad, 1 thread | loss+grad, ${THREADS} threads | NumPy loss+grad | all fields, 1 thread | all fields, ${THREADS} threads | TypeScript reference (all) |`);
lines.push("|---|---|---|---|---|---|---|---|");
for (const r of result.grid) {
  lines.push(`| ${r.grid} × ${r.samples} | ${r.loss} | ${f(r.lossGrad1)} | ${f(r.lossGradAll)} | ${f(r.numpy)} | ${f(r.full1)} | ${f(r.fullAll)} | ${f(r.reference)} |`);
}
lines.push("");
lines.push(`Many-start SGD, ${result.train.starts} starts × ${result.train.steps} steps (${result.train.config}), seconds, median [min–max]`);
lines.push(`| loss | WASM 1 thread | WASM ${THREADS} threads | start·steps/s (${THREADS} threads) | TypeScript reference | NumPy |`);
lines.push("|---|---|---|---|---|---|");
for (const r of result.train.losses) {
  lines.push(`| ${r.loss} | ${f(r.seconds1, 3)} | ${f(r.secondsAll, 3)} | ${(r.startStepsPerSecondAll / 1e6).toFixed(0)} M | ${f(r.secondsReference, 2)} | ${f(r.secondsNumpy, 3)} |`);
}
lines.push("");
const pm = result.peakMemory2048;
lines.push(`landscape (default figure set), wall s: ${f(result.landscape)}`);
lines.push(`2048² grid × 40 samples (all cores): peak RSS ${pm ? (pm.peakBytes / 2 ** 20).toFixed(0) : "—"} MiB (fields ${pm ? (pm.fieldsBytes / 2 ** 20).toFixed(0) : "—"} MiB, process baseline ${pm ? (pm.baselineBytes / 2 ** 20).toFixed(0) : "—"} MiB), ${pm ? pm.ms.toFixed(0) : "—"} ms`);
lines.push(`probe start-up, wall s: ${f(result.probe, 3)}`);
if (result.networks) lines.push("", ...result.networks.lines);
if (result.netexplorer) lines.push("", ...result.netexplorer.lines);
if (result.torch) lines.push("", ...result.torch.lines);
if (result.onnx) lines.push("", ...result.onnx.lines);
if (result.geometry) lines.push("", ...result.geometry.lines);
if (result.scale) lines.push("", ...formatScale(result.scale));
if (result.tiles) lines.push("", formatTiles(result.tiles));
if (result.slices) {
  const sl = result.slices;
  lines.push("", `Slices and curvature, 2-16-16-16-1 tanh (P = ${sl.slice.params}), ${sl.slice.samples} samples, seconds (median)`);
  lines.push(`  slice ${sl.slice.grid}² (loss, accuracy, ‖∇L‖): TypeScript reference ${sl.sliceReference.seconds.toFixed(3)}; kernel 1 thread ${sl.slice.seconds.toFixed(3)}, ${sl.sliceAllThreads.threads} threads ${sl.sliceAllThreads.seconds.toFixed(3)}; NumPy batched 1 thread ${sl.numpy ? sl.numpy.sliceSeconds.toFixed(3) : "—"}, ${sl.sliceAllThreads.threads} threads ${sl.numpy ? sl.numpy.sliceAllThreadsSeconds.toFixed(3) : "—"}`);
  lines.push(`  λmax by Lanczos (${sl.lanczos.steps} H·v): ${sl.lanczos.seconds.toFixed(3)}; dense route: ${sl.dense.hessianSeconds.toFixed(3)} (Hessian) + ${sl.dense.eigenSeconds.toFixed(3)} (eigenvalues); NumPy eigvalsh: ${sl.numpy ? sl.numpy.eigvalshSeconds.toFixed(3) : "—"}`);
}
for (const n of result.notes) lines.push(`note: ${n}`);

// Performance targets.
const checks = [];
for (const r of result.grid) {
  if (!r.numpy) continue;
  checks.push([`grid ${r.grid}×${r.samples} ${r.loss} loss+grad: 1 thread ≤ NumPy`, r.lossGrad1.median <= r.numpy.median]);
  checks.push([`grid ${r.grid}×${r.samples} ${r.loss} loss+grad: ${THREADS} threads ≤ NumPy / 2`, r.lossGradAll.median <= r.numpy.median / 2]);
}
for (const r of result.train.losses) if (r.secondsNumpy) checks.push([`train ${r.loss}: ≤ NumPy`, r.secondsAll.median <= r.secondsNumpy.median]);
if (result.landscape) checks.push(["landscape < 2 s", result.landscape.median < 2]);
for (const t of result.networks?.targets ?? []) checks.push([t.what, t.ok]);
for (const t of result.netexplorer?.targets ?? []) checks.push([t.what, t.ok]);
for (const t of result.geometry?.targets ?? []) checks.push([t.what, t.ok]);
for (const r of result.torch?.rows ?? []) if (r.ratio !== null) checks.push([`${r.what}: ≤ ${r.id.startsWith("eigvalsh") ? "1.2" : "1"}× the best PyTorch/LAPACK time`, r.ratio <= (r.id.startsWith("eigvalsh") ? 1.2 : 1)]);
for (const r of result.onnx?.rows ?? []) checks.push([`${r.what}: ≤ 1.5× PyTorch (best of 1 and 2 threads)`, r.ratio <= 1.5]);
if (result.slices?.numpy) {
  const sl = result.slices;
  checks.push([`slice ${sl.slice.grid}² of 2-16-16-16-1, 1 thread: ≤ NumPy 1 thread`, sl.slice.seconds <= sl.numpy.sliceSeconds]);
  checks.push([`slice ${sl.slice.grid}² of 2-16-16-16-1, ${sl.sliceAllThreads.threads} threads: ≤ NumPy ${sl.sliceAllThreads.threads} threads`, sl.sliceAllThreads.seconds <= sl.numpy.sliceAllThreadsSeconds]);
}
checks.push(["probe < 0.5 s", result.probe.median < 0.5]);
const million = result.scale?.rows.find((r) => r.n === 1_000_000);
if (million) checks.push(["landscape --data 1M rows: finishes with peak RSS < 1 GB", !million.cliLandscape?.error && million.cliLandscape?.peakBytes < 2 ** 30]);
result.targets = checks.map(([what, ok]) => ({ what, ok }));
lines.push("");
lines.push("Targets:");
for (const [what, ok] of checks) lines.push(`  ${ok ? "met    " : "NOT MET"}  ${what}`);

process.stdout.write(lines.join("\n") + "\n");
mkdirSync(here("results"), { recursive: true });
const stamp = result.date.replace(/[:.]/g, "-");
const json = JSON.stringify(result, null, 2) + "\n";
writeFileSync(here(`results/bench-${stamp}.json`), json);
writeFileSync(here("results/latest.json"), json);
process.stderr.write(`wrote bench/results/bench-${stamp}.json and bench/results/latest.json\n`);
