#!/usr/bin/env node
// Tiles on this machine (`node bench/tiles.mjs`, also part of `npm run bench`): a 101×101
// slice of an MLP (2-32-32-1 tanh on 2000 moons samples, P = 1185)
//   * one process, its worker pool on all cores;
//   * 4 tiles under GNU parallel -j 2 (each tile a process of its own);
//   * 4 tiles as a Slurm job array on the local cluster (scripts/slurm-local.sh start;
//     skipped with a line when no cluster answers);
// each with its wall time, then the merge's time, the fixed cost per tile (a tile run of
// a 1-point slice: start-up, inputs, directions, tile header), and the projection to 64
// nodes from the measured cost per point. Merged bytes are checked against the one run.
// Timings depend on the machine and its load; the README quotes one run.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(root, "dist", "cli", "main.js");
const SCRIPT = join(root, "examples", "slurm", "slice-tiles.sbatch");
const SLICE = ["--hidden", "32,32", "--data", "moons", "--samples", "2000", "--alpha=-1:1:101", "--beta=-1:1:101", "--seed", "1", "--quiet"];
const POINTS = 101 * 101;
const log = (t) => process.stderr.write(t + "\n");

function timed(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: "utf8", ...opts });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 4).join(" ")} … exited ${r.status}: ${r.stderr}`);
  return s;
}

export function runTilesBench() {
  const dir = mkdtempSync(join(tmpdir(), "bench-tiles-"));
  const node = process.execPath;
  const out = {};
  try {
    out.oneProcess = timed(node, [CLI, "slice", ...SLICE, "--out", join(dir, "one.json")]);
    log(`tiles: one process ${out.oneProcess.toFixed(2)} s`);
    const hasParallel = spawnSync("parallel", ["--version"]).status === 0;
    if (hasParallel) {
      out.parallel = timed("parallel", ["-j", "2", node, CLI, "slice", ...SLICE, "--tile", "{}/4", "--out", join(dir, "p"), ":::", "0", "1", "2", "3"]);
      const t0 = performance.now();
      timed(node, [CLI, "merge", join(dir, "p"), "--out", join(dir, "p.json")]);
      out.merge = (performance.now() - t0) / 1000;
      out.parallelSame = readFileSync(join(dir, "p.json")).equals(readFileSync(join(dir, "one.json")));
      log(`tiles: parallel -j 2 ${out.parallel.toFixed(2)} s, merge ${out.merge.toFixed(2)} s, same bytes: ${out.parallelSame}`);
    } else log("tiles: GNU parallel not installed (apt-get install parallel): skipped");
    const env = { ...process.env, SLURM_CONF: process.env.SLURM_CONF ?? "/tmp/slurm-local/slurm.conf", LOSS_LANDSCAPE: `${node} ${CLI}` };
    const up = spawnSync("sinfo", ["-h", "-o", "%t"], { env, encoding: "utf8" });
    if (up.status === 0 && /idle|mix/.test(up.stdout)) {
      out.slurm = timed("sbatch", ["--array=0-3", "--wait", "--cpus-per-task=1", `--output=${dir}/%A_%a.out`, SCRIPT, ...SLICE], { env, cwd: dir });
      timed(node, [CLI, "merge", join(dir, "tiles"), "--out", join(dir, "s.json")]);
      out.slurmSame = readFileSync(join(dir, "s.json")).equals(readFileSync(join(dir, "one.json")));
      log(`tiles: Slurm array 0-3 ${out.slurm.toFixed(2)} s, same bytes: ${out.slurmSame}`);
    } else log("tiles: no Slurm cluster answers (sudo scripts/slurm-local.sh start): skipped");
    // The fixed cost of a tile: the same model and data, a 2-point slice.
    const tiny = SLICE.map((a) => (a.startsWith("--alpha") ? "--alpha=-1:1:2" : a.startsWith("--beta") ? "--beta=-1:1:2" : a));
    const fixed = [0, 1, 2].map((k) => timed(node, [CLI, "slice", ...tiny, "--tile", `${k}/4`, "--out", join(dir, "tiny")]));
    out.tileFixed = fixed.sort((a, b) => a - b)[1];
    const cores = availableParallelism();
    // Core-seconds per point, from the one-process run (its pool keeps every core busy).
    out.corePerPoint = (out.oneProcess * cores) / POINTS;
    out.cores = cores;
    out.load = loadavg()[0];
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatTiles(r) {
  const f = (s) => (s === undefined ? "skipped" : `${s.toFixed(2)} s`);
  const lines = [
    `101×101 slice, 2-32-32-1 tanh, 2000 samples (${r.cores} cores, load ${r.load.toFixed(1)}):`,
    `  one process, ${r.cores} worker threads   ${f(r.oneProcess)}`,
    `  4 tiles, GNU parallel -j 2        ${f(r.parallel)}${r.parallelSame === undefined ? "" : r.parallelSame ? " (merge = one run, byte for byte)" : " (MERGE DIFFERS)"}`,
    `  4 tiles, local Slurm array        ${f(r.slurm)}${r.slurmSame === undefined ? "" : r.slurmSame ? " (merge = one run, byte for byte)" : " (MERGE DIFFERS)"}`,
    `  merge of the 4 tiles              ${f(r.merge)}`,
    `  fixed cost of one tile            ${f(r.tileFixed)} (start-up, inputs, directions, header)`,
    `  cost per point                    ${(r.corePerPoint * 1e3).toFixed(2)} core-ms`,
  ];
  for (const [label, points] of [["101×101", POINTS], ["1001×1001", 1001 * 1001]]) {
    const perNode = (points * r.corePerPoint) / (64 * r.cores);
    lines.push(`  64 nodes × ${r.cores} cores, ${label}: ≈ ${(perNode + r.tileFixed).toFixed(1)} s per tile + merge (64 tiles of ${Math.ceil(points / 64)} points)`);
  }
  return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = runTilesBench();
  console.log(formatTiles(r));
}
