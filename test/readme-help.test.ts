// docs/commands.md is the generated --help: each command's block matches formatHelp
// exactly (scripts/readme-help.mjs rewrites the blocks).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allCommands, COMMAND_REFERENCE, helpBlocks, modelCommands, replaceHelpBlocks } from "../src/cli/readme-help.js";
import { runCli } from "./run-cli.js";

const page = readFileSync(new URL(`../${COMMAND_REFERENCE}`, import.meta.url), "utf8");
const FIX = "run `npm run build && node scripts/readme-help.mjs` to regenerate it";

describe("the command reference (docs/commands.md)", () => {
  it("covers every command the CLI lists in its top-level --help", async () => {
    const top = runCli(["--help"]).stdout;
    const listed = [...top.slice(top.indexOf("Commands:")).matchAll(/^  (\S+)/gm)].map((m) => m[1]).sort();
    expect(listed.length).toBeGreaterThan(5);
    expect((await allCommands()).map((c) => c.name).sort(), "a command is missing from allCommands() in src/cli/readme-help.ts").toEqual(listed);
  });

  it("has every command's help block, identical to the generated help", async () => {
    const blocks = await helpBlocks();
    expect([...blocks.keys()]).toEqual([...(await allCommands()).map((c) => c.name), ...(await modelCommands()).map((c) => `${c.name} --model`)]);
    for (const [name, block] of blocks) {
      expect(page.includes(block), `${COMMAND_REFERENCE}'s help:${name} block is stale or missing: ${FIX}`).toBe(true);
    }
  });

  it("documents every option of every command in its block", async () => {
    const keyed = [...(await allCommands()).map((c) => [c.name, c] as const), ...(await modelCommands()).map((c) => [`${c.name} --model`, c] as const)];
    for (const [key, cmd] of keyed) {
      const start = page.indexOf(`<!-- help:${key} -->`);
      expect(start, key).toBeGreaterThanOrEqual(0);
      const block = page.slice(start, page.indexOf(`<!-- /help:${key} -->`));
      for (const o of cmd.options) expect(block, `${key} --${o.name}`).toMatch(new RegExp(`^  ${o.positional ? (o.arg ?? o.name.toUpperCase()) : `--${o.name}`}\\b`, "m"));
    }
  });

  it("gives a command without a block a new section at the end, and leaves a current page alone", async () => {
    const blocks = new Map([["a", "<!-- help:a -->\nA2\n<!-- /help:a -->"], ["b", "<!-- help:b -->\nB\n<!-- /help:b -->"]]);
    const before = "# Commands\n\n<!-- help:a -->\nA1\n<!-- /help:a -->\n";
    const after = replaceHelpBlocks(before, blocks);
    expect(after).toBe("# Commands\n\n<!-- help:a -->\nA2\n<!-- /help:a -->\n\n## `b`\n\n<!-- help:b -->\nB\n<!-- /help:b -->\n");
    expect(replaceHelpBlocks(after, blocks)).toBe(after);
  });
});
