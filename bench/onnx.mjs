#!/usr/bin/env node
// ONNX models next to PyTorch CPU float64 on one and two threads (part of `npm run bench`, also alone):
//
//   node bench/onnx.mjs [--quick] [--rounds=N] [--only=ID,ID…]     prints JSON {rows, lines} on stdout
//
// bench/onnx_peer.py (run by /usr/bin/python3) exports the models with torch.onnx.export and writes
// the digits data (1,797 samples of 1×8×8); both sides then run the same work on them:
//   1. forward + backward of the mean cross-entropy, a digits CNN (two 3×3 convs with max pooling,
//      a linear head; 1,898 parameters);
//   2. the same for an MLP with BatchNorm1d (64-64-64-10, eval mode; 9,226 parameters);
//   3. a 41 × 41 filter-normalized slice of the CNN: loss, accuracy and gradient norm per point
//      (what `slice --model` computes; --quick: 11 × 11), ours on every core
//      (evaluateModelSliceParallel: the rows shared between the calling thread and workers).
// Timings are medians; the sides alternate over the rounds so both see the same load. Ratio =
// ours / torch's best wall time of one and two threads (the forward+backward rows, ours on one
// thread; the slice's torch side runs on one thread, two would double the bench's longest part);
// CPU ratio = our CPU time (all threads) / torch's on one thread (on a shared machine, the
// steadier measure).

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { normalizeModelDirection } from "../dist/model/directions.js";
import { npzData } from "../dist/model/model-data.js";
import { graphModel } from "../dist/model/onnx-model.js";
import { evaluateModelSliceParallel } from "../dist/model/slice-parallel.js";
import { loadOnnx } from "../dist/onnx/load.js";
import { randomDirections } from "../dist/slices/directions.js";

const PYTHON = "/usr/bin/python3";
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Whether /usr/bin/python3 has torch and sklearn (null) or why the bench is skipped. */
export function onnxPeerMissing() {
  const r = spawnSync(PYTHON, ["-c", "import torch, sklearn, onnx"], { encoding: "utf8" });
  return r.status === 0 ? null : `ONNX bench skipped: ${PYTHON} cannot import torch, sklearn and onnx`;
}

