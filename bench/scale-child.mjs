// Child process of bench/scale.mjs: one stage on one CSV, timed, with the process's peak
// resident memory (maxRSS, worker threads included). Prints one JSON line.
// Usage: node bench/scale-child.mjs grid|train|train-reference FILE [G]
import { loadData } from "../dist/cli/io.js";
import { evaluateLossGradParallel } from "../dist/fast/grid-parallel.js";
import { usingKernelPool } from "../dist/fast/pool.js";
import { trainRunFast } from "../dist/fast/train-fast.js";
import { DEFAULT_TRAIN_CONFIG, train } from "../dist/train/train.js";

const [stage, file, g = "64"] = process.argv.slice(2);
const seconds = (t0) => (performance.now() - t0) / 1000;
let t0 = performance.now();
const data = loadData(file);
const n = data.x.length;
const load = seconds(t0);
const result = { stage, n, loadSeconds: load, loadNsPerRow: (load * 1e9) / n };
t0 = performance.now();
if (stage === "grid") {
  const G = Number(g);
  const spec = { w: { min: -10, max: 20, count: G }, b: { min: -20, max: 10, count: G } };
  // Both losses, as `landscape` evaluates them; loss and gradient, as `grid` writes them.
  await usingKernelPool(async (pool) => {
    for (const loss of ["mse", "bce"]) await evaluateLossGradParallel(loss, data, spec, { pool });
  });
  result.seconds = seconds(t0);
  result.points = G * G;
  result.nsPerPointSample = (result.seconds * 1e9) / (2 * G * G * n);
} else {
  // The seed run's settings (SGD, lr 2, batch 2, 50 epochs) from the bad start.
  const config = { ...DEFAULT_TRAIN_CONFIG, loss: "mse" };
  const run = stage === "train" ? trainRunFast(data, [-5, -10], config, null) : train(data, [-5, -10], config, null);
  result.seconds = seconds(t0);
  result.final = run.final;
  result.nsPerSampleEpoch = (result.seconds * 1e9) / (n * config.epochs);
}
result.peakBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify(result) + "\n");
