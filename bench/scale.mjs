// The data-size rows of `npm run bench`: 10k, 100k and 1M rows, each in fresh child
// processes so every peak RSS is that stage's own. CSVs are generated deterministically
// into a temporary folder (removed afterwards):
//   * library stages (bench/scale-child.mjs): CSV load, the grid kernel (64² points,
//     both losses, all cores) in ns per point·sample, one training run on the kernel
//     (trainRunFast, the seed settings: SGD, lr 2, batch 2, 50 epochs) and the
//     TypeScript reference train() in ns per sample·epoch;
//   * the landscape study stage by stage (bench/scale-child.mjs landscape: the grids in ns
//     per point·sample, the runs in ns per sample·epoch, rendering, the largest SVG);
//   * the CLI end to end under /usr/bin/time (wall time and peak RSS): `grid --data`,
//     `train --data`, and `landscape --data --no-basins --no-study` with a time limit.

import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { seededRandom } from "../dist/init/random.js";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

/** Writes n rows of x ∈ [−2, 2) with a noisy threshold label, the same bytes for the same n. */
async function writeCsv(path, n) {
  const rng = seededRandom(n);
  const out = createWriteStream(path);
  out.write("x,y\n");
  let chunk = "";
  for (let i = 0; i < n; i++) {
    const x = -2 + (4 * (i + 0.5)) / n;
    chunk += `${x},${x + 0.5 * (rng() - 0.5) > 0.2 ? 1 : 0}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await new Promise((r) => out.once("drain", r));
      chunk = "";
    }
  }
  out.end(chunk);
  await new Promise((r) => out.once("finish", r));
}

function child(args, timeoutMs = 900_000) {
  const p = spawnSync(process.execPath, [here("scale-child.mjs"), ...args], { encoding: "utf8", timeout: timeoutMs });
  if (p.status !== 0) return { error: (p.stderr || p.error?.message || `exit ${p.status}`).trim().split("\n").pop() };
  return JSON.parse(p.stdout);
}

/**
 * A CLI command under /usr/bin/time -v: wall seconds and peak RSS, or why it failed. It
 * runs in its own process group, so a time limit ends the CLI too, not only `time`.
 */
async function cli(args, timeoutMs = 600_000) {
  const t0 = performance.now();
  const p = spawn("/usr/bin/time", ["-v", process.execPath, CLI, ...args], { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  p.stderr.on("data", (d) => (stderr += d));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.kill(-p.pid, "SIGKILL");
  }, timeoutMs);
  const status = await new Promise((resolve) => p.on("close", resolve));
  clearTimeout(timer);
  const seconds = (performance.now() - t0) / 1000;
  if (timedOut) return { error: `did not finish within ${timeoutMs / 1000} s`, seconds };
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const peakBytes = rss ? Number(rss[1]) * 1024 : null;
  if (status !== 0) {
    const why = stderr.split("\n").filter((l) => l && !/^\s/.test(l) && !l.startsWith("Command"))[0];
    return { error: why ?? `exit ${status}`, seconds, peakBytes };
  }
  return { seconds, peakBytes };
}

/**
 * Runs every stage at each size; `log` reports progress. Options: sizes, referenceMax (the
 * largest n the reference train() runs at), landscapeTimeoutMs.
 */
export async function runScale({ sizes = [10_000, 100_000, 1_000_000], referenceMax = 100_000, landscapeTimeoutMs = 600_000, log = () => {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "loss-landscape-bench-"));
  const rows = [];
  const timeAvailable = existsSync("/usr/bin/time");
  try {
    for (const n of sizes) {
      const csv = join(dir, `data-${n}.csv`);
      log(`scale ${n} rows: writing ${csv} …`);
      await writeCsv(csv, n);
      const row = { n };
      log(`scale ${n}: grid …`);
      row.grid = child(["grid", csv, "64"]);
      log(`scale ${n}: train (kernel) …`);
      row.train = child(["train", csv]);
      if (n <= referenceMax) {
        log(`scale ${n}: train (TypeScript reference) …`);
        row.trainReference = child(["train-reference", csv]);
      }
      log(`scale ${n}: landscape study, stage by stage …`);
      row.landscape = child(["landscape", csv], landscapeTimeoutMs);
      if (timeAvailable) {
        log(`scale ${n}: CLI grid, train …`);
        row.cliGrid = await cli(["grid", "--data", csv, "--w=-10:20:64", "--b=-20:10:64", "--out", join(dir, "grid.json")]);
        row.cliTrain = await cli(["train", "--data", csv]);
        log(`scale ${n}: CLI landscape …`);
        // The basin maps and init study train 2 × 128² + 22,000 starts over every sample
        // (about 5.5e4 × n × 50 sample·steps): out of reach at these sizes, so skipped.
        row.cliLandscape = await cli(["landscape", "--data", csv, "--no-basins", "--no-study", "--out", join(dir, `figures-${n}`)], landscapeTimeoutMs);
      }
      rows.push(row);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, notes: timeAvailable ? [] : ["CLI rows skipped: /usr/bin/time is not installed"] };
}

const mib = (b) => (b == null ? "—" : `${(b / 2 ** 20).toFixed(0)} MiB`);
const num = (v, d = 2) => (v == null ? "—" : v.toFixed(d));
const cell = (r, value) => (!r ? "—" : r.error ? `failed: ${r.error}` : value(r));

/** The Markdown tables of a runScale result. */
export function formatScale({ rows }) {
  const lines = [];
  lines.push("Data size: library stages (each in its own process), time per sample and peak RSS");
  lines.push("| rows | CSV load, ns/row | grid 64² (mse+bce, all cores), ns/point·sample | grid peak RSS | train on the kernel, ns/sample·epoch | s | peak RSS | train, TypeScript reference, ns/sample·epoch | s | peak RSS |");
  lines.push("|---|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    lines.push(
      `| ${r.n.toLocaleString("en")} | ${cell(r.grid, (g) => num(g.loadNsPerRow, 0))} | ${cell(r.grid, (g) => num(g.nsPerPointSample))} | ${cell(r.grid, (g) => mib(g.peakBytes))} | ` +
        `${cell(r.train, (t) => num(t.nsPerSampleEpoch, 1))} | ${cell(r.train, (t) => num(t.seconds))} | ${cell(r.train, (t) => mib(t.peakBytes))} | ` +
        `${cell(r.trainReference, (t) => num(t.nsPerSampleEpoch, 1))} | ${cell(r.trainReference, (t) => num(t.seconds))} | ${cell(r.trainReference, (t) => mib(t.peakBytes))} |`,
    );
  }
  lines.push("");
  lines.push("Data size: the landscape study (--no-basins --no-study) stage by stage, in one process");
  lines.push("| rows | total, peak RSS | mse grid: s, ns/point·sample | bce grid: s, ns/point·sample | mse runs: s, ns/sample·epoch | bce runs: s, ns/sample·epoch | rendering: s | largest SVG |");
  lines.push("|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    const l = r.landscape;
    if (!l || l.error) {
      lines.push(`| ${r.n.toLocaleString("en")} | ${cell(l, () => "")} | | | | | | |`);
      continue;
    }
    const find = (re) => l.stages.find((s) => re.test(s.stage));
    const grid = (loss) => cell(find(new RegExp(`${loss} grid`)), (s) => `${num(s.seconds, 1)} s, ${num((s.seconds * 1e9) / (l.gridPoints * r.n))}`);
    // Each loss trains from every start: runs / 2 runs of `epochs` epochs over n samples.
    const runs = (loss) => cell(find(new RegExp(`training ${loss}`)), (s) => `${num(s.seconds, 1)} s, ${num((s.seconds * 1e9) / ((l.runs / 2) * l.epochs * r.n), 1)}`);
    lines.push(
      `| ${r.n.toLocaleString("en")} | ${num(l.seconds, 1)} s, ${mib(l.peakBytes)} | ${grid("mse")} | ${grid("bce")} | ${runs("mse")} | ${runs("bce")} | ` +
        `${cell(find(/rendering/), (s) => num(s.seconds, 1))} | ${(l.largestSvg.bytes / 1024).toFixed(0)} KB (${l.largestSvg.file}) |`,
    );
  }
  lines.push("");
  lines.push("Data size: the CLI end to end (/usr/bin/time), wall seconds and peak RSS");
  lines.push("| rows | grid --data (64²) | train --data | landscape --data --no-basins --no-study |");
  lines.push("|---|---|---|---|");
  const both = (c) => cell(c, (x) => `${num(x.seconds, 1)} s, ${mib(x.peakBytes)}`);
  for (const r of rows) lines.push(`| ${r.n.toLocaleString("en")} | ${both(r.cliGrid)} | ${both(r.cliTrain)} | ${both(r.cliLandscape)} |`);
  return lines;
}

// `node bench/scale.mjs [N …]`: the data-size rows alone (default 10k, 100k and 1M rows),
// the tables on stdout, then the raw results as one JSON line.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = process.argv.slice(2).map(Number).filter((v) => Number.isSafeInteger(v) && v > 0);
  const r = await runScale({ sizes: sizes.length > 0 ? sizes : undefined, log: (m) => process.stderr.write(`${m}\n`) });
  process.stdout.write(`${formatScale(r).join("\n")}\n${JSON.stringify(r)}\n`);
}
