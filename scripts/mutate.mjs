#!/usr/bin/env node
// Mutation testing per folder: `npm run mutate -- [folder ...] [--concurrency N]`
// (default: nn curvature slices train numerics model formats init basins, in that order).
// Each folder is its own StrykerJS run over src/<folder>/**/*.ts, against that folder's test set
// in vitest.stryker.config.ts (MUTATE_FOLDER), with its own incremental file
// (reports/stryker-incremental-<folder>.json: a rerun tests only the mutants whose code or covering
// tests changed) and report (reports/mutation/<folder>.html and .json). Prints one line per folder:
// mutants, killed, timed out, survived, no coverage, disabled equivalents, score and run time.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Stryker } from "@stryker-mutator/core";

const ALL = ["nn", "curvature", "slices", "train", "numerics", "model", "formats", "init", "basins"];
const args = process.argv.slice(2);
let concurrency = 1;
const folders = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--concurrency") concurrency = Number(args[++i]);
  else if (ALL.includes(args[i])) folders.push(args[i]);
  else {
    process.stderr.write(`mutate: unknown argument ${args[i]}: folders are ${ALL.join(", ")}; --concurrency N\n`);
    process.exit(2);
  }
}
if (!Number.isInteger(concurrency) || concurrency < 1) {
  process.stderr.write("mutate: --concurrency must be a positive integer\n");
  process.exit(2);
}

mkdirSync("reports/mutation", { recursive: true });
const rows = [];
for (const folder of folders.length ? folders : ALL) {
  process.env.MUTATE_FOLDER = folder;
  const started = Date.now();
  const results = await new Stryker({
    mutate: [`src/${folder}/**/*.ts`, `!src/${folder}/index.ts`],
    concurrency,
    incrementalFile: `reports/stryker-incremental-${folder}.json`,
    htmlReporter: { fileName: `reports/mutation/${folder}.html` },
    jsonReporter: { fileName: `reports/mutation/${folder}.json` },
    appendPlugins: ["./scripts/stryker-live-reporter.mjs", "./scripts/stryker-loop-update-ignorer.mjs"],
    ignorers: ["loop-update"],
    reporters: ["clear-text", "progress-append-only", "html", "json", "live"],
  }).runMutationTest();
  const seconds = (Date.now() - started) / 1000;
  const count = (s) => results.filter((r) => r.status === s).length;
  const killed = count("Killed"), timeout = count("Timeout"), survived = count("Survived"), noCov = count("NoCoverage");
  const ignored = count("Ignored");
  const scored = killed + timeout + survived + noCov;
  const row = {
    folder, mutants: results.length, killed, timeout, survived, noCoverage: noCov, disabled: ignored,
    score: scored ? (100 * (killed + timeout)) / scored : 100, seconds,
  };
  rows.push(row);
  writeFileSync(`reports/mutation/${folder}.summary.json`, JSON.stringify(row, null, 2) + "\n");
}
const pad = (s, n) => String(s).padStart(n);
console.log("folder      mutants  killed timeout survived nocov disabled  score    time");
for (const r of rows) {
  console.log(`${r.folder.padEnd(10)} ${pad(r.mutants, 8)} ${pad(r.killed, 7)} ${pad(r.timeout, 7)} ${pad(r.survived, 8)} ${pad(r.noCoverage, 5)} ${pad(r.disabled, 8)} ${pad(r.score.toFixed(1) + "%", 6)} ${pad(Math.round(r.seconds / 60) + " min", 7)}`);
}
