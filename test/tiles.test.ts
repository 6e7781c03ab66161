// The tile machinery on its own: ranges that cover a job exactly once, the engines'
// variables, the tile file's torn-line rule, and merge's checks (settings, overlap,
// coverage) with the command lines it prints for missing tiles.

import { describe, expect, it } from "vitest";
import { mergeTiles, tileArgv, TileMergeError, type NamedTile } from "../src/tiles/merge.js";
import { differingSettings, settingsHash } from "../src/tiles/settings-hash.js";
import { makeTileHeader, missingRanges, parseTileFile, tileBlockLine, tileHead, TileFileError } from "../src/tiles/tile-file.js";
import { parseTileSpec, tileFromEnv, tileRange } from "../src/tiles/tile-spec.js";

describe("tile ranges", () => {
  it("N tiles of T points cover 0..T once, in order, sizes within one point", () => {
    for (const [T, N] of [[35, 4], [10201, 64], [3, 5], [1, 1], [100, 7]]) {
      let at = 0;
      const sizes: number[] = [];
      for (let k = 0; k < N; k++) {
        const r = tileRange(T, { index: k, count: N });
        expect(r.start).toBe(at);
        at = r.end;
        sizes.push(r.end - r.start);
      }
      expect(at).toBe(T);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it("parses K/N and refuses 4/4, -1/3, 1/0 and words", () => {
    expect(parseTileSpec("3/4")).toEqual({ index: 3, count: 4 });
    expect(parseTileSpec(" 0 / 1 ")).toEqual({ index: 0, count: 1 });
    for (const bad of ["4/4", "-1/3", "1/0", "a/b", "1", "1/2/3", ""]) expect(() => parseTileSpec(bad)).toThrow(RangeError);
  });

  it("reads Slurm's and Kubernetes' variables, and names them when none is set", () => {
    expect(tileFromEnv({ SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "4" }, undefined)).toEqual({ index: 2, count: 4 });
    expect(tileFromEnv({ SLURM_ARRAY_TASK_ID: "5", SLURM_ARRAY_TASK_MIN: "3", SLURM_ARRAY_TASK_MAX: "6" }, undefined)).toEqual({ index: 2, count: 4 });
    expect(tileFromEnv({ JOB_COMPLETION_INDEX: "1" }, 3)).toEqual({ index: 1, count: 3 });
    expect(() => tileFromEnv({ JOB_COMPLETION_INDEX: "1" }, undefined)).toThrow(/--tiles N/);
    expect(() => tileFromEnv({ SLURM_ARRAY_TASK_ID: "4", SLURM_ARRAY_TASK_COUNT: "4" }, undefined)).toThrow(RangeError);
    // A resubmitted task (sbatch --array=2 … --tiles 4): its ID is K.
    expect(tileFromEnv({ SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "1", SLURM_ARRAY_TASK_MIN: "2", SLURM_ARRAY_TASK_MAX: "2" }, 4)).toEqual({ index: 2, count: 4 });
    expect(() => tileFromEnv({ SLURM_ARRAY_TASK_ID: "4" }, 4)).toThrow(RangeError);
    expect(() => tileFromEnv({}, undefined)).toThrow(/SLURM_ARRAY_TASK_ID.*SLURM_ARRAY_TASK_COUNT.*JOB_COMPLETION_INDEX/);
  });
});

const SETTINGS = { version: "1", data: "d", loss: "mse" };
function tile(k: number, n: number, total: number, blocks: Array<[number, number[]]>, settings = SETTINGS): NamedTile {
  const range = tileRange(total, { index: k, count: n });
  const h = makeTileHeader({ command: "slice", settings, tile: { index: k, count: n }, total, range, fields: ["a", "b"], argv: ["--x", "1", "--tile", `${k}/${n}`] });
  const text = tileHead(h, { ctx: true }) + blocks.map(([at, v]) => tileBlockLine({ at, values: [Float64Array.from(v), Float64Array.from(v, (x) => -x)] })).join("");
  return { name: `t${k}`, tile: parseTileFile(text) };
}

describe("tile files", () => {
  it("keeps whole lines and drops a torn last one", () => {
    const t = tile(0, 1, 4, [[0, [1, 2]], [2, [3, 4]]]);
    const text = tileHead(t.tile.header, null) + tileBlockLine({ at: 0, values: [Float64Array.of(1, 2), Float64Array.of(0.1, 0.2)] });
    const torn = text + '{"at":2,"values":[[3,4],[0.3';
    const p = parseTileFile(torn);
    expect(p.blocks).toHaveLength(1);
    expect(p.validBytes).toBe(Buffer.byteLength(text));
    expect(Array.from(p.blocks[0].values[1])).toEqual([0.1, 0.2]);
    expect(() => parseTileFile("")).toThrow(TileFileError);
    expect(() => parseTileFile('{"format":"other"}\n{}\n')).toThrow(/not a loss-landscape tile/);
    // A header edited after the fact no longer matches its hash.
    expect(() => parseTileFile(text.replace('"loss":"mse"', '"loss":"bce"'))).toThrow(/hash/);
  });

  it("round-trips every float64 exactly, non-finite as null → NaN", () => {
    const v = Float64Array.of(0.1 + 0.2, 5e-324, -1.7976931348623157e308, 1 / 3, NaN);
    const h = makeTileHeader({ command: "c", settings: {}, tile: { index: 0, count: 1 }, total: 5, range: { start: 0, end: 5 }, fields: ["f"], argv: [] });
    const p = parseTileFile(tileHead(h, 0) + tileBlockLine({ at: 0, values: [v] }));
    expect(Object.is(p.blocks[0].values[0][4], NaN)).toBe(true);
    for (let i = 0; i < 4; i++) expect(p.blocks[0].values[0][i]).toBe(v[i]);
  });

  it("missingRanges lists the gaps", () => {
    expect(missingRanges({ start: 2, end: 10 }, [{ start: 4, end: 6 }, { start: 8, end: 9 }])).toEqual([{ start: 2, end: 4 }, { start: 6, end: 8 }, { start: 9, end: 10 }]);
    expect(missingRanges({ start: 0, end: 3 }, [{ start: 0, end: 3 }])).toEqual([]);
  });
});

describe("mergeTiles", () => {
  it("lays the values out in point order", () => {
    const m = mergeTiles([tile(1, 2, 5, [[2, [3, 4, 5]]]), tile(0, 2, 5, [[0, [1]], [1, [2]]])]);
    expect(Array.from(m.values[0])).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(m.values[1])).toEqual([-1, -2, -3, -4, -5]);
    expect(m.missing).toEqual([]);
  });

  it("lists missing and partial tiles with the command that computes each", () => {
    const m = mergeTiles([tile(0, 3, 9, [[0, [1, 2, 3]]]), tile(2, 3, 9, [[6, [7]]])]);
    expect(m.missing.map((x) => [x.tile.index, x.partial])).toEqual([[1, false], [2, true]]);
    expect(m.missing[0].argv).toEqual(["--x", "1", "--tile", "1/3"]);
    expect(m.missing[1].argv).toEqual(["--x", "1", "--tile", "2/3", "--resume"]);
    expect(Array.from(m.computed)).toEqual([1, 1, 1, 0, 0, 0, 1, 0, 0]);
    expect(Number.isNaN(m.values[0][4])).toBe(true);
  });

  it("refuses other settings (naming what differs), duplicates, and nothing at all", () => {
    expect(() => mergeTiles([tile(0, 2, 4, [[0, [1, 2]]]), tile(1, 2, 4, [[2, [3, 4]]], { ...SETTINGS, loss: "bce" })])).toThrow(/t1 .*other settings.*differ in loss/);
    expect(() => mergeTiles([tile(0, 2, 4, [[0, [1, 2]]]), tile(0, 2, 4, [[0, [1, 2]]])])).toThrow(TileMergeError);
    expect(() => mergeTiles([])).toThrow(/no tile files/);
  });

  it("tileArgv swaps --tile auto and --tiles for K/N", () => {
    expect(tileArgv(["--a", "--tile", "auto", "--tiles=8", "--resume", "--b", "2"], { index: 5, count: 8 }, false)).toEqual(["--a", "--b", "2", "--tile", "5/8"]);
  });

  it("settings hashes ignore key order and name differences", () => {
    expect(settingsHash({ a: "1", b: "2" })).toBe(settingsHash({ b: "2", a: "1" }));
    expect(differingSettings({ a: "1", b: "2" }, { a: "1", b: "3", c: "x" })).toEqual(["b", "c"]);
  });
});
