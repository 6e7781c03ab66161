// Child process of bench/run.mjs: evaluates one grid on all cores and reports its peak
// resident memory (the process's maxRSS, worker threads included).
// Usage: node bench/peak-grid.mjs GRID_N N_SAMPLES
import { evaluateGridParallel } from "../dist/fast/grid-parallel.js";
import { usingKernelPool } from "../dist/fast/pool.js";

const [g, n] = process.argv.slice(2).map(Number);
const x = new Float64Array(n), y = new Float64Array(n);
for (let i = 0; i < n; i++) {
  x[i] = -2 + (4 * (i + 0.5)) / n;
  y[i] = x[i] > 0.2 ? 1 : 0;
}
const baseline = process.resourceUsage().maxRSS * 1024;
const t0 = performance.now();
const spec = { w: { min: -10, max: 20, count: g }, b: { min: -20, max: 10, count: g } };
const r = await usingKernelPool((pool) => evaluateGridParallel("bce", { x, y, source: "bench" }, spec, { pool }));
const ms = performance.now() - t0;
const fieldsBytes = Object.values(r.fields).reduce((s, f) => s + f.data.byteLength, 0);
process.stdout.write(JSON.stringify({ peakBytes: process.resourceUsage().maxRSS * 1024, baselineBytes: baseline, fieldsBytes, ms }) + "\n");
