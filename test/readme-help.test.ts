// docs/commands.md is the generated --help: each command's block matches formatHelp
// exactly (scripts/readme-help.mjs rewrites the blocks).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allCommands, COMMAND_REFERENCE, helpBlocks, replaceHelpBlocks } from "../src/cli/readme-help.js";

const page = readFileSync(new URL(`../${COMMAND_REFERENCE}`, import.meta.url), "utf8");
const FIX = "run `npm run build && node scripts/readme-help.mjs` to regenerate it";

describe("the command reference (docs/commands.md)", () => {
  it("has every command's help block, identical to the generated help", async () => {
    const blocks = await helpBlocks();
    expect([...blocks.keys()]).toEqual((await allCommands()).map((c) => c.name));
    for (const [name, block] of blocks) {
      expect(page.includes(block), `${COMMAND_REFERENCE}'s help:${name} block is stale or missing: ${FIX}`).toBe(true);
    }
  });

  it("documents every option of every command in its block", async () => {
    for (const cmd of await allCommands()) {
      const start = page.indexOf(`<!-- help:${cmd.name} -->`);
      const block = page.slice(start, page.indexOf(`<!-- /help:${cmd.name} -->`));
      for (const o of cmd.options) expect(block, `${cmd.name} --${o.name}`).toMatch(new RegExp(`^  --${o.name}\\b`, "m"));
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
