#!/usr/bin/env node
// Two builds of the graph engine side by side, on the bench's models (bench/onnx_peer.py export):
//
//   node bench/onnx-ab.mjs OLD_ROOT [--rounds=N] [--only=cnn,bnmlp]
//
// OLD_ROOT is a checkout with its own dist/ (e.g. `git worktree add /tmp/old <commit> && cd
// /tmp/old && npm ci`); the new side is this repository's dist/. Each round runs a few
// forward+backward passes of each side in turn (so both see the same load), and prints the median
// CPU time per pass of each, their ratio, and whether the loss and gradient are the same bits.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const old = args.find((a) => !a.startsWith("--"));
if (!old) {
  process.stderr.write("usage: node bench/onnx-ab.mjs OLD_ROOT [--rounds=N] [--only=cnn,bnmlp]\n");
  process.exit(2);
}
const rounds = Number(args.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 10);
const only = args.find((a) => a.startsWith("--only="))?.slice(7).split(",") ?? ["cnn", "bnmlp"];
const here = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "onnx-ab-"));
try {
  const r = spawnSync("/usr/bin/python3", [join(here, "bench/onnx_peer.py"), dir, "export"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`onnx_peer.py export failed: ${r.stderr.slice(-1000)}`);
  const side = async (root, name) => {
    const load = (p) => import(pathToFileURL(join(root, "dist", p)).href);
    const [{ npzData }, { graphModel }, { loadOnnx }] = await Promise.all([load("model/model-data.js"), load("model/onnx-model.js"), load("onnx/load.js")]);
    const data = npzData(readFileSync(join(dir, "digits.npz")), "digits.npz");
    const m = graphModel(loadOnnx(readFileSync(join(dir, `${name}.onnx`)), name).graph);
    for (let i = 0; i < 3; i++) m.lossGradient(m.theta, data, "ce");
    return () => m.lossGradient(m.theta, data, "ce");
  };
  const median = (x) => [...x].sort((a, b) => a - b)[x.length >> 1];
  for (const name of only) {
    const A = await side(resolve(old), name), B = await side(here, name);
    const ta = [], tb = [];
    const time = (f, out) => {
      for (let i = 0; i < 3; i++) {
        const c = process.cpuUsage();
        f();
        const d = process.cpuUsage(c);
        out.push((d.user + d.system) / 1e3);
      }
    };
    for (let k = 0; k < rounds; k++) (time(A, ta), time(B, tb));
    const ra = A(), rb = B();
    const same = Object.is(ra.loss, rb.loss) && ra.gradient.every((v, i) => Object.is(v, rb.gradient[i]));
    process.stdout.write(`${name}: old ${median(ta).toFixed(2)} ms, new ${median(tb).toFixed(2)} ms CPU per pass (${(median(tb) / median(ta)).toFixed(2)}×); same bits: ${same ? "yes" : "NO"}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
