#!/usr/bin/env node
// Network benchmarks (part of `npm run bench`, also runnable alone):
//   * forward + backward (mean BCE loss and flat gradient) on 1000 samples for 2-16-1,
//     2-64-64-1 and 2-(256x4)-1 tanh networks, ns per (sample × parameter): evaluateNetwork
//     on the TypeScript reference engine and on the WebAssembly kernel (one thread: one
//     evaluation is not split across threads), next to NumPy doing the same batched
//     float64 matmuls (bench/numpy_nn.py) with its BLAS on one thread and on all cores;
//   * layer statistics of a 2-(256x20)-1 ReLU network on 1000 samples next to NumPy's
//     forward + backward of the same network;
//   * all eigenvalues of a dense symmetric 2000 × 2000 matrix next to numpy.linalg.eigvalsh.
// Timings interleave TypeScript and NumPy batches and report median and min: this machine
// is shared, and the min is the less load-sensitive figure.
//
//   node bench/nn.mjs [--quick] [--no-numpy]      prints JSON {rows, eigen, lines} on stdout

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { seededRandom } from "../dist/init/random.js";
import { createNetworkWorkspace } from "../dist/fast/nn-fast.js";
import { evaluateNetwork } from "../dist/nn/forward.js";
import { initializeNetwork } from "../dist/nn/init.js";
import { layerStatistics } from "../dist/nn/layer-stats.js";
import { symmetricEigenvalues } from "../dist/nn/symmetric-eigen.js";

const args = new Set(process.argv.slice(2));
const QUICK = args.has("--quick");
const NUMPY = !args.has("--no-numpy") && spawnSync("python3", ["-c", "import numpy"]).status === 0;
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const log = (t) => process.stderr.write(t + "\n");
const N = 1000;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[s.length >> 1], min: s[0], runs: s.length };
};

