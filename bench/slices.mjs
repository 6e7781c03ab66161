#!/usr/bin/env node
// `npm run bench` (slices and curvature part), also runnable alone:
//   node bench/slices.mjs [--quick] [--no-numpy]
// * a 51 × 51 slice (loss, accuracy, full gradient norm) of a 2-16-16-16-1 tanh network
//   with BCE on 1000 samples: evaluateSlice on the TypeScript reference engine and on the
//   WebAssembly kernel (one thread), evaluateSliceParallel (all cores), next to
//   bench/numpy_slice.py (grid points batched into stacked matmuls) with its BLAS on one
//   thread and on all cores, with the results' checksums compared;
// * the top Hessian eigenvalue of the same network (P = 609) at θ*: Lanczos with full
//   reorthogonalization (extremeEigen, top 1) against the dense route (P R-operator
//   columns + all eigenvalues, hessianSpectrum) and NumPy's eigvalsh and eigh of that matrix.
// Prints a table and returns the figures as JSON (also written by bench/run.mjs).

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { extremeEigen } from "../dist/curvature/extreme-eigen.js";
import { hessianOperator } from "../dist/curvature/operator.js";
import { parameterCount } from "../dist/nn/architecture.js";
import { denseHessian, spectrumOf } from "../dist/nn/hessian.js";
import { evaluateSliceParallel } from "../dist/fast/nn-slice-fast.js";
import { createKernelPool } from "../dist/fast/pool.js";
import { evaluateSlice } from "../dist/slices/slice.js";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const ARCH = { inputs: 2, hidden: [16, 16, 16], activation: "tanh" };

// The same closed-form data, θ* and directions as bench/numpy_slice.py.
function benchTable(n) {
  const x = new Float64Array(2 * n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = 2 * Math.cos(0.7 * i + 0.1);
    x[2 * i + 1] = 2 * Math.sin(1.3 * i);
    y[i] = x[2 * i] * x[2 * i + 1] + 0.3 * x[2 * i] > 0 ? 1 : 0;
  }
  return { x, y, inputs: 2, source: "bench" };
}
function benchVectors(P) {
  const f = (g) => Float64Array.from({ length: P }, (_, k) => g(k));
  return [f((k) => 0.4 * Math.sin(k + 1)), f((k) => Math.cos(0.5 * k)), f((k) => Math.sin(0.37 * k + 1))];
}
const sum = (a) => a.reduce((s, x) => s + x, 0);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
// Wall time and this process's CPU time (user + system): on a shared machine the CPU
// time is the fairer comparison, since both sides run on one thread.
async function time(runs, fn) {
  const t = [], c = [];
  let out;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now(), c0 = process.cpuUsage();
    out = await fn();
    const dc = process.cpuUsage(c0);
    t.push((performance.now() - t0) / 1000);
    c.push((dc.user + dc.system) / 1e6);
  }
  return { seconds: median(t), cpuSeconds: median(c), runs: t, out };
}

const THREADS = availableParallelism();
const checksums = (fields) => ({ lossChecksum: sum(fields.loss.data), gradNormChecksum: sum(fields.gradNorm.data) });

