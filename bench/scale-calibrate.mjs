// The per-unit costs behind the CLI's estimates (src/estimate/cost.ts's COST_NS), measured
// on this machine: each row times a job whose cost is dominated by one unit, divides by
// the unit count, and prints it beside the constant in use. Run after `npm run build`:
//   node bench/scale-calibrate.mjs
// The load average is printed too: on a shared machine every figure rises with it.
import { loadavg } from "node:os";
import { COST_NS, visitsPerStart } from "../dist/estimate/cost.js";
import { gridJsonChunks } from "../dist/formats/grid.js";
import { seedDataset } from "../dist/data/dataset.js";
import { evaluateLossGradParallel } from "../dist/fast/grid-parallel.js";
import { threadedTrainer } from "../dist/fast/many-fast.js";
import { usingKernelPool } from "../dist/fast/pool.js";
import { seededRandom } from "../dist/init/random.js";
import { curveSteps, recordRun } from "../dist/landscape/run-path.js";
import { lossStride } from "../dist/landscape/study.js";
import { DEFAULT_TRAIN_CONFIG, stepsPerEpoch, trainStream } from "../dist/train/train.js";

/** Best of `reps` wall times of fn, in ns. */
async function best(fn, reps = 3) {
  let t = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    t = Math.min(t, performance.now() - t0);
  }
  return t * 1e6;
}

function synthetic(n) {
  const r = seededRandom(n);
  const d = { x: new Float64Array(n), y: new Float64Array(n), source: "synthetic" };
  for (let i = 0; i < n; i++) {
    d.x[i] = 4 * r() - 2;
    d.y[i] = d.x[i] + 0.5 * (r() - 0.5) > 0.2 ? 1 : 0;
  }
  return d;
}

const rows = [];
const row = (name, measured, constant) => rows.push({ name, measured, constant });
const seed = seedDataset();
const big = synthetic(100_000);

await usingKernelPool(async (pool) => {
  const spec = { w: { min: -10, max: 20, count: 128 }, b: { min: -20, max: 10, count: 128 } };
  const data = synthetic(4000);
  let g;
  const ns = await best(async () => (g = await evaluateLossGradParallel("bce", data, spec, { pool })));
  row("gridPointSample (grid kernel, loss+grad, all cores)", ns / (128 * 128 * 4000), COST_NS.gridPointSample);
  const w = await best(() => {
    for (const c of gridJsonChunks(g)) void c.length;
  });
  row("writePoint (a grid point as JSON text)", w / (128 * 128), COST_NS.writePoint);
  const S = 16_384;
  const r = seededRandom(1);
  const starts = { w: Float64Array.from({ length: S }, () => 20 * r() - 10), b: Float64Array.from({ length: S }, () => 20 * r() - 10) };
  const config = { ...DEFAULT_TRAIN_CONFIG, loss: "mse" };
  const m = await best(() => threadedTrainer({ pool })(seed, starts, config, { accuracyTarget: 0.95 }, null));
  row("manyStartSample (many-start SGD, per start·sample visit)", m / (S * visitsPerStart(seed.x.length, config.epochs)), COST_NS.manyStartSample);
});

// The reference trainer: step-bound (40 samples, batch 2) and sample-bound (100k, batch
// 10,000) runs give two equations in (per step, per sample visit).
const refRun = async (data, batchSize, epochs) => {
  const config = { ...DEFAULT_TRAIN_CONFIG, loss: "mse", batchSize, epochs };
  const ns = await best(() => trainStream(data, [-5, -10], config, null, {}));
  return { ns, steps: stepsPerEpoch(data.x.length, batchSize) * epochs, visits: visitsPerStart(data.x.length, epochs) };
};
const a = await refRun(seed, 2, 2000);
const b = await refRun(big, 10_000, 5);
const perSample = (b.ns - (a.ns / a.steps) * b.steps) / b.visits;
const perStep = (a.ns - perSample * a.visits) / a.steps;
row("trainStep (reference trainer, per step)", perStep, COST_NS.trainStep);
row("trainSample (reference trainer, per sample visit)", perSample, COST_NS.trainSample);

// A landscape run from 10,000 samples: the kernel, one call per batch, recorded with its
// loss curve (at most LOSS_CURVE_BUDGET sample evaluations, counted as visits). Printed
// all in, per sample visit, beside what KERNEL_STEP and KERNEL_SAMPLE predict: on a
// loaded machine two runs are too noisy to solve for the two constants.
for (const batchSize of [2, 1000]) {
  const config = { ...DEFAULT_TRAIN_CONFIG, loss: "mse", batchSize, epochs: 5 };
  const steps = stepsPerEpoch(big.x.length, batchSize) * config.epochs;
  const stride = lossStride(steps, big.x.length);
  const ns = await best(() => recordRun(big, [-5, -10], config, null, stride));
  const visits = visitsPerStart(big.x.length, config.epochs) + curveSteps(steps, stride) * big.x.length;
  row(`a landscape run on the kernel, batch ${batchSize}, all in per sample visit`, ns / visits, (steps * COST_NS.kernelStep + visits * COST_NS.kernelSample) / visits);
}

const load = loadavg().map((v) => v.toFixed(2)).join(", ");
process.stdout.write(`Per-unit costs in ns (load average ${load}):\n| unit | measured | COST_NS |\n|---|---|---|\n`);
const fmt = (v) => v.toFixed(v < 10 ? 2 : 0);
for (const r of rows) process.stdout.write(`| ${r.name} | ${fmt(r.measured)} | ${fmt(r.constant)} |\n`);
