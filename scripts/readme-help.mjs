// Writes each command's --help (generated from its option table) into README.md between
// <!-- help:NAME --> and <!-- /help:NAME --> markers, so the command reference cannot
// drift from the code. test/readme-help.test.ts checks the README matches.
// Usage: npm run build && node scripts/readme-help.mjs [--check]

import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { helpBlocks, replaceHelpBlocks } from "../dist/cli/readme-help.js";

const file = fileURLToPath(new URL("../README.md", import.meta.url));
const before = readFileSync(file, "utf8");
const after = replaceHelpBlocks(before, await helpBlocks());
if (process.argv.includes("--check")) {
  if (after !== before) {
    console.error("README.md's command help is out of date: run node scripts/readme-help.mjs");
    process.exitCode = 1;
  }
} else if (after !== before) {
  writeFileSync(`${file}.tmp`, after);
  renameSync(`${file}.tmp`, file);
  console.error("README.md updated");
}
