#!/usr/bin/env node
// The network explorer's speed in headless Chromium (Debian's /usr/bin/chromium, or
// CHROMIUM=path): output/network-explorer.html opened from file://, training 2-8-8-1 tanh
// on 500 points (circles; 400 training rows, batches of 10) with the 50×50 decision
// surface, the unit thumbnails and every run's layer statistics redrawn each frame.
// Reports epochs per second for one run and for 4 runs in lockstep, the longest task the
// page ran (PerformanceObserver "longtask", i.e. every task over 50 ms), and, side by
// side, the same trainer in Node without any drawing (the ceiling the page works under).
// Prints JSON {rows, lines, targets} (bench/run.mjs includes it); `--quick` measures 3 s.
//
//   node bench/netexplorer.mjs [--quick]

import { existsSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { builtinTable } from "../dist/nn/datasets.js";
import { initializeNetwork } from "../dist/nn/init.js";
import { splitTable } from "../dist/nn/split.js";
import { networkTrainer } from "../dist/nn/train.js";
import { seededRandom } from "../dist/init/random.js";
import { DEFAULT_OPTIMIZER_OPTIONS } from "../dist/train/optimizers.js";

const QUICK = process.argv.includes("--quick");
const SECONDS = QUICK ? 3 : 8;
const root = fileURLToPath(new URL("..", import.meta.url));
const page = `${root}output/network-explorer.html`;
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const BASE = "#data=circles&samples=500&noise=0.1&test=0.2&hidden=8,8&act=tanh&loss=bce&opt=sgd&lr=0.3&batch=10&epochs=10000&shuffle=1&seed=0";
const CASES = [
  { name: "1 run", runs: 1, hash: `${BASE}&init=xavier-normalized`, target: 30 },
  { name: "4 runs in lockstep", runs: 4, hash: `${BASE}&init=xavier-normalized;he;normal:12;pytorch`, target: 10 },
];

function nodeEpochsPerSecond(runs) {
  const all = builtinTable("circles", { samples: 500, noise: 0.1, dataSeed: 0 });
  const { train } = splitTable(all, 0.2);
  const arch = { inputs: 2, hidden: [8, 8], activation: "tanh" };
  const config = { loss: "bce", optimizer: "sgd", optimizerOptions: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: 0.3 }, batchSize: 10, epochs: 1, shuffle: true };
  const trainers = ["xavier-normalized", "he", "pytorch", "xavier"].slice(0, runs).map((kind) => {
    const rng = seededRandom(0);
    return networkTrainer(arch, initializeNetwork(arch, { kind }, rng, 1).theta, train, config, rng);
  });
  const t0 = performance.now();
  let epochs = 0;
  while (performance.now() - t0 < 2000) {
    for (const t of trainers) t.runEpoch();
    epochs++;
  }
  return (epochs * 1000) / (performance.now() - t0);
}

const out = { rows: [], lines: [], targets: [] };
if (!existsSync(executablePath) || !existsSync(page)) {
  out.lines.push(`Network explorer: skipped (${!existsSync(executablePath) ? `no Chromium at ${executablePath}` : "output/network-explorer.html missing: npm run landscape"})`);
  process.stdout.write(JSON.stringify(out) + "\n");
  process.exit(0);
}
const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
try {
  for (const c of CASES) {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    await tab.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((l) => window.__longTasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: "longtask", buffered: true });
    });
    await tab.goto(pathToFileURL(page).href + c.hash);
    await tab.waitForSelector("#surface");
    await tab.waitForTimeout(300);
    await tab.evaluate(() => (window.__longTasks.length = 0));
    const t0 = Date.now();
    await tab.click("#play");
    await tab.waitForTimeout(SECONDS * 1000);
    const r = await tab.evaluate(() => ({ epoch: Number(document.getElementById("epoch").textContent), long: window.__longTasks.slice() }));
    const seconds = (Date.now() - t0) / 1000;
    await tab.click("#play");
    await tab.close();
    const perRun = r.epoch / seconds;
    const row = { name: c.name, runs: c.runs, seconds, epochs: r.epoch, epochsPerSecond: perRun, longTasks: r.long.length, over100: r.long.filter((d) => d > 100).length, longestTaskMs: r.long.length ? Math.max(...r.long) : 0, nodeEpochsPerSecond: nodeEpochsPerSecond(c.runs), target: c.target };
    out.rows.push(row);
    out.targets.push({ what: `network explorer, ${c.name}: ≥ ${c.target} epochs/s per run`, ok: perRun >= c.target });
    out.targets.push({ what: `network explorer, ${c.name}: no task over 100 ms`, ok: row.longestTaskMs <= 100 });
  }
} finally {
  await browser.close();
}
out.loadavg = loadavg();
out.lines.push(`Network explorer in headless Chromium: 2-8-8-1 tanh, 500 points (400 train, batch 10), 50×50 surface + thumbnails + layer stats every frame (${cpus().length} cores, load average ${out.loadavg[0].toFixed(1)} at the end)`);
out.lines.push("| case | epochs/s per run | tasks > 50 ms | tasks > 100 ms | longest task, ms | same trainer in Node, no drawing, epochs/s |");
out.lines.push("|---|---|---|---|---|---|");
for (const r of out.rows) out.lines.push(`| ${r.name} | ${r.epochsPerSecond.toFixed(1)} | ${r.longTasks} | ${r.over100} | ${r.longestTaskMs.toFixed(0)} | ${r.nodeEpochsPerSecond.toFixed(1)} |`);
process.stdout.write(JSON.stringify(out) + "\n");
