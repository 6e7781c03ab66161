// `slice --tile K/N` and `merge` end to end: for every direction kind, 1-D and 2-D, the
// merged files are byte-identical to one run's; missing tiles exit 3 with the commands
// that compute them; --resume keeps what a stopped run wrote and computes only the rest.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import type { Architecture } from "../src/nn/architecture.js";
import { initializeNetwork } from "../src/nn/init.js";
import { serializeParams } from "../src/formats/params-json.js";
import { parseSvg, panelMap } from "./helpers/svg.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tiles-cli-"));
const NET: Architecture = { inputs: 2, hidden: [4, 3], activation: "tanh" };
const DATA = ["--data", "xor", "--samples", "40"];
const params = (seed: number, name: string): string => {
  const p = join(dir, name);
  writeFileSync(p, serializeParams(NET, initializeNetwork(NET, { kind: "xavier-normal" }, seededRandom(seed)).theta));
  return p;
};
const center = params(3, "center.json");
const to1 = params(4, "to1.json");
const to2 = params(5, "to2.json");
const NETBASE = ["slice", "--hidden", "4,3", ...DATA, "--params", center, "--quiet"];
const fixture = join(__dirname, "fixtures", "slice-pca");

const CASES: Record<string, string[]> = {
  "random 2-D": [...NETBASE, "--loss", "bce", "--alpha=-1:1.5:7", "--beta=-0.5:1:5", "--seed", "11"],
  "random 1-D": [...NETBASE, "--dims", "1", "--alpha=-1:1:9"],
  "files 2-D, layer-normalized": [...NETBASE, "--directions", `${to1},${to2}`, "--normalize", "layer", "--alpha=-1:1:4", "--beta=-1:1:5"],
  "interp 1-D": [...NETBASE, "--directions", "interp", "--to", to1, "--alpha=0:1:6"],
  "eigen 2-D": [...NETBASE, "--directions", "eigen", "--alpha=-1:1:5", "--beta=-1:1:3"],
  "axes on a network": [...NETBASE, "--directions", "axes:layers.0.weight[0,1],layers.1.bias[0]", "--alpha=-2:2:5", "--beta=-1:1:4"],
  "axes:w,b of the one-neuron model (grid kernel)": ["slice", "--directions", "axes:w,b", "--alpha=-3:3:9", "--beta=-2:2:6", "--quiet"],
  "pca with a projected trajectory": ["slice", "--hidden", "3", ...DATA, "--directions", "pca", "--trajectory", join(fixture, "trajectory.json"), "--alpha=-1:1:5", "--beta=-1:1:4", "--quiet"],
};

