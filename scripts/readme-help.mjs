// Writes each command's --help (generated from its option table) into docs/commands.md
// between <!-- help:NAME --> and <!-- /help:NAME --> markers (a new command gets a section
// at the end), so the command reference cannot drift from the code.
// test/readme-help.test.ts checks the page matches.
// Usage: npm run build && node scripts/readme-help.mjs [--check]   (or: npm run docs:help)

import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { COMMAND_REFERENCE, helpBlocks, replaceHelpBlocks } from "../dist/cli/readme-help.js";

const file = fileURLToPath(new URL(`../${COMMAND_REFERENCE}`, import.meta.url));
const before = readFileSync(file, "utf8");
const after = replaceHelpBlocks(before, await helpBlocks());
if (process.argv.includes("--check")) {
  if (after !== before) {
    console.error(`${COMMAND_REFERENCE}'s command help is out of date: run npm run build && node scripts/readme-help.mjs`);
    process.exitCode = 1;
  }
} else if (after !== before) {
  writeFileSync(`${file}.tmp`, after);
  renameSync(`${file}.tmp`, file);
  console.error(`${COMMAND_REFERENCE} updated`);
}
