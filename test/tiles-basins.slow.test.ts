// `basins --tile K/N` and `merge`: tiles (splitting a map's rows part-way, and spanning two
// losses) merge to one run's JSON and CSV bytes, with shuffled batches too; diverged runs'
// ±∞/NaN outcomes survive the tile files; missing starts are null (JSON) or empty (CSV).

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { basinsMaps, BASINS_FIELDS, nonFiniteCode, type BasinsContext } from "../src/tiles/basins-job.js";
import { makeTileHeader, parseTileFile, tileBlockLine, tileHead } from "../src/tiles/tile-file.js";
import { DEFAULT_TRAIN_CONFIG } from "../src/train/train.js";
import { runCli } from "./run-cli.js";
import { caseFolders, ok, same } from "./helpers/tile-cases.js";

const { fresh } = caseFolders("tiles-basins-");
// 2 losses × 7 × 5 starts = 70 points in 3 tiles: tile 1 spans both maps.
const BASINS = ["basins", "--loss", "mse,bce", "--w=-6:6:7", "--b=-8:4:5", "--epochs", "6", "--quiet"];

describe("a tile file keeps a diverged run's ±∞ and NaN", () => {
  it("through the block line (where they are null) and back into the maps", () => {
    const c: BasinsContext = {
      losses: ["mse"], spec: { w: { min: -1, max: 1, count: 2 }, b: { min: 0, max: 1, count: 2 } },
      config: { ...DEFAULT_TRAIN_CONFIG }, options: { accuracyTarget: 0.95, epsilon: 3e-4 }, seed: 0, data: "seed",
    };
    // finalLoss, accuracy, firstEpochReaching, finalGradNorm, finalW, finalB for 4 starts.
    const outcomes = [
      [Infinity, 0.1, NaN, 0.2], [0.5, 1, 0.25, NaN], [-1, 3, -1, 0], [NaN, 1e-5, Infinity, 2],
      [-Infinity, Infinity, 1.5, -2], [NaN, -Infinity, 0, 1],
    ].map((v) => Float64Array.from(v));
    const header = makeTileHeader({ command: "basins", settings: { a: "b" }, tile: { index: 0, count: 1 }, total: 4, range: { start: 0, end: 4 }, fields: BASINS_FIELDS, argv: [] });
    const text = tileHead(header, c) + tileBlockLine({ at: 0, values: [...outcomes, nonFiniteCode(outcomes)] });
    expect(text).not.toMatch(/Infinity|NaN/);
    const [m] = basinsMaps(c, parseTileFile(text).blocks[0].values);
    const back = [m.finalLoss, m.accuracy, null, m.finalGradNorm, m.finalW, m.finalB];
    back.forEach((f, i) => f && expect(Array.from(f.data), `field ${i}`).toEqual(Array.from(outcomes[i])));
    expect(Array.from(m.firstEpoch.data)).toEqual([-1, 3, -1, 0]);
  });
});

describe("basins tiles merge to one run's bytes", () => {
  for (const [name, extra] of [["in order", []], ["shuffled batches", ["--shuffle", "--seed", "9"]]] as const) {
    it(`JSON and CSV, ${name}`, () => {
      const d = fresh();
      const args = [...BASINS, ...extra];
      ok([...args, "--out", join(d, "one.json")]);
      ok([...args, "--format", "csv", "--out", join(d, "one.csv")]);
      for (let k = 0; k < 3; k++) ok([...args, "--tile", `${k}/3`, "--out", join(d, "t")]);
      ok(["merge", join(d, "t"), "--out", join(d, "m.json")]);
      ok(["merge", join(d, "t"), "--format", "csv", "--out", join(d, "m.csv")]);
      expect(same(join(d, "m.json"), join(d, "one.json"))).toBe(true);
      expect(same(join(d, "m.csv"), join(d, "one.csv"))).toBe(true);
      expect(existsSync(join(d, "one.json.resume.jsonl"))).toBe(false);
    });
  }

  it("diverged runs (a step near the float64 limit, with momentum): their ±∞ and NaN outcomes come back from the tiles", () => {
    const d = fresh();
    const args = ["basins", "--loss", "mse", "--w=-6:6:4", "--b=-8:4:3", "--epochs", "40", "--lr", "1.7e308", "--optimizer", "momentum", "--momentum", "0.99", "--quiet"];
    ok([...args, "--format", "csv", "--out", join(d, "one.csv")]);
    expect(readFileSync(join(d, "one.csv"), "utf8")).toMatch(/Infinity|NaN/);
    for (let k = 0; k < 2; k++) ok([...args, "--tile", `${k}/2`, "--out", join(d, "t")]);
    ok(["merge", join(d, "t"), "--format", "csv", "--out", join(d, "m.csv")]);
    expect(readFileSync(join(d, "m.csv"), "utf8")).toBe(readFileSync(join(d, "one.csv"), "utf8"));
  });

  it("missing tiles: exit 3 with the commands; --allow-missing writes null and empty cells", () => {
    const d = fresh();
    ok([...BASINS, "--tile", "1/2", "--out", join(d, "t")]);
    const r = runCli(["merge", join(d, "t"), "--out", join(d, "m.json")]);
    expect(r.status).toBe(3);
    expect(r.stdout.trim()).toMatch(/^loss-landscape basins .*--tile 0\/2$/);
    ok(["merge", join(d, "t"), "--allow-missing", "--out", join(d, "m.json")]);
    const doc = JSON.parse(readFileSync(join(d, "m.json"), "utf8"));
    // Tile 0 of 2 is the mse map; the bce map is there.
    for (const [key, v] of Object.entries(doc.maps.mse as Record<string, unknown[][]>)) expect(v.flat().every((x) => x === null), key).toBe(true);
    for (const [key, v] of Object.entries(doc.maps.bce as Record<string, unknown[][]>)) expect(v.flat().every((x) => x !== undefined) && v.flat().some((x) => x !== null), key).toBe(true);
    ok(["merge", join(d, "t"), "--allow-missing", "--format", "csv", "--out", join(d, "m.csv")]);
    expect(readFileSync(join(d, "m.csv"), "utf8").split("\n")[1]).toBe("mse,-6,-8,,,,,,,");
  });

  it("bad input: exit 2, one line, nothing written", () => {
    const d = fresh();
    ok([...BASINS, "--tile", "0/2", "--out", join(d, "t")]);
    ok([...BASINS.map((a) => (a === "6" ? "7" : a)), "--tile", "1/2", "--out", join(d, "t")]);
    for (const args of [
      [...BASINS, "--tile", "0/2"],
      ["merge", join(d, "t"), "--out", join(d, "m.json")],
    ]) {
      const r = runCli(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(existsSync(join(d, "m.json"))).toBe(false);
  });
});