function ok(args: string[]): string {
  const r = runCli(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}

let n = 0;
const fresh = (): string => {
  const d = join(dir, `case${n++}`);
  mkdirSync(d);
  return d;
};

describe("tiles merge to one run's bytes", () => {
  it("random 2-D: JSON, CSV and SVG", () => {
    const d = fresh();
    const args = CASES["random 2-D"];
    ok([...args, "--out", join(d, "one.json"), "--svg", join(d, "one.svg")]);
    ok([...args, "--format", "csv", "--out", join(d, "one.csv")]);
    for (let k = 0; k < 4; k++) ok([...args, "--tile", `${k}/4`, "--out", join(d, "tiles")]);
    ok(["merge", join(d, "tiles"), "--format", "json", "--out", join(d, "m.json"), "--svg", join(d, "m.svg")]);
    ok(["merge", join(d, "tiles"), "--format", "csv", "--out", join(d, "m.csv")]);
    for (const f of ["json", "csv", "svg"]) expect(readFileSync(join(d, `m.${f}`)).equals(readFileSync(join(d, `one.${f}`)))).toBe(true);
    // The one-run checkpoint is gone once the output is written.
    expect(readdirSync(d).filter((f) => f.endsWith(".resume.jsonl"))).toEqual([]);
  });

  for (const name of ["random 1-D", "axes:w,b of the one-neuron model (grid kernel)"]) {
    it(`${name}: JSON`, () => {
      const d = fresh();
      ok([...CASES[name], "--out", join(d, "one.json")]);
      for (let k = 0; k < 3; k++) ok([...CASES[name], "--tile", `${k}/3`, "--out", join(d, "tiles")]);
      ok(["merge", join(d, "tiles"), "--out", join(d, "m.json")]);
      expect(readFileSync(join(d, "m.json"), "utf8")).toBe(readFileSync(join(d, "one.json"), "utf8"));
    });
  }

  it("more tiles than points: empty tiles merge too", () => {
    const d = fresh();
    const args = [...NETBASE, "--dims", "1", "--alpha=0:1:3"];
    ok([...args, "--out", join(d, "one.json")]);
    for (let k = 0; k < 5; k++) ok([...args, "--tile", `${k}/5`, "--out", join(d, "t")]);
    ok(["merge", join(d, "t"), "--out", join(d, "m.json")]);
    expect(readFileSync(join(d, "m.json"), "utf8")).toBe(readFileSync(join(d, "one.json"), "utf8"));
  });

  it("--tile auto reads Slurm's and Kubernetes' variables; tiles in two folders merge", () => {
    const d = fresh();
    const args = CASES["random 2-D"];
    const env = (vars: Record<string, string>) => ({ ...process.env, ...vars });
    const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
    const cli = join(__dirname, "..", "dist", "cli", "main.js");
    const run = (vars: Record<string, string>, extra: string[]) => spawnSync(process.execPath, [cli, ...args, "--tile", "auto", ...extra], { env: env(vars), encoding: "utf8" });
    expect(run({ SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_COUNT: "3" }, ["--out", join(d, "a")]).status).toBe(0);
    expect(run({ SLURM_ARRAY_TASK_ID: "11", SLURM_ARRAY_TASK_MIN: "10", SLURM_ARRAY_TASK_MAX: "12" }, ["--out", join(d, "a")]).status).toBe(0);
    expect(run({ JOB_COMPLETION_INDEX: "2" }, ["--tiles", "3", "--out", join(d, "b")]).status).toBe(0);
    expect(readdirSync(join(d, "a")).sort()).toEqual(["slice-tile-0-of-3.jsonl", "slice-tile-1-of-3.jsonl"]);
    ok([...args, "--out", join(d, "one.json")]);
    ok(["merge", join(d, "a"), join(d, "b"), "--out", join(d, "m.json")]);
    expect(readFileSync(join(d, "m.json"), "utf8")).toBe(readFileSync(join(d, "one.json"), "utf8"));
  });
});

describe("missing and foreign tiles", () => {
  const args = CASES["random 2-D"];
  const d = fresh();
  for (const k of [0, 2]) ok([...args, "--tile", `${k}/4`, "--out", join(d, "t")]);

  it("missing tiles: exit 3, nothing written, one command per missing tile that computes it", () => {
    const r = runCli(["merge", join(d, "t"), "--out", join(d, "m.json"), "--svg", join(d, "m.svg")]);
    expect(r.status).toBe(3);
    expect(existsSync(join(d, "m.json")) || existsSync(join(d, "m.svg"))).toBe(false);
    expect(r.stderr).toMatch(/2 of 4 tiles missing \(1\/4, 3\/4\)/);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    for (const [i, k] of [1, 3].entries()) {
      expect(lines[i]).toMatch(new RegExp(`^loss-landscape slice .*--tile ${k}/4$`));
      // The printed command, run as printed (without the program name), completes the folder.
      ok(lines[i].split(" ").slice(1).map((a) => a.replace(/^'(.*)'$/, "$1")));
    }
    ok([...args, "--out", join(d, "one.json")]);
    ok(["merge", join(d, "t"), "--out", join(d, "m.json")]);
    expect(readFileSync(join(d, "m.json"), "utf8")).toBe(readFileSync(join(d, "one.json"), "utf8"));
  });

  it("--allow-missing writes null in JSON and empty cells in CSV", () => {
    const e = fresh();
    ok([...args, "--tile", "1/2", "--out", join(e, "t")]);
    ok(["merge", join(e, "t"), "--allow-missing", "--out", join(e, "m.json")]);
    const doc = JSON.parse(readFileSync(join(e, "m.json"), "utf8"));
    const flat: Array<number | null> = doc.fields.loss.flat();
    const half = Math.floor(flat.length / 2);
    expect(flat.slice(0, half).every((v) => v === null)).toBe(true);
    expect(flat.slice(half).every((v) => typeof v === "number")).toBe(true);
    ok(["merge", join(e, "t"), "--allow-missing", "--format", "csv", "--out", join(e, "m.csv")]);
    const rows = readFileSync(join(e, "m.csv"), "utf8").trim().split("\n").slice(1);
    expect(rows[0]).toMatch(/^-1,-0.5,,,$/);
  });

  it("--allow-missing hatches the points no tile computed in the SVG, and only those", () => {
    const e = fresh();
    // Tiles 1 and 3 of 4 are missing: two separate gaps, each starting and ending mid-row.
    for (const k of [0, 2]) ok([...args, "--tile", `${k}/4`, "--out", join(e, "t")]);
    ok(["merge", join(e, "t"), "--allow-missing", "--out", join(e, "m.json"), "--svg", join(e, "m.svg")]);
    const svgText = readFileSync(join(e, "m.svg"), "utf8");
    expect(svgText).not.toMatch(/NaN|Infinity/);
    const doc = parseSvg(svgText);
    const json = JSON.parse(readFileSync(join(e, "m.json"), "utf8"));
    const alpha: number[] = json.alpha, beta: number[] = json.beta;
    const flat: Array<number | null> = json.fields.loss.flat();
    const missing = flat.map((v) => v === null);
    // Of 35 points, tile 0 holds 0–7 and tile 2 holds 17–25.
    expect(missing.filter(Boolean).length).toBe(35 - 8 - 9);
    const layer = doc.querySelector("g.not-computed")!;
    expect(layer.getAttribute("data-points")).toBe(String(missing.filter(Boolean).length));
    // The hatched rectangles, back in (α, β): every missing point inside one, every computed point outside all.
    const map = panelMap(doc.querySelector("g.panel")!);
    const rects = [...layer.querySelector("path")!.getAttribute("d")!.matchAll(/M([\d.]+),([\d.]+)H([\d.]+)V([\d.]+)H[\d.]+Z/g)].map((m) => {
      const [a0, b0] = map.toData(Number(m[1]), Number(m[4]));
      const [a1, b1] = map.toData(Number(m[3]), Number(m[2]));
      return { a0, a1, b0, b1 };
    });
    expect(rects.length).toBeGreaterThan(0);
    const inside = (a: number, b: number) => rects.some((r) => a > r.a0 - 1e-9 && a < r.a1 + 1e-9 && b > r.b0 - 1e-9 && b < r.b1 + 1e-9);
    missing.forEach((m, p) => expect(inside(alpha[p % alpha.length], beta[Math.floor(p / alpha.length)]), `point ${p}`).toBe(m));
    expect(layer.querySelector("path")!.getAttribute("fill")).toMatch(/^url\(#/);
    expect(doc.querySelector(".legend-area text")!.textContent).toMatch(/not computed \(18 of 35 points/);
    // A 1-D slice: the gap is hatched over both panels and the lines stop at it.
    const one = [...NETBASE, "--dims", "1", "--alpha=-1:1:9"];
    ok([...one, "--tile", "1/3", "--out", join(e, "t1")]);
    ok(["merge", join(e, "t1"), "--allow-missing", "--out", join(e, "m1.json"), "--svg", join(e, "m1.svg")]);
    const text1 = readFileSync(join(e, "m1.svg"), "utf8");
    expect(text1).not.toMatch(/NaN|Infinity/);
    expect(parseSvg(text1).querySelectorAll("g.not-computed")).toHaveLength(2);
  });

  it("a tile of other settings: exit 2 naming the tile and the setting", () => {
    const e = fresh();
    ok([...args, "--tile", "0/2", "--out", join(e, "t")]);
    ok([...args.map((a) => (a === "bce" ? "mse" : a)), "--tile", "1/2", "--out", join(e, "t")]);
    const r = runCli(["merge", join(e, "t"), "--out", join(e, "m.json")]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/slice-tile-1-of-2\.jsonl.*other settings.*loss/);
    expect(existsSync(join(e, "m.json"))).toBe(false);
  });

  it("bad tiles and empty folders: exit 2, one line, nothing written", () => {
    const e = fresh();
    mkdirSync(join(e, "empty"));
    for (const bad of [["--tile", "4/4"], ["--tile", "-1/3"], ["--tile", "1/0"], ["--tile", "auto"]]) {
      const r = runCli([...args, ...bad, "--out", join(e, "t")]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    const m = runCli(["merge", join(e, "empty"), "--out", join(e, "m.json")]);
    expect(m.status).toBe(2);
    expect(m.stderr).toMatch(/no tile files/);
    expect(readdirSync(e)).toEqual(["empty"]);
  });
});

describe("--resume", () => {
  const args = CASES["random 2-D"];

  it("a tile cut mid-line resumes to the same bytes", () => {
    const d = fresh();
    ok([...args, "--out", join(d, "one.json")]);
    ok([...args, "--tile", "0/1", "--out", join(d, "t")]);
    const file = join(d, "t", "slice-tile-0-of-1.jsonl");
    const text = readFileSync(file, "utf8");
    // Keep the header, the context and part of the first block line: a kill mid-write.
    const cut = text.split("\n").slice(0, 2).join("\n").length + 1 + 20;
    truncateSync(file, cut);
    ok([...args, "--tile", "0/1", "--out", join(d, "t"), "--resume"]);
    ok(["merge", join(d, "t"), "--out", join(d, "m.json")]);
    expect(readFileSync(join(d, "m.json"), "utf8")).toBe(readFileSync(join(d, "one.json"), "utf8"));
  });

  it("a single run keeps its checkpoint's points (a planted value shows they were not recomputed)", () => {
    const d = fresh();
    const out = join(d, "s.json");
    ok([...args, "--tile", "0/1", "--out", join(d, "t")]);
    const lines = readFileSync(join(d, "t", "slice-tile-0-of-1.jsonl"), "utf8").split("\n");
    // The first block, its first loss replaced by 12345: a checkpoint of the same settings.
    const block = JSON.parse(lines[2]);
    block.values[0][0] = 12345;
    writeFileSync(`${out}.resume.jsonl`, [lines[0], lines[1], JSON.stringify(block), ""].join("\n"));
    ok([...args, "--out", out, "--resume"]);
    expect(JSON.parse(readFileSync(out, "utf8")).fields.loss[0][0]).toBe(12345);
    expect(existsSync(`${out}.resume.jsonl`)).toBe(false);
    // Without --resume the checkpoint is ignored and everything recomputed.
    writeFileSync(`${out}.resume.jsonl`, [lines[0], lines[1], JSON.stringify(block), ""].join("\n"));
    ok([...args, "--out", out]);
    expect(JSON.parse(readFileSync(out, "utf8")).fields.loss[0][0]).not.toBe(12345);
  });

  it("--resume of a tile file of other settings: exit 2", () => {
    const d = fresh();
    ok([...args, "--tile", "0/2", "--out", join(d, "t")]);
    const r = runCli([...args.map((a) => (a === "11" ? "12" : a)), "--tile", "0/2", "--out", join(d, "t"), "--resume"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/other settings \(differing in directions\)/);
    rmSync(d, { recursive: true });
  });
});