function python(args, threads = 1) {
  const t = String(threads);
  const env = { ...process.env, OMP_NUM_THREADS: t, OPENBLAS_NUM_THREADS: t, MKL_NUM_THREADS: t };
  const r = spawnSync(PYTHON, [here("onnx_peer.py"), ...args, ...(threads === 1 ? [] : [`--threads=${threads}`])], { encoding: "utf8", env, maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`onnx_peer.py ${args[1]} failed: ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

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

export async function benchOnnx({ quick = false, only = null, rounds = 2, log = (s) => process.stderr.write(s + "\n") } = {}) {
  const missing = onnxPeerMissing();
  if (missing) return { rows: [], lines: [missing], skipped: missing };
  const dir = mkdtempSync(join(tmpdir(), "onnx-bench-"));
  const rows = [];
  try {
    log("onnx: exporting the models (bench/onnx_peer.py) …");
    python([dir, "export"]);
    const data = npzData(readFileSync(join(dir, "digits.npz")), "digits.npz");
    const model = (name) => graphModel(loadOnnx(readFileSync(join(dir, `${name}.onnx`)), `${name}.onnx`).graph);
    const cnnBytes = readFileSync(join(dir, "cnn.onnx"));
    const cnn = model("cnn"), bnmlp = model("bnmlp");
    const [r1, r2] = randomDirections(cnn.P, 2, 5);
    const d1 = normalizeModelDirection(cnn.parameters, cnn.theta, r1, "filter", "zero");
    const d2 = normalizeModelDirection(cnn.parameters, cnn.theta, r2, "filter", "zero");
    const f64 = (name, v) => (writeFileSync(join(dir, name), new Uint8Array(v.buffer, v.byteOffset, v.byteLength)), name);
    const grid = quick ? 11 : 41;
    const q = (r) => (quick ? Math.max(1, Math.ceil(r / 3)) : r);
    let cases = [
      { id: "cnn-fb", model: "cnn", kind: "fb", what: `forward+backward, digits CNN (P = ${cnn.P}), 1,797 samples`, m: cnn, runs: q(10) },
      { id: "bnmlp-fb", model: "bnmlp", kind: "fb", what: `forward+backward, MLP with BatchNorm (P = ${bnmlp.P}), 1,797 samples`, m: bnmlp, runs: q(20) },
      { id: "cnn-slice", model: "cnn", kind: "slice", what: `slice ${grid}×${grid}, digits CNN, filter-normalized (${availableParallelism()} threads)`, m: cnn, grid, runs: 1, d1: f64("d1.f64", d1), d2: f64("d2.f64", d2) },
    ];
    if (only) cases = cases.filter((c) => only.includes(c.id));
    writeFileSync(join(dir, "spec.json"), JSON.stringify({ cases: cases.map(({ m: _m, what: _w, ...c }) => c) }));
    const fn = (c) => {
      if (c.kind === "fb") return () => c.m.lossGradient(c.m.theta, data, "ce").loss;
      const axis = { min: -1, max: 1, count: c.grid };
      return async () => (await evaluateModelSliceParallel({ bytes: cnnBytes, source: "cnn.onnx" }, c.m, c.m.theta, d1, d2, data, "ce", { alpha: axis, beta: axis })).fields.loss.data.reduce((s, v) => s + v, 0);
    };
    const acc = new Map(cases.map((c) => [c.id, { ours: [], oursCpu: [], torch: [], torchCpu: [], torch2: [], check: null, peerCheck: null }]));
    for (let round = 0; round < rounds; round++) {
      for (const c of cases) {
        if (c.kind === "slice" && round > 0) continue;
        log(`onnx: ${c.what} (round ${round + 1}) …`);
        const a = acc.get(c.id);
        if (round === 0 && c.kind === "fb") fn(c)(); // warm-up
        const r = await timeOurs(fn(c), c.runs);
        a.ours.push(...r.seconds);
        a.oursCpu.push(...r.cpu);
        a.check = r.check;
      }
      log(`onnx: PyTorch peer (round ${round + 1}) …`);
      const ids = cases.filter((c) => !(c.kind === "slice" && round > 0)).map((c) => c.id);
      const p = JSON.parse(python([dir, "time", ...ids]));
      for (const [id, r] of Object.entries(p.results)) {
        const a = acc.get(id);
        a.torch.push(...r.seconds);
        a.torchCpu.push(...r.cpu);
        a.peerCheck = r.check;
      }
      const fb = cases.filter((c) => c.kind === "fb").map((c) => c.id);
      if (fb.length) {
        log(`onnx: PyTorch peer on two threads (round ${round + 1}) …`);
        for (const [id, r] of Object.entries(JSON.parse(python([dir, "time", ...fb], 2)).results)) acc.get(id).torch2.push(...r.seconds);
      }
    }
    for (const c of cases) {
      const a = acc.get(c.id);
      const o = median(a.ours), t1 = median(a.torch);
      const t2 = a.torch2.length ? median(a.torch2) : null;
      const t = t2 !== null ? Math.min(t1, t2) : t1;
      const same = Math.abs(a.check - a.peerCheck) <= 1e-9 * Math.abs(a.peerCheck);
      rows.push({ id: c.id, what: c.what, params: c.m.P, ours: o, torch1: t1, torch2: t2, torchBest: t, ratio: o / t, oursCpu: median(a.oursCpu), torch1Cpu: median(a.torchCpu), cpuRatio: median(a.oursCpu) / median(a.torchCpu), check: a.check, peerCheck: a.peerCheck, sameWork: same });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const f = (s) => (s < 0.01 ? `${(s * 1e3).toFixed(3)} ms` : s < 1 ? `${(s * 1e3).toFixed(1)} ms` : `${s.toFixed(2)} s`);
  const lines = [
    "ONNX models vs PyTorch CPU float64: median wall time, ours on one thread (the slice on every core), torch on 1 and 2 (ratio = ours / torch's best, < 1 is faster), and median CPU time (ours: all threads; torch on 1 thread)",
    "| workload | ours | torch 1 thread | torch 2 threads | ratio | CPU: ours | CPU: torch | CPU ratio | same numbers |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) lines.push(`| ${r.what} | ${f(r.ours)} | ${f(r.torch1)} | ${r.torch2 === null ? "—" : f(r.torch2)} | ${r.ratio.toFixed(2)}× | ${f(r.oursCpu)} | ${f(r.torch1Cpu)} | ${r.cpuRatio.toFixed(2)}× | ${r.sameWork ? "yes" : `NO (${r.check} vs ${r.peerCheck})`} |`);
  return { rows, lines, skipped: null };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const only = args.find((a) => a.startsWith("--only="))?.slice(7).split(",") ?? null;
  const rounds = Number(args.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 2);
  const r = await benchOnnx({ quick: args.includes("--quick"), only, rounds });
  process.stderr.write(r.lines.join("\n") + "\n");
  process.stdout.write(JSON.stringify(r) + "\n");
}
