// docs/networks.md's walkthrough quotes real runs: each ```text block there that
// starts with "$ loss-landscape …" must be what that command prints today (byte for byte,
// after an optional "| tail -N"), so the story's numbers cannot drift from the code.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const readme = readFileSync(new URL("../docs/networks.md", import.meta.url), "utf8");
const start = readme.indexOf("\n## Networks walkthrough: ");
const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
const blocks = [...section.matchAll(/```text\n\$ loss-landscape ([^\n]*)\n([\s\S]*?)```/g)].map((m) => ({ command: m[1], output: m[2] }));

describe("docs/networks.md walkthrough", () => {
  it("has quoted runs", () => {
    expect(start).toBeGreaterThan(0);
    expect(blocks.length).toBeGreaterThanOrEqual(6);
  });
  it.each(blocks.map((b) => [b.command, b] as const))("%s", (_c, b) => {
    const m = /^(.*?)(?: \| tail -(\d+))?$/.exec(b.command)!;
    const r = runCli(m[1].split(" "));
    expect(r.status).toBe(0);
    const lines = r.stdout.replace(/\n$/, "").split("\n");
    const shown = m[2] === undefined ? lines : lines.slice(-Number(m[2]));
    expect(shown.join("\n") + "\n").toBe(b.output);
  });
});
