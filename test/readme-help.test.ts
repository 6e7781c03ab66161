// README's command reference is the generated --help: each command's block matches
// formatHelp exactly (scripts/readme-help.mjs rewrites the blocks).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allCommands, helpBlocks } from "../src/cli/readme-help.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README command reference", () => {
  it("has every command's help block, identical to the generated help", async () => {
    const blocks = await helpBlocks();
    expect([...blocks.keys()]).toEqual((await allCommands()).map((c) => c.name));
    for (const [name, block] of blocks) {
      expect(readme.includes(block), `README's help:${name} block is stale: run node scripts/readme-help.mjs`).toBe(true);
    }
  });

  it("documents every option of every command in its block", async () => {
    for (const cmd of await allCommands()) {
      const start = readme.indexOf(`<!-- help:${cmd.name} -->`);
      const block = readme.slice(start, readme.indexOf(`<!-- /help:${cmd.name} -->`));
      for (const o of cmd.options) expect(block, `${cmd.name} --${o.name}`).toMatch(new RegExp(o.positional ? `^  ${o.arg}\\b` : `^  --${o.name}\\b`, "m"));
    }
  });
});
