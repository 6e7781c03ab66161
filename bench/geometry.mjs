#!/usr/bin/env node
// Geometry benchmarks (see docs/geometry.md). Not part of the test suite; timings depend
// on the machine and its load, so each side runs in the same invocation.
//
//   node bench/geometry.mjs [--quick] [--no-torch]
//
// Prints progress on stderr and one JSON document on stdout ({connect, trace, lines,
// targets}), which bench/run.mjs folds into its report.
//
// * connect's Bezier bend on moons 2-(16x2)-1 tanh (200 samples, BCE, Adam lr 0.01): the
//   library's trainBend against the same loop in PyTorch CPU float64 (one thread,
//   bench/torch_connect.py, /usr/bin/python3), the same t sequence and step count;
//   seconds (median of 3) and the largest difference of the two trained bends.
// * Hutch++ against Hutchinson: products per estimate needed for a relative RMS error of
//   10% and 1% of the exact trace (dense Hessian) over 30 seeds, on networks of the tests.

import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { hessianOperator } from "../dist/curvature/operator.js";
import { compareTraceEstimators } from "../dist/curvature/hutchpp.js";
import { bendTimes, midpoint, trainBend } from "../dist/geometry/curve-train.js";
import { networkObjective } from "../dist/geometry/objective.js";
import { seededRandom } from "../dist/init/random.js";
import { builtinTable } from "../dist/nn/datasets.js";
import { hessianSpectrum } from "../dist/nn/hessian.js";
import { initializeNetwork } from "../dist/nn/init.js";
import { thetaToLayers } from "../dist/formats/params-json.js";
import { trainNetwork } from "../dist/nn/train.js";
import { DEFAULT_OPTIMIZER_OPTIONS } from "../dist/train/optimizers.js";

const args = new Set(process.argv.slice(2));
const QUICK = args.has("--quick");
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function solution(arch, data, seed, loss) {
  const { theta } = initializeNetwork(arch, { kind: "xavier-normal" }, seededRandom(seed), 1, data);
  const config = { loss, optimizer: "adam", optimizerOptions: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: 0.01 }, batchSize: 20, epochs: QUICK ? 50 : 200, shuffle: false };
  return trainNetwork(arch, theta, data, config).final;
}

// ---- connect: Bezier bend, library vs PyTorch ----
const arch = { inputs: 2, hidden: [16, 16], activation: "tanh" };
const data = builtinTable("moons", { samples: 200, noise: null, dataSeed: 0 });
const a = solution(arch, data, 1, "bce"), b = solution(arch, data, 2, "bce");
const steps = QUICK ? 200 : 1000;
const obj = networkObjective(arch, data, "bce");
const cfg = { kind: "bezier", steps, optimizer: "adam", options: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: 0.01 }, seed: 0 };
const ours = [];
let bend;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  bend = trainBend(obj, a, b, midpoint(a, b), cfg).bend;
  ours.push((performance.now() - t0) / 1000);
}
const connect = { arch: "2-16-16-1 tanh", samples: 200, steps, ours: median(ours), torch: null, torchVersion: null, maxBendDiff: null };
if (!args.has("--no-torch")) {
  const dir = mkdtempSync(join(tmpdir(), "bench-connect-"));
  const job = join(dir, "job.json");
  writeFileSync(job, JSON.stringify({ inputs: 2, x: Array.from(data.x), y: Array.from(data.y), a: thetaToLayers(arch, a), b: thetaToLayers(arch, b), t: Array.from(bendTimes(0, steps)), lr: 0.01 }));
  const times = [];
  let peer = null;
  for (let r = 0; r < 3; r++) {
    const p = spawnSync("/usr/bin/python3", [here("./torch_connect.py"), job], { encoding: "utf8" });
    if (p.status !== 0) {
      connect.torch = `failed: ${p.stderr.trim().split("\n").pop()}`;
      break;
    }
    peer = JSON.parse(p.stdout);
    times.push(peer.seconds);
  }
  if (peer && times.length === 3) {
    connect.torch = median(times);
    connect.torchVersion = peer.torch;
    const flat = peer.bend.flatMap((l) => [...l.weight.flat(), ...l.bias]);
    connect.maxBendDiff = Math.max(...flat.map((v, i) => Math.abs(v - bend[i])));
  }
}
const lines = [];
const log = (t) => {
  lines.push(t);
  process.stderr.write(t + "\n");
};
log(`connect --curve bezier, ${connect.arch}, ${connect.samples} moons, ${steps} Adam steps: ours ${connect.ours.toFixed(3)} s, PyTorch ${typeof connect.torch === "number" ? `${connect.torch.toFixed(3)} s (torch ${connect.torchVersion}, 1 thread); largest bend difference ${connect.maxBendDiff.toExponential(2)}` : connect.torch ?? "skipped"}`);

// ---- Hutch++ vs Hutchinson ----
const nets = [
  { arch: { inputs: 2, hidden: [8, 8], activation: "tanh" }, loss: "bce" },
  { arch: { inputs: 2, hidden: [16, 16], activation: "tanh" }, loss: "bce" },
  { arch: { inputs: 2, hidden: [8, 8, 8], activation: "sigmoid" }, loss: "mse" },
];
const budgets = [6, 12, 24, 48, 96, 192, 384, 768, 1536];
const repeats = QUICK ? 10 : 30;
const trace = [];
for (const n of nets) {
  const d = builtinTable("moons", { samples: 100, noise: null, dataSeed: 0 });
  const theta = solution(n.arch, d, 3, n.loss);
  const exact = hessianSpectrum(n.arch, theta, d, n.loss).trace;
  const op = hessianOperator(n.arch, theta, d, n.loss);
  const rows = budgets.map((m) => {
    const c = compareTraceEstimators(op, m, repeats, 0);
    const rel = (r) => Math.sqrt(r.estimates.reduce((s, e) => s + (e - exact) ** 2, 0) / r.estimates.length) / Math.abs(exact);
    return { products: m, hutchinson: rel(c.hutchinson), hutchpp: rel(c.hutchpp) };
  });
  const need = (key, tol) => rows.find((r) => r[key] <= tol)?.products ?? null;
  const entry = { arch: `${n.arch.inputs}-${n.arch.hidden.join("-")}-1 ${n.arch.activation}`, loss: n.loss, P: theta.length, exact, rows, need: {} };
  for (const tol of [0.1, 0.01]) entry.need[tol] = { hutchinson: need("hutchinson", tol), hutchpp: need("hutchpp", tol) };
  trace.push(entry);
  log(`trace of ${entry.arch} (${n.loss}, P = ${entry.P}, exact ${exact.toExponential(4)}), products for relative RMS error ≤ 10% / 1% over ${repeats} seeds: Hutchinson ${entry.need[0.1].hutchinson ?? ">1536"} / ${entry.need[0.01].hutchinson ?? ">1536"}, Hutch++ ${entry.need[0.1].hutchpp ?? ">1536"} / ${entry.need[0.01].hutchpp ?? ">1536"}`);
}
const targets = [];
if (typeof connect.torch === "number") targets.push({ what: `connect Bezier bend, ${connect.arch}, ${steps} steps: < the same loop in PyTorch float64`, ok: connect.ours < connect.torch });
for (const e of trace) {
  const h = e.need[0.01].hutchinson, p = e.need[0.01].hutchpp;
  targets.push({ what: `trace of ${e.arch}: Hutch++ needs fewer products than Hutchinson for 1% error`, ok: p !== null && (h === null || p < h) });
}
process.stdout.write(JSON.stringify({ connect, trace, lines, targets }) + "\n");
