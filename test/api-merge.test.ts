// merge as a library call: the tiles' texts in, the JSON one run writes out, byte for byte
// what `loss-landscape merge DIR --format json` writes; missing tiles are reported with the
// arguments that compute them, or merged as nulls with allowMissing.

import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { merge } from "../src/api/index.js";
import { runCli } from "./run-cli.js";

function ok(args: string[]): string {
  const r = runCli([...args, "--quiet"]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}

const tilesOf = (dir: string) => readdirSync(dir).sort().map((f) => ({ name: f, text: readFileSync(join(dir, f), "utf8") }));

describe("merge", () => {
  it("grid tiles: the JSON of one run, as the CLI's merge writes it; a missing tile reported, or null points", async () => {
    const dir = mkdtempSync(join(tmpdir(), "api-merge-grid-"));
    const grid = ["grid", "--loss", "bce", "--w=-3:3:5", "--b=-2:2:4"];
    for (const k of [0, 1, 2]) ok([...grid, "--tile", `${k}/3`, "--out", dir]);
    const one = ok(grid);
    const r = await merge(tilesOf(dir));
    expect(r.command).toBe("grid");
    expect(r.missing).toEqual([]);
    expect(JSON.stringify(r.result) + "\n").toBe(one);
    expect(ok(["merge", dir, "--format", "json"])).toBe(one);

    const part = tilesOf(dir).slice(1);
    const m = await merge(part);
    expect(m.result).toBeNull();
    expect(m.missing.map((t) => t.tile)).toEqual([{ index: 0, count: 3 }]);
    expect(m.missing[0]!.argv).toContain("0/3");
    const allowed = await merge(part, { allowMissing: true });
    expect(allowed.command).toBe("grid");
    if (allowed.command === "grid") expect(allowed.result!.values[0]![0]).toBeNull();
  }, 120_000);

  it("basins tiles: the JSON of one run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "api-merge-basins-"));
    const basins = ["basins", "--size", "4", "--epochs", "3", "--shuffle", "--seed", "2"];
    for (const k of [0, 1]) ok([...basins, "--tile", `${k}/2`, "--out", dir]);
    const r = await merge(tilesOf(dir));
    expect(JSON.stringify(r.result) + "\n").toBe(ok(basins));
  }, 120_000);

  it("refuses what is not a tile", async () => {
    await expect(merge([{ name: "x", text: "{}\n" }])).rejects.toThrow();
  });
});

describe("merge of slice and sharpness tiles", () => {
  it("slice tiles: the result of one run (JSON.stringify is `slice --format json`), with the figure's captions; missing points null", async () => {
    const dir = mkdtempSync(join(tmpdir(), "api-merge-slice-"));
    const slice = ["slice", "--data", "moons", "--samples", "40", "--hidden", "3", "--alpha=-1:1:4", "--beta=-1:1:3"];
    for (const k of [0, 1]) ok([...slice, "--tile", `${k}/2`, "--out", dir]);
    const r = await merge(tilesOf(dir));
    expect(r.command).toBe("slice");
    if (r.command !== "slice") return;
    expect(JSON.stringify(r.result) + "\n").toBe(ok([...slice, "--format", "json"]));
    expect(r.figure).toMatchObject({ loss: "mse", samples: 40, model: "2-3-1 tanh" });
    const part = await merge(tilesOf(dir).slice(1), { allowMissing: true });
    if (part.command !== "slice") throw new Error("not a slice");
    expect(part.result!.fields.loss![0]![0]).toBeNull();
    expect(part.result!.fields.loss![2]![3]).toBe(r.result!.fields.loss![2]![3]);
  }, 120_000);

  it("sharpness tiles: the report one run prints with --json, and the tiles' format; allowMissing is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "api-merge-sharpness-"));
    const sharp = ["sharpness", "--data", "moons", "--samples", "40", "--hidden", "3", "--restarts", "1", "--iterations", "3", "--average-samples", "3", "--probes", "2"];
    for (const k of [0, 1, 2]) ok([...sharp, "--tile", `${k}/3`, "--out", dir]);
    const r = await merge(tilesOf(dir));
    expect(r.command).toBe("sharpness");
    if (r.command !== "sharpness") return;
    expect(r.format).toBe("text");
    expect(JSON.stringify(r.result) + "\n").toBe(ok([...sharp, "--json"]));
    await expect(merge(tilesOf(dir).slice(1), { allowMissing: true })).rejects.toThrow(/allowMissing/);
    const missing = await merge(tilesOf(dir).slice(1));
    expect(missing.result).toBeNull();
    expect(missing.missing.map((m) => m.tile.index)).toEqual([0]);
  }, 120_000);
});