export async function benchSlices({ quick = false, numpy = true, log = (s) => process.stderr.write(s + "\n") } = {}) {
  const n = 1000, g = quick ? 21 : 51, runs = quick ? 1 : 3;
  const data = benchTable(n);
  const P = parameterCount(ARCH);
  const [theta, d1, d2] = benchVectors(P);
  const spec = { alpha: { min: -1, max: 1, count: g }, beta: { min: -1, max: 1, count: g } };
  log(`slice ${g}×${g}, 2-16-16-16-1 tanh (P = ${P}), ${n} samples …`);
  const input = { arch: ARCH, theta, d1, d2, data, loss: "bce" };
  log("  TypeScript reference engine …");
  const tr = await time(1, () => evaluateSlice({ ...input, engine: "reference" }, spec));
  log("  kernel, 1 thread …");
  const ts = await time(runs, () => evaluateSlice(input, spec));
  log(`  kernel, ${THREADS} threads …`);
  const pool = createKernelPool({ threads: THREADS });
  let tp;
  try {
    await evaluateSliceParallel(input, { alpha: spec.alpha, beta: { ...spec.beta, count: 2 } }, { pool, minWork: 0 });
    tp = await time(runs, () => evaluateSliceParallel(input, spec, { pool, minWork: 0 }));
  } finally {
    await pool.close();
  }
  const result = {
    slice: { grid: g, samples: n, params: P, threads: THREADS, seconds: ts.seconds, cpuSeconds: ts.cpuSeconds, runs: ts.runs, ...checksums(ts.out.fields) },
    sliceReference: { seconds: tr.seconds, cpuSeconds: tr.cpuSeconds, ...checksums(tr.out.fields) },
    sliceAllThreads: { threads: THREADS, seconds: tp.seconds, runs: tp.runs, ...checksums(tp.out.fields) },
  };
  log("Lanczos top-1 and the dense route …");
  const H = hessianOperator(ARCH, theta, data, "bce");
  const tl = await time(runs, () => extremeEigen(H, { top: 1, bottom: 0, vectors: false, seed: 1 }));
  const td = await time(1, () => denseHessian(ARCH, theta, data, "bce"));
  const te = await time(1, () => spectrumOf(td.out, P));
  result.lanczos = { params: P, seconds: tl.seconds, runs: tl.runs, steps: tl.out.steps, lambdaMax: tl.out.top.values[0] };
  result.dense = { hessianSeconds: td.seconds, eigenSeconds: te.seconds, lambdaMax: te.out.lambdaMax };
  if (numpy) {
    const dir = mkdtempSync(join(tmpdir(), "slices-bench-"));
    try {
      const file = join(dir, "hessian.f64");
      writeFileSync(file, new Uint8Array(td.out.buffer));
      const peer = (threads, withHessian) => {
        const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
        const r = spawnSync("python3", [here("numpy_slice.py"), n, g, runs, ...(withHessian ? [file] : [])], { encoding: "utf8", env });
        if (r.status !== 0) throw new Error(`numpy_slice.py failed: ${r.stderr}`);
        return JSON.parse(r.stdout);
      };
      log("  NumPy, 1 thread …");
      const np = peer(1, true);
      log(`  NumPy, ${THREADS} threads …`);
      const npAll = peer(THREADS, false);
      result.numpy = { sliceSeconds: median(np.slice), sliceCpuSeconds: median(np.slice_cpu), sliceRuns: np.slice, sliceAllThreadsSeconds: median(npAll.slice), lossChecksum: np.loss_checksum, gradNormChecksum: np.gradnorm_checksum, eigvalshSeconds: median(np.eigvalsh), eighSeconds: median(np.eigh), lambdaMax: np.lambda_max };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const rows = [
    [`slice ${g}², TypeScript reference engine, wall`, result.sliceReference.seconds, result.numpy?.sliceSeconds],
    [`slice ${g}², kernel 1 thread, wall`, result.slice.seconds, result.numpy?.sliceSeconds],
    [`slice ${g}², kernel 1 thread, CPU time`, result.slice.cpuSeconds, result.numpy?.sliceCpuSeconds],
    [`slice ${g}², kernel ${THREADS} threads, wall`, result.sliceAllThreads.seconds, result.numpy?.sliceAllThreadsSeconds],
    [`Lanczos top-1 (${result.lanczos.steps} H·v)`, result.lanczos.seconds, undefined],
    [`dense Hessian (${P} H·v)`, result.dense.hessianSeconds, undefined],
    [`all eigenvalues of ${P}×${P}`, result.dense.eigenSeconds, result.numpy?.eigvalshSeconds],
    [`  NumPy eigh (values + vectors)`, undefined, result.numpy?.eighSeconds],
    [`dense route in all (Hessian + eigenvalues)`, result.dense.hessianSeconds + result.dense.eigenSeconds, undefined],
  ];
  log("\n  what                                   TypeScript s   NumPy s   ratio");
  for (const [what, ts, np] of rows) {
    log(`  ${what.padEnd(38)} ${ts === undefined ? "           –" : ts.toFixed(3).padStart(12)} ${np === undefined ? "        –" : np.toFixed(3).padStart(9)}   ${np === undefined || ts === undefined ? "" : (ts / np).toFixed(2) + "×"}`);
  }
  if (result.numpy) {
    log(`  checksums: loss ${result.slice.lossChecksum} (kernel) ${result.sliceReference.lossChecksum} (reference) ${result.numpy.lossChecksum} (NumPy)`);
    log(`             ‖∇L‖ ${result.slice.gradNormChecksum} (kernel) ${result.sliceReference.gradNormChecksum} (reference) ${result.numpy.gradNormChecksum} (NumPy)`);
    log(`  λmax: Lanczos ${result.lanczos.lambdaMax}, dense ${result.dense.lambdaMax}, NumPy ${result.numpy.lambdaMax}`);
    log(`  Lanczos top-1 costs ${(result.lanczos.seconds / (result.dense.hessianSeconds + result.dense.eigenSeconds)).toFixed(3)} of the dense route (${P} H·v + eigenvalues)`);
  }
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = new Set(process.argv.slice(2));
  await benchSlices({ quick: args.has("--quick"), numpy: !args.has("--no-numpy") });
}
