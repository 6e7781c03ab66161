// `slice --model FILE.onnx` in tiles: a PyTorch-exported model's slice split into tiles
// (splitting rows part-way) merges to one run's JSON, CSV and HDF5 bytes; a single run
// resumes from its checkpoint; a tile of another model's file is refused by name.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";
import { caseFolders, ok, same } from "./helpers/tile-cases.js";

const fx = join(__dirname, "fixtures", "onnx");
const { fresh } = caseFolders("tiles-model-");
// 7 × 5 = 35 points in 3 tiles of 11–12: each boundary falls mid-row.
const MOONS = ["slice", "--model", join(fx, "moons-mlp.onnx"), "--data", join(fx, "moons-mlp.npz"), "--alpha=-1:1:7", "--beta=-1:1:5", "--seed", "4", "--quiet"];

describe("slice --model in tiles", () => {
  it("JSON, CSV and HDF5 of the merged tiles are one run's bytes", () => {
    const d = fresh();
    for (const f of ["json", "csv", "h5"]) ok([...MOONS, "--format", f, "--out", join(d, `one.${f}`)]);
    for (let k = 0; k < 3; k++) ok([...MOONS, "--tile", `${k}/3`, "--out", join(d, "t")]);
    for (const f of ["json", "csv", "h5"]) {
      ok(["merge", join(d, "t"), "--format", f, "--out", join(d, `m.${f}`)]);
      expect(same(join(d, `m.${f}`), join(d, `one.${f}`)), f).toBe(true);
    }
    expect(existsSync(join(d, "one.json.resume.jsonl"))).toBe(false);
    // A model's slice draws no figure: merge refuses --svg.
    const r = runCli(["merge", join(d, "t"), "--out", join(d, "x.json"), "--svg", join(d, "x.svg")]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(existsSync(join(d, "x.json"))).toBe(false);
  });

  it("a 1-D slice of a convolutional model, with file directions", () => {
    const d = fresh();
    const args = ["slice", "--model", join(fx, "digits-conv.onnx"), "--data", join(fx, "digits-conv.npz"), "--dims", "1", "--directions", join(fx, "digits-conv-d.safetensors"), "--normalize", "none", "--alpha=-1:1:5", "--quiet"];
    ok([...args, "--out", join(d, "one.json")]);
    for (let k = 0; k < 2; k++) ok([...args, "--tile", `${k}/2`, "--out", join(d, "t")]);
    ok(["merge", join(d, "t"), "--out", join(d, "m.json")]);
    expect(readFileSync(join(d, "m.json"), "utf8")).toBe(readFileSync(join(d, "one.json"), "utf8"));
  });

  it("a single run resumes from its checkpoint (a planted value shows the kept points)", () => {
    const d = fresh();
    const out = join(d, "s.json");
    ok([...MOONS, "--tile", "0/1", "--out", join(d, "t")]);
    const lines = readFileSync(join(d, "t", "slice-tile-0-of-1.jsonl"), "utf8").split("\n");
    const block = JSON.parse(lines[2]);
    block.values[0][0] = 12345;
    writeFileSync(`${out}.resume.jsonl`, [lines[0], lines[1], JSON.stringify(block), ""].join("\n"));
    ok([...MOONS, "--out", out, "--resume"]);
    expect(JSON.parse(readFileSync(out, "utf8")).fields.loss[0][0]).toBe(12345);
    expect(existsSync(`${out}.resume.jsonl`)).toBe(false);
  });

  it("tiles of another model file or of the MLP slice: exit 2 naming the tile and what differs", () => {
    const d = fresh();
    ok([...MOONS, "--tile", "0/2", "--out", join(d, "t")]);
    ok(["slice", "--hidden", "4", "--data", "moons", "--alpha=-1:1:7", "--beta=-1:1:5", "--quiet", "--tile", "1/2", "--out", join(d, "t")]);
    const r = runCli(["merge", join(d, "t"), "--out", join(d, "m.json")]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/slice-tile-1-of-2\.jsonl.*other settings.*(data|model)/);
    expect(existsSync(join(d, "m.json"))).toBe(false);
  });
});
