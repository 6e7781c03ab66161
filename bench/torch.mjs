#!/usr/bin/env node
// The network engine next to PyTorch CPU float64 (part of `npm run bench`, also alone):
//
//   node bench/torch.mjs [--quick] [--rounds=N] [--only=ID,ID…]     prints JSON {rows, lines} on stdout
//
// Seven workloads on the same data, parameters and directions (written to a temp
// directory and read by bench/torch_peer.py, run by /usr/bin/python3 with torch.set_num_threads
// 1 and 2), plus the dense symmetric eigensolver against torch/NumPy (LAPACK) eigvalsh:
//   1. forward + backward of the mean BCE loss on 1000 samples: 2-16-1, 2-64-64-1, 2-(256x4)-1;
//   2. H·v at P = 609 (2-16-16-16-1) and P = 17,025 (2-128-128-1), one-shot (forward, backward
//      and the product) and with the forward/backward state shared between products;
//   3. the top 5 Hessian eigenvalues to 1e-8 relative at P = 609 (ours: Lanczos with full
//      reorthogonalization; torch: scipy's ARPACK eigsh on the double-backward H·v);
//   4. the dense Hessian and all its eigenvalues at P = 609 and P = 1,801 (2-40-40-1);
//   5. a 51 × 51 filter-normalized slice of a trained 2-16-16-16-1 (ours: loss, accuracy
//      and ‖∇L‖ per point; torch: the loss-only no_grad loop);
//   6. 100 epochs of Adam, batch 32, shuffled, on 2-16-16-16-1;
//   7. `layers` (per-layer statistics) of a 2-(256x20)-1 ReLU network.
// Each side's timings are medians over its runs; ratio = ours / the better of torch's 1- and
// 2-thread medians. The two sides alternate in two rounds so both see the same load (the
// two longest workloads, marked `once`, run in the first round only).

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { extremeEigen } from "../dist/curvature/extreme-eigen.js";
import { hessianOperator } from "../dist/curvature/operator.js";
import { createNetworkWorkspace } from "../dist/fast/nn-fast.js";
import { evaluateSliceParallel } from "../dist/fast/nn-slice-fast.js";
import { createKernelPool } from "../dist/fast/pool.js";
import { seededRandom } from "../dist/init/random.js";
import { parameterCount } from "../dist/nn/architecture.js";
import { evaluateNetwork } from "../dist/nn/forward.js";
import { hessianSpectrum } from "../dist/nn/hessian.js";
import { createCurvatureWorkspace, hessianVector } from "../dist/nn/hvp.js";
import { initializeNetwork } from "../dist/nn/init.js";
import { layerStatistics } from "../dist/nn/layer-stats.js";
import { symmetricEigenvalues } from "../dist/nn/symmetric-eigen.js";
import { trainNetwork } from "../dist/nn/train.js";
import { randomDirections } from "../dist/slices/directions.js";
import { normalizeDirection } from "../dist/slices/normalize.js";
import { evaluateSlice } from "../dist/slices/slice.js";
import { DEFAULT_OPTIMIZER_OPTIONS } from "../dist/train/optimizers.js";

const PYTHON = "/usr/bin/python3";
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const N = 1000;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Closed-form data (bench/slices.mjs's): two inputs in [−2, 2], a curved class boundary. */
function benchTable(n) {
  const x = new Float64Array(2 * n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = 2 * Math.cos(0.7 * i + 0.1);
    x[2 * i + 1] = 2 * Math.sin(1.3 * i);
    y[i] = x[2 * i] * x[2 * i + 1] + 0.3 * x[2 * i] > 0 ? 1 : 0;
  }
  return { x, y, inputs: 2, source: "bench" };
}

const arch = (hidden, activation = "tanh") => ({ inputs: 2, hidden, activation });
const init = (a, seed) => initializeNetwork(a, { kind: "xavier-normalized" }, seededRandom(seed)).theta;
const unit = (P, seed) => {
  const r = seededRandom(seed), v = Float64Array.from({ length: P }, () => r() - 0.5);
  const s = norm(v);
  return v.map((t) => t / s);
};
const adamConfig = (epochs) => ({ loss: "bce", optimizer: "adam", optimizerOptions: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: 0.01 }, batchSize: 32, epochs, shuffle: true });

