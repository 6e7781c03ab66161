// `sharpness` on the tile machinery: its ascent starts are independent points (each start
// seeded alone), so tiles computed apart and merged give the same bytes as one run, a
// stopped run resumes, and each start equals the same start of a whole worstCaseSharpness.

import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { networkObjective } from "../../src/geometry/objective.js";
import { ascentStart, sharpnessSetup, startSeed, worstCaseSharpness } from "../../src/geometry/sharpness.js";
import { seededRandom } from "../../src/init/random.js";
import type { Architecture } from "../../src/nn/architecture.js";
import { builtinTable } from "../../src/nn/datasets.js";
import { initializeNetwork } from "../../src/nn/init.js";
import { serializeParams } from "../../src/formats/params-json.js";
import { parseTileFile } from "../../src/tiles/tile-file.js";
import { runCli } from "../run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "sharpness-tiles-"));
const arch: Architecture = { inputs: 2, hidden: [5, 4], activation: "tanh" };
const data = builtinTable("moons", { samples: 50, noise: null, dataSeed: 0 });
const thetas = [1, 2].map((s) => initializeNetwork(arch, { kind: "xavier-normal" }, seededRandom(s), 1, data).theta);
const files = thetas.map((t, i) => {
  const f = join(dir, `run${i}.json`);
  writeFileSync(f, serializeParams(arch, t));
  return f;
});
const base = ["sharpness", "--data", "moons", "--samples", "50", "--loss", "bce", "--restarts", "3", "--iterations", "25", "--average-samples", "20", "--probes", "10", "--params", files[0], "--params", files[1], "--quiet"];
// 2 runs × (3 measures × 3 starts + 1 curvature point).
const TOTAL = 20;

describe("sharpness restarts", () => {
  it("each start alone equals the same start of a whole run (its own seeded generator)", () => {
    const obj = networkObjective(arch, data, "bce");
    for (const kind of ["keskar", "adaptive-inf", "adaptive-2"] as const) {
      const opts = { kind, radius: 0.05, subspace: null, restarts: 4, iterations: 25, tol: 1e-12, seed: 7 };
      const whole = worstCaseSharpness(obj, thetas[0], opts);
      const setup = sharpnessSetup(obj, thetas[0], opts);
      for (const r of [3, 1, 0, 2]) expect(ascentStart(setup, r, opts).result).toEqual(whole.starts[r]);
    }
    // Different starts draw from different generators.
    expect(new Set([1, 2, 3, 4].map((r) => startSeed(7, r))).size).toBe(4);
  });
});

describe("sharpness --tile K/N and merge", () => {
  it("tiles merged give the same bytes as one run: JSON, the text table and sharpness.svg", () => {
    for (const json of [true, false]) {
      const tag = json ? "json" : "text";
      const flags = json ? ["--json"] : [];
      const whole = join(dir, `whole.${tag}`), wholeSvg = join(dir, `whole-${tag}.svg`);
      expect(runCli([...base, ...flags, "--out", whole, "--svg", wholeSvg]).status).toBe(0);
      const tiles = join(dir, `tiles-${tag}`);
      const counts: number[] = [];
      for (const k of [2, 0, 1]) {
        const r = runCli([...base, ...flags, "--tile", `${k}/3`, "--out", tiles]);
        expect(r.status, r.stderr).toBe(0);
        const t = parseTileFile(readFileSync(join(tiles, `sharpness-tile-${k}-of-3.jsonl`), "utf8"));
        expect(t.header.total).toBe(TOTAL);
        counts[k] = t.blocks.reduce((n, b) => n + b.values[0].length, 0);
      }
      expect(counts.reduce((a, b) => a + b, 0)).toBe(TOTAL);
      expect(Math.max(...counts)).toBeLessThan(TOTAL);
      const merged = join(dir, `merged.${tag}`), mergedSvg = join(dir, `merged-${tag}.svg`);
      const m = runCli(["merge", tiles, "--out", merged, "--svg", mergedSvg, "--quiet"]);
      expect(m.status, m.stderr).toBe(0);
      expect(readFileSync(merged, "utf8")).toBe(readFileSync(whole, "utf8"));
      expect(readFileSync(mergedSvg, "utf8")).toBe(readFileSync(wholeSvg, "utf8"));
    }
  });

  it("merge lists the missing tiles' commands (exit 3) and refuses --allow-missing for sharpness", () => {
    const tiles = join(dir, "partial");
    expect(runCli([...base, "--json", "--tile", "0/2", "--out", tiles]).status).toBe(0);
    const m = runCli(["merge", tiles, "--out", join(dir, "never.json")]);
    expect(m.status).toBe(3);
    expect(m.stdout).toMatch(/^loss-landscape sharpness .*--tile 1\/2\n$/);
    const a = runCli(["merge", tiles, "--allow-missing", "--out", join(dir, "never.json")]);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/--allow-missing: a sharpness report needs every ascent start/);
    expect(existsSync(join(dir, "never.json"))).toBe(false);
  });

  it("a run resumes from its checkpoint with the same bytes, and --tile refuses --svg and a missing --out", () => {
    const out = join(dir, "resumed.json");
    // A checkpoint holding the first half of the points, as a stopped run leaves it.
    const full = join(dir, "half");
    expect(runCli([...base, "--json", "--tile", "0/2", "--out", full]).status).toBe(0);
    const text = readFileSync(join(full, "sharpness-tile-0-of-2.jsonl"), "utf8");
    const t = parseTileFile(text);
    expect(t.blocks.length).toBe(TOTAL / 2);
    // The checkpoint of a single run is tile 0/1: rewrite the header's tile and range.
    const header = JSON.parse(text.split("\n")[0]);
    header.tile = { index: 0, count: 1 };
    header.range = { start: 0, end: TOTAL };
    header.argv = [];
    const lines = text.split("\n");
    writeFileSync(`${out}.resume.jsonl`, [JSON.stringify(header), JSON.stringify({ context: null }), ...lines.slice(2)].join("\n"));
    const r = runCli([...base, "--json", "--out", out, "--resume"]);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(`${out}.resume.jsonl`)).toBe(false);
    const whole = join(dir, "whole2.json");
    expect(runCli([...base, "--json", "--out", whole]).status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(readFileSync(whole, "utf8"));
    for (const [args, pattern] of [
      [["--tile", "0/2", "--out", join(dir, "t"), "--svg", join(dir, "s.svg")], /--svg is drawn when the tiles are merged/],
      [["--tile", "0/2"], /--tile writes its tile file into the folder --out DIR/],
      [["--tile", "2/2", "--out", join(dir, "t")], /--tile/],
    ] as Array<[string[], RegExp]>) {
      const e = runCli([...base, ...args]);
      expect(e.status, args.join(" ")).toBe(2);
      expect(e.stderr).toMatch(pattern);
      expect(e.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(readdirSync(dir)).not.toContain("t");
  });
});
