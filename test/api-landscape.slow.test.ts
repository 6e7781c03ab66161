// landscape as a library call: the files it returns are the ones `landscape --out DIR`
// writes, byte for byte, the manifest among them; its option checks name the flags.

import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { landscape, landscapePlan } from "../src/api/index.js";
import { readExplorerBundle, readNetworkExplorerBundle } from "../src/cli/explorer-bundle.js";
import { seedDataset } from "../src/data/dataset.js";
import { runCli } from "./run-cli.js";

describe("landscape", () => {
  it("returns the files `landscape` writes, byte for byte, and the manifest", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "api-landscape-")), "out");
    const flags = ["--w=-10:10:21", "--b=-12:8:17", "--epochs", "15", "--start=-5,-10", "--start", "he", "--no-basins", "--no-study", "--no-networks", "--theme", "dark"];
    const r = runCli(["landscape", "--out", dir, ...flags, "--quiet"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const stages: string[] = [];
    const result = await landscape(
      seedDataset(),
      {
        w: { min: -10, max: 10, count: 21 },
        b: { min: -12, max: 8, count: 17 },
        epochs: 15,
        start: [{ kind: "fixed", w: -5, b: -10 }, { kind: "he" }],
        noBasins: true,
        noStudy: true,
        noNetworks: true,
        theme: "dark",
        explorerBundles: { explorer: readExplorerBundle(), networkExplorer: readNetworkExplorerBundle() },
      },
      { onProgress: (s) => stages.push(s) },
    );
    expect(Object.keys(result.files).sort()).toEqual(readdirSync(dir).sort());
    for (const [name, content] of Object.entries(result.files)) expect(content, name).toBe(readFileSync(join(dir, name), "utf8"));
    expect(result.manifest).toEqual(JSON.parse(readFileSync(join(dir, "landscape.json"), "utf8")));
    expect(result.notes).toEqual([]);
    expect(stages.some((s) => s.startsWith("rendering"))).toBe(true);
  }, 120_000);

  it("checks the options as the flags are checked", () => {
    expect(() => landscapePlan({ figures: ["basins"], noBasins: true })).toThrow("--figures lists basins.svg, which --no-basins skips");
    expect(() => landscapePlan({ start: [] })).toThrow(/--start/);
    expect(() => landscapePlan({ w: { min: -1, max: 1, count: 2000 }, b: { min: -1, max: 1, count: 2000 } })).toThrow(/at most 1024×1024/);
    expect(landscapePlan({ noNetworks: true }).figures.some((f) => f.networks === true)).toBe(false);
  });
});