/** Workloads: what each side runs and how often (runs per round; two rounds). */
function workloads(quick, data) {
  const q = (r) => (quick ? Math.max(1, Math.ceil(r / 3)) : r);
  const A609 = arch([16, 16, 16]), A17k = arch([128, 128]), A1801 = arch([40, 40]);
  const t609 = init(A609, 2), t17k = init(A17k, 3), t1801 = init(A1801, 4);
  // θ* of the slice: 2-16-16-16-1 trained with Adam from t609.
  const trained = trainNetwork(A609, t609, data, adamConfig(30), seededRandom(9)).final;
  const [r1, r2] = randomDirections(trained.length, 2, 11);
  const d1 = normalizeDirection(A609, trained, r1, "filter", "zero");
  const d2 = normalizeDirection(A609, trained, r2, "filter", "zero");
  const ev = 2000;
  const rng = seededRandom(7), sym = new Float64Array(ev * ev);
  for (let i = 0; i < ev; i++) for (let j = 0; j <= i; j++) sym[i * ev + j] = sym[j * ev + i] = rng() - 0.5;
  const fb = (id, a, theta, runs) => ({ id, what: `forward+backward ${describe(a)}`, kind: "fb", a, theta, runs: q(runs) });
  return [
    fb("fb-2-16-1", arch([16]), init(arch([16]), 1), 40),
    fb("fb-2-64-64-1", arch([64, 64]), init(arch([64, 64]), 1), 20),
    fb("fb-256x4", arch([256, 256, 256, 256]), init(arch([256, 256, 256, 256]), 1), 6),
    { id: "hvp-609", what: "H·v one-shot, P = 609", kind: "hvp", a: A609, theta: t609, v: unit(609, 5), runs: q(20) },
    { id: "hvp-609-shared", what: "H·v state shared, P = 609", kind: "hvp-shared", a: A609, theta: t609, v: unit(609, 5), runs: q(40) },
    { id: "hvp-17k", what: "H·v one-shot, P = 17,025", kind: "hvp", a: A17k, theta: t17k, v: unit(17025, 6), runs: q(6) },
    { id: "hvp-17k-shared", what: "H·v state shared, P = 17,025", kind: "hvp-shared", a: A17k, theta: t17k, v: unit(17025, 6), runs: q(10) },
    { id: "top5-609", what: "top-5 eigenvalues, tol 1e-8, P = 609", kind: "top", a: A609, theta: t609, k: 5, tol: 1e-8, runs: q(3) },
    { id: "dense-609", what: "dense Hessian + eigenvalues, P = 609", kind: "dense", a: A609, theta: t609, runs: q(2) },
    { id: "dense-1801", what: "dense Hessian + eigenvalues, P = 1,801", kind: "dense", a: A1801, theta: t1801, runs: 1, once: true },
    { id: "slice-51", what: "slice 51², trained 2-16-16-16-1", kind: "slice", a: A609, theta: trained, d1, d2, grid: quick ? 21 : 51, runs: q(2) },
    { id: "adam-100", what: "Adam, 100 epochs, batch 32, 2-16-16-16-1", kind: "adam", a: A609, theta: t609, epochs: quick ? 20 : 100, lr: 0.01, batch: 32, runs: q(2) },
    { id: "layers-256x20", what: "layers, 2-(256x20)-1 ReLU", kind: "layers", a: arch(Array(20).fill(256), "relu"), theta: init(arch(Array(20).fill(256), "relu"), 8), runs: q(3) },
    { id: "eigvalsh-2000", what: `all eigenvalues, ${quick ? 500 : ev}² dense`, kind: "eigvalsh", matrix: quick ? leading(sym, ev, 500) : sym, n: quick ? 500 : ev, runs: 1, once: true },
  ];
}
const leading = (a, n, m) => {
  const b = new Float64Array(m * m);
  for (let i = 0; i < m; i++) b.set(a.subarray(i * n, i * n + m), i * m);
  return b;
};
const describe = (a) => `2-${a.hidden.length > 2 && a.hidden.every((w) => w === a.hidden[0]) ? `(${a.hidden[0]}x${a.hidden.length})` : a.hidden.join("-")}-1`;