const THREADS = availableParallelism();
function numpy(script, argv, threads = 1) {
  const t = String(threads);
  const env = { ...process.env, OMP_NUM_THREADS: t, OPENBLAS_NUM_THREADS: t, MKL_NUM_THREADS: t };
  const r = spawnSync("python3", [here(script), ...argv.map(String)], { encoding: "utf8", env, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function table(inputs, n) {
  const rng = seededRandom(0);
  const x = Float64Array.from({ length: inputs * n }, () => 4 * rng() - 2);
  const y = Float64Array.from({ length: n }, (_, i) => (x[i * inputs] > 0.2 ? 1 : 0));
  return { x, y, inputs, source: "bench" };
}

const cases = [
  { name: "2-16-1", hidden: [16], activation: "tanh", work: "forward+backward", runs: 40, target: true },
  { name: "2-64-64-1", hidden: [64, 64], activation: "tanh", work: "forward+backward", runs: 20, target: true },
  { name: "2-(256x4)-1", hidden: [256, 256, 256, 256], activation: "tanh", work: "forward+backward", runs: 5, target: false },
  { name: "2-(256x20)-1", hidden: Array(20).fill(256), activation: "relu", work: "layers", runs: 3, target: false },
];
const data = table(2, N);
const rows = [];
for (const c of cases) {
  log(`networks: ${c.name} ${c.work} …`);
  const arch = { inputs: 2, hidden: c.hidden, activation: c.activation };
  const { theta } = initializeNetwork(arch, { kind: "xavier-normalized" }, seededRandom(1));
  const P = theta.length;
  const layers = c.work === "layers";
  const reference = layers ? () => layerStatistics(arch, theta, data, "bce") : () => evaluateNetwork(arch, theta, data, "bce", { engine: "reference" });
  const fast = layers ? null : () => evaluateNetwork(arch, theta, data, "bce");
  const workspace = layers ? null : createNetworkWorkspace(arch, data, "bce");
  const reused = layers ? null : () => evaluateNetwork(arch, theta, data, "bce", { workspace });
  reference();
  fast?.();
  reused?.();
  const runs = QUICK ? Math.max(2, c.runs >> 2) : c.runs;
  const tr = [], tf = [], tw = [], np = [], npAll = [];
  const spec = [2, ...c.hidden, 1].join(",");
  const timed = (fn, into) => {
    const t0 = performance.now();
    fn();
    into.push((performance.now() - t0) / 1000);
  };
  // Interleave: a batch of each, twice, so all see the same load.
  for (let b = 0; b < 2; b++) {
    for (let r = 0; r < runs / 2; r++) timed(reference, tr);
    if (fast) for (let r = 0; r < runs / 2; r++) timed(fast, tf);
    if (reused) for (let r = 0; r < runs / 2; r++) timed(reused, tw);
    if (NUMPY) {
      np.push(...numpy("numpy_nn.py", [N, Math.ceil(runs / 2), spec])[spec].seconds);
      npAll.push(...numpy("numpy_nn.py", [N, Math.ceil(runs / 2), spec], THREADS)[spec].seconds);
    }
  }
  const per = (s) => (s * 1e9) / (N * P);
  const ref = stats(tr.map(per));
  const fresh = fast ? stats(tf.map(per)) : null;
  const ours = reused ? stats(tw.map(per)) : null;
  const peer = NUMPY ? stats(np.map(per)) : null;
  const peerAll = NUMPY ? stats(npAll.map(per)) : null;
  const best = ours ?? ref;
  rows.push({ name: c.name, work: c.work, params: P, samples: N, referenceNsPerSampleParam: ref, freshMemoryNsPerSampleParam: fresh, nsPerSampleParam: ours, numpyNsPerSampleParam: peer, numpyAllThreadsNsPerSampleParam: peerAll, ratioMedian: peer ? best.median / peer.median : null, ratioMin: peer ? best.min / peer.min : null, target: c.target });
}

let eigen = null;
{
  const n = QUICK ? 500 : 2000;
  log(`networks: dense eigenvalues ${n}×${n} …`);
  const rng = seededRandom(7);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng() - 0.5;
  const t0 = performance.now();
  const ev = symmetricEigenvalues(a, n);
  const seconds = (performance.now() - t0) / 1000;
  eigen = { n, seconds, numpySeconds: null, maxAbsDiff: null };
  if (NUMPY) {
    const dir = mkdtempSync(join(tmpdir(), "nn-bench-"));
    try {
      writeFileSync(join(dir, "a.bin"), new Uint8Array(a.buffer));
      const r = numpy("numpy_eigh.py", [join(dir, "a.bin"), n]);
      eigen.numpySeconds = r.seconds;
      let d = 0;
      for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(ev[i] - r.eigenvalues[i]));
      eigen.maxAbsDiff = d;
      eigen.maxAbsEigenvalue = Math.max(Math.abs(ev[0]), Math.abs(ev[n - 1]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

const f = (s) => (s ? `${s.median.toFixed(2)} [min ${s.min.toFixed(2)}]` : "—");
const lines = [
  `Networks, ns per (sample × parameter) on ${N} samples, median [min]; the kernel runs one evaluation on one thread`,
  `| network | work | P | TypeScript reference | kernel, new memory per call | kernel, reused workspace | NumPy, 1 thread | NumPy, ${THREADS} threads | workspace / NumPy 1 thread (median, min) |`,
  "|---|---|---|---|---|---|---|---|---|",
];
for (const r of rows) lines.push(`| ${r.name} | ${r.work} | ${r.params} | ${f(r.referenceNsPerSampleParam)} | ${f(r.freshMemoryNsPerSampleParam)} | ${f(r.nsPerSampleParam)} | ${f(r.numpyNsPerSampleParam)} | ${f(r.numpyAllThreadsNsPerSampleParam)} | ${r.ratioMedian ? `${r.ratioMedian.toFixed(2)}×, ${r.ratioMin.toFixed(2)}×` : "—"} |`);
lines.push(`dense eigenvalues ${eigen.n}×${eigen.n}: ${eigen.seconds.toFixed(2)} s (NumPy eigvalsh ${eigen.numpySeconds?.toFixed(2) ?? "—"} s, max |Δλ| ${eigen.maxAbsDiff?.toExponential(1) ?? "—"} of max |λ| ${eigen.maxAbsEigenvalue?.toFixed(1) ?? "—"})`);
const targets = rows.filter((r) => r.target && r.ratioMedian !== null).map((r) => ({ what: `${r.name} forward+backward ≤ 1× NumPy`, ok: r.ratioMedian <= 1 }));
process.stdout.write(JSON.stringify({ rows, eigen, lines, targets }) + "\n");
