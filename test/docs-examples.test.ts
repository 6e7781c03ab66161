// The docs' shell examples are all accounted for: each ```sh block either runs in
// test/docs-examples.slow.test.ts (it calls only the CLI and plain shell tools) or is
// skipped with a stated reason. Also pins the extraction and the CLI mapping.

import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { claimedOutputs, examplesOf, foreignCommands, mapCli, readExamples } from "./helpers/doc-examples.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

describe("the docs' shell examples", () => {
  const all = readExamples(ROOT);

  it("are found (README and the docs pages have some)", () => {
    expect(all.filter((e) => e.where.startsWith("README.md")).length).toBeGreaterThan(0);
    expect(all.filter((e) => e.where.startsWith("docs/")).length).toBeGreaterThan(10);
  });

  it.each(all.map((e) => [e.where, e] as const))("%s runs, or says why not", (_w, ex) => {
    if (ex.skip !== undefined) {
      expect(ex.skip.length, `${ex.where}: <!-- test: skip --> needs a reason`).toBeGreaterThan(10);
      return;
    }
    const foreign = foreignCommands(mapCli(ex.script));
    expect(foreign, `${ex.where} runs ${foreign.join(", ")}: use the CLI, or mark the block <!-- test: skip REASON -->`).toEqual([]);
  });

  it("reads the test comments right before a block, and nothing else", () => {
    const page = [
      "<!-- test: skip not here -->",
      "text",
      "<!-- test: setup loss-landscape train --save-params a.json -->",
      "<!-- test: set --epochs=2 --samples=20 -->",
      "<!-- test: add --quiet -->",
      "```sh",
      "npx loss-landscape train --epochs 50 --out r.json",
      "```",
      "```text",
      "```sh",
      "```",
      "```sh",
      "npm run -s cli -- grid --format csv > g.csv && npm run landscape -- --out docs/f",
      "node dist/cli/main.js probe | head",
      "```",
    ].join("\n");
    const [a, b] = examplesOf("p.md", page);
    expect(a).toEqual({ where: "p.md:6", script: "npx loss-landscape train --epochs 50 --out r.json", setup: ["loss-landscape train --save-params a.json"], set: ["--epochs=2", "--samples=20"], add: ["--quiet"] });
    expect(b.where).toBe("p.md:12");
    expect(b.skip).toBeUndefined();
    expect(mapCli(b.script)).toBe("loss-landscape grid --format csv > g.csv && loss-landscape landscape --out docs/f\nloss-landscape probe | head");
    expect(claimedOutputs(b.script)).toEqual(["g.csv", "docs/f"]);
    expect(foreignCommands(mapCli(b.script))).toEqual([]);
    expect(foreignCommands("npm install && loss-landscape x 2>&1 | sort")).toEqual(["npm", "sort"]);
  });
});