/** Our side of one workload: a function to time and a check value comparable to the peer's. */
function ours(c, data, pool) {
  const { a, theta } = c;
  switch (c.kind) {
    case "fb": {
      const workspace = createNetworkWorkspace(a, data, "bce");
      return () => evaluateNetwork(a, theta, data, "bce", { workspace }).loss;
    }
    case "hvp": {
      // One-shot: forward, backward and the product every call, as torch's double-backward;
      // the engine memory is reused as torch's caching allocator reuses its memory.
      const workspace = createCurvatureWorkspace(a, data, "bce");
      return () => norm(hessianVector(a, theta, data, "bce", c.v, { workspace }));
    }
    case "hvp-shared": {
      const op = hessianOperator(a, theta, data, "bce");
      const out = new Float64Array(op.size);
      return () => (op.apply(c.v, out), norm(out));
    }
    case "top": {
      const workspace = createCurvatureWorkspace(a, data, "bce");
      return () => extremeEigen(hessianOperator(a, theta, data, "bce", { workspace }), { top: c.k, bottom: 0, vectors: false, seed: 1, tol: c.tol }).top.values;
    }
    case "dense":
      return () => hessianSpectrum(a, theta, data, "bce").lambdaMax;
    case "slice": {
      const axis = { min: -1, max: 1, count: c.grid };
      const input = { arch: a, theta, d1: c.d1, d2: c.d2, data, loss: "bce" };
      return pool ? async () => sum((await evaluateSliceParallel(input, { alpha: axis, beta: axis }, { pool, minWork: 0 })).fields.loss.data) : () => sum(evaluateSlice(input, { alpha: axis, beta: axis }).fields.loss.data);
    }
    case "adam":
      return () => trainNetwork(a, theta, data, adamConfig(c.epochs), seededRandom(0)).finalLoss;
    case "layers":
      return () => layerStatistics(a, theta, data, "bce").reduce((s, l) => s + l.preactivation.std, 0);
    case "eigvalsh":
      return () => symmetricEigenvalues(c.matrix, c.n).at(-1);
  }
  throw new Error(c.kind);
}
const norm = (v) => Math.sqrt(v.reduce((s, t) => s + t * t, 0));
const sum = (v) => v.reduce((s, t) => s + t, 0);

async function timeOurs(fn, runs) {
  const s = [], cpu = [];
  let check;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    check = await fn();
    s.push((performance.now() - t0) / 1000);
    const dc = process.cpuUsage(c0);
    cpu.push((dc.user + dc.system) / 1e6);
  }
  return { seconds: s, cpu, check };
}

/** Whether /usr/bin/python3 has torch (null) or why the peer is skipped. */
export function torchMissing() {
  const r = spawnSync(PYTHON, ["-c", "import torch, scipy"], { encoding: "utf8" });
  return r.status === 0 ? null : `PyTorch peer skipped: ${PYTHON} cannot import torch and scipy`;
}

