// `grid --tile K/N` and `merge`: tiles that split rows part-way merge to one run's JSON
// and CSV, byte for byte (on the kernel's path and on the reference's, for labels that
// are not 0/1, in the library); a single run resumes from its checkpoint; missing points are null/empty.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateLossGradParallel, evaluateLossGradRows } from "../src/fast/grid-parallel.js";
import { runCli } from "./run-cli.js";
import { caseFolders, ok, same } from "./helpers/tile-cases.js";

const { fresh } = caseFolders("tiles-grid-");
// 13 × 7 = 91 points: 4 tiles of 22–23 points, so every tile boundary falls mid-row.
const GRID = ["grid", "--loss", "bce", "--w=-3:2:13", "--b=-2:1:7", "--quiet"];

describe("grid tiles merge to one run's bytes", () => {
  it("JSON and CSV, tiles splitting rows", () => {
    const d = fresh();
    ok([...GRID, "--out", join(d, "one.json")]);
    ok([...GRID, "--format", "csv", "--out", join(d, "one.csv")]);
    for (let k = 0; k < 4; k++) ok([...GRID, "--tile", `${k}/4`, "--out", join(d, "t")]);
    ok(["merge", join(d, "t"), "--out", join(d, "m.json")]);
    ok(["merge", join(d, "t"), "--format", "csv", "--out", join(d, "m.csv")]);
    expect(same(join(d, "m.json"), join(d, "one.json"))).toBe(true);
    expect(same(join(d, "m.csv"), join(d, "one.csv"))).toBe(true);
    // The checkpoint a single run keeps with --resume is gone once its file is written.
    ok([...GRID, "--out", join(d, "r.json"), "--resume"]);
    expect(same(join(d, "r.json"), join(d, "one.json"))).toBe(true);
    expect(existsSync(join(d, "r.json.resume.jsonl"))).toBe(false);
  });

  it("more tiles than rows, and more than points", () => {
    const d = fresh();
    const args = ["grid", "--loss", "mse", "--w=-2:2:3", "--b=-1:1:2", "--quiet"];
    ok([...args, "--out", join(d, "one.json")]);
    for (let k = 0; k < 8; k++) ok([...args, "--tile", `${k}/8`, "--out", join(d, "t")]);
    ok(["merge", join(d, "t"), "--out", join(d, "m.json")]);
    expect(readFileSync(join(d, "m.json"), "utf8")).toBe(readFileSync(join(d, "one.json"), "utf8"));
  });

  it("rows of a grid: the whole grid's numbers, on the kernel and on the reference (labels not 0/1)", async () => {
    const spec = { w: { min: -3, max: 2, count: 6 }, b: { min: -2, max: 1, count: 5 } };
    for (const y of [[0, 1, 1, 0, 1], [0.2, 0.9, 0.7, 0, 1]]) {
      const data = { x: Float64Array.of(-1, 0.5, 2, -0.3, 1.1), y: Float64Array.from(y), source: "test" };
      const whole = await evaluateLossGradParallel("mse", data, spec, { threads: 1 });
      const part = await evaluateLossGradRows("mse", data, spec, { start: 1, end: 4 }, { threads: 1 });
      expect(Array.from(part.b)).toEqual(Array.from(whole.b).slice(1, 4));
      for (const f of ["loss", "gradW", "gradB", "gradNorm"] as const) expect(Array.from(part.fields[f].data)).toEqual(Array.from(whole.fields[f].data).slice(6, 24));
    }
  });

  it("a single run with --resume keeps its checkpoint's points (a planted value shows it)", () => {
    const d = fresh();
    const out = join(d, "g.json");
    ok([...GRID, "--tile", "0/1", "--out", join(d, "t")]);
    const lines = readFileSync(join(d, "t", "grid-tile-0-of-1.jsonl"), "utf8").split("\n");
    const block = JSON.parse(lines[2]);
    block.values[0][0] = 12345;
    writeFileSync(`${out}.resume.jsonl`, [lines[0], lines[1], JSON.stringify(block), ""].join("\n"));
    ok([...GRID, "--out", out, "--resume"]);
    expect(JSON.parse(readFileSync(out, "utf8")).values[0][0]).toBe(12345);
    expect(existsSync(`${out}.resume.jsonl`)).toBe(false);
  });

  it("missing tiles: exit 3 with the commands; --allow-missing writes null in JSON and empty cells in CSV", () => {
    const d = fresh();
    ok([...GRID, "--tile", "1/2", "--out", join(d, "t")]);
    const r = runCli(["merge", join(d, "t"), "--out", join(d, "m.json")]);
    expect(r.status).toBe(3);
    expect(r.stdout.trim()).toMatch(/^loss-landscape grid .*--tile 0\/2$/);
    expect(existsSync(join(d, "m.json"))).toBe(false);
    ok(["merge", join(d, "t"), "--allow-missing", "--out", join(d, "m.json")]);
    const doc = JSON.parse(readFileSync(join(d, "m.json"), "utf8"));
    for (const key of ["values", "gradW", "gradB", "gradNorm"]) {
      const flat: Array<number | null> = doc[key].flat();
      expect(flat.slice(0, 45).every((v) => v === null)).toBe(true);
      expect(flat.slice(45).every((v) => typeof v === "number")).toBe(true);
    }
    ok(["merge", join(d, "t"), "--allow-missing", "--format", "csv", "--out", join(d, "m.csv")]);
    const rows = readFileSync(join(d, "m.csv"), "utf8").trim().split("\n");
    expect(rows[1]).toBe("-3,-2,,,,");
    expect(rows[46].split(",").every((c) => c !== "")).toBe(true);
  });

  it("bad input: exit 2, one line, nothing written", () => {
    const d = fresh();
    ok([...GRID, "--tile", "0/2", "--out", join(d, "t")]);
    for (const args of [
      [...GRID, "--tile", "0/2"],
      [...GRID, "--tile", "2/2", "--out", join(d, "u")],
      ["merge", join(d, "t"), "--allow-missing", "--format", "h5", "--out", join(d, "m.h5")],
      ["merge", join(d, "t"), "--allow-missing", "--out", join(d, "m.json"), "--svg", join(d, "m.svg")],
    ]) {
      const r = runCli(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(existsSync(join(d, "u")) || existsSync(join(d, "m.h5")) || existsSync(join(d, "m.json")) || existsSync(join(d, "m.svg"))).toBe(false);
  });
});