function peer(dir, threads, ids) {
  const t = String(threads);
  const env = { ...process.env, OMP_NUM_THREADS: t, OPENBLAS_NUM_THREADS: t, MKL_NUM_THREADS: t };
  const r = spawnSync(PYTHON, [here("torch_peer.py"), dir, t, ...ids], { encoding: "utf8", env, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`torch_peer.py failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout);
}

function writeInputs(dir, data, cases) {
  const f64 = (name, v) => (writeFileSync(join(dir, name), new Uint8Array(v.buffer, v.byteOffset, v.byteLength)), name);
  f64("x.f64", data.x);
  f64("y.f64", data.y);
  const spec = { n: N, inputs: 2, cases: [] };
  for (const c of cases) {
    const s = { id: c.id, kind: c.kind, runs: c.runs };
    if (c.a) Object.assign(s, { widths: [2, ...c.a.hidden, 1], activation: c.a.activation, theta: f64(`${c.id}.theta.f64`, c.theta) });
    for (const k of ["v", "d1", "d2"]) if (c[k]) s[k] = f64(`${c.id}.${k}.f64`, c[k]);
    for (const k of ["k", "tol", "grid", "epochs", "lr", "batch", "n"]) if (c[k] !== undefined) s[k] = c[k];
    if (c.matrix) s.matrix = f64(`${c.id}.matrix.f64`, c.matrix);
    spec.cases.push(s);
  }
  writeFileSync(join(dir, "spec.json"), JSON.stringify(spec));
}

export async function benchTorch({ quick = false, only = null, rounds = 2, log = (s) => process.stderr.write(s + "\n") } = {}) {
  const data = benchTable(N);
  log("torch: preparing workloads (training the slice's θ*) …");
  let cases = workloads(quick, data);
  if (only) cases = cases.filter((c) => only.includes(c.id));
  const missing = torchMissing();
  const dir = mkdtempSync(join(tmpdir(), "torch-bench-"));
  const pool = createKernelPool({ threads: 2 });
  const rows = [];
  try {
    writeInputs(dir, data, cases);
    const acc = new Map(cases.map((c) => [c.id, { ours: [], oursCpu: [], ours2: [], t1: [], t1Cpu: [], t2: [], np: [], check: null, peerCheck: null, extra: null }]));
    for (let round = 0; round < rounds; round++) {
      for (const c of cases) {
        if (c.once && round === 1) continue;
        log(`torch: ${c.what} (round ${round + 1}) …`);
        const a = acc.get(c.id);
        const fn = ours(c, data, null);
        if (round === 0) await fn(); // warm-up: tier-up, kernel compile, page faults
        const r = await timeOurs(fn, c.runs);
        a.ours.push(...r.seconds);
        a.oursCpu.push(...r.cpu);
        a.check = r.check;
        if (c.kind === "slice") {
          const par = ours(c, data, pool);
          if (round === 0) await par();
          a.ours2.push(...(await timeOurs(par, c.runs)).seconds);
        }
      }
      if (!missing) {
        const ids = cases.filter((c) => !(c.once && round === 1)).map((c) => c.id);
        for (const [threads, key] of [[1, "t1"], [2, "t2"]]) {
          log(`torch: PyTorch peer, ${threads} thread${threads > 1 ? "s" : ""} (round ${round + 1}) …`);
          const p = peer(dir, threads, ids);
          for (const [id, r] of Object.entries(p.results)) {
            const a = acc.get(id);
            a[key].push(...r.seconds);
            if (threads === 1) a.t1Cpu.push(...r.cpu);
            a.peerCheck = r.check;
            if (r.check?.numpy) a.np.push(...r.check.numpy);
            if (r.check?.build) a.extra = { ...(a.extra ?? {}), [key]: { build: median(r.check.build), eig: median(r.check.eig) } };
          }
        }
      }
    }
    for (const c of cases) {
      const a = acc.get(c.id);
      const o = median(a.ours);
      const o2 = a.ours2.length ? median(a.ours2) : null;
      const t1 = a.t1.length ? median(a.t1) : null, t2 = a.t2.length ? median(a.t2) : null;
      const np = a.np.length ? median(a.np) : null;
      const peers = [t1, t2, np].filter((v) => v !== null);
      const best = peers.length ? Math.min(...peers) : null;
      const oursBest = o2 !== null ? Math.min(o, o2) : o;
      const oc = median(a.oursCpu), tc = a.t1Cpu.length ? median(a.t1Cpu) : null;
      rows.push({ id: c.id, what: c.what, params: c.a ? parameterCount(c.a) : null, ours: o, ours2Threads: o2, torch1: t1, torch2: t2, numpy: np, ratio: best ? oursBest / best : null, oursCpu: oc, torch1Cpu: tc, cpuRatio: tc ? oc / tc : null, check: a.check, peerCheck: a.peerCheck, torchDense: a.extra });
    }
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const f = (s) => (s === null || s === undefined ? "—" : s < 0.01 ? `${(s * 1e3).toFixed(3)} ms` : s < 1 ? `${(s * 1e3).toFixed(1)} ms` : `${s.toFixed(2)} s`);
  const lines = [
    "Network engine vs PyTorch CPU float64, median wall time (ratio = ours / best peer, < 1 is faster) and median CPU time of one-thread runs",
    "| workload | ours, 1 thread | ours, 2 threads | torch 1 thread | torch 2 threads | NumPy | ratio | CPU: ours | CPU: torch 1 thread | CPU ratio |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  const x = (v) => (v ? v.toFixed(2) + "×" : "—");
  for (const r of rows) lines.push(`| ${r.what} | ${f(r.ours)} | ${f(r.ours2Threads)} | ${f(r.torch1)} | ${f(r.torch2)} | ${f(r.numpy)} | ${x(r.ratio)} | ${f(r.oursCpu)} | ${f(r.torch1Cpu)} | ${x(r.cpuRatio)} |`);
  if (missing) lines.push(missing);
  return { rows, lines, skipped: missing };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const only = args.find((a) => a.startsWith("--only="))?.slice(7).split(",") ?? null;
  const rounds = Number(args.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 2);
  const r = await benchTorch({ quick: args.includes("--quick"), only, rounds });
  process.stderr.write(r.lines.join("\n") + "\n");
  for (const row of r.rows) process.stderr.write(`  check ${row.id}: ours ${JSON.stringify(row.check)} torch ${JSON.stringify(row.peerCheck)}\n`);
  process.stdout.write(JSON.stringify(r) + "\n");
}
