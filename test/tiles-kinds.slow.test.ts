// Every direction kind of `slice`, 1-D and 2-D, as 4 tiles: merge writes JSON, CSV and
// SVG byte-identical to one run's (slow tier: 9 CLI runs per kind).

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import type { Architecture } from "../src/nn/architecture.js";
import { initializeNetwork } from "../src/nn/init.js";
import { serializeParams } from "../src/formats/params-json.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tiles-kinds-"));
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
  "random 2-D, bias directions kept": [...NETBASE, "--loss", "bce", "--alpha=-1:1.5:7", "--beta=-0.5:1:5", "--seed", "11", "--bias-directions", "keep"],
  "random 1-D": [...NETBASE, "--dims", "1", "--alpha=-1:1:9"],
  "files 2-D, layer-normalized": [...NETBASE, "--directions", `${to1},${to2}`, "--normalize", "layer", "--alpha=-1:1:4", "--beta=-1:1:5"],
  "interp 1-D": [...NETBASE, "--directions", "interp", "--to", to1, "--alpha=0:1:6"],
  "interp 2-D (two --to)": [...NETBASE, "--directions", "interp", "--to", to1, "--to", to2, "--alpha=0:1:3", "--beta=0:1:5"],
  "eigen 2-D": [...NETBASE, "--directions", "eigen", "--alpha=-1:1:5", "--beta=-1:1:3"],
  "axes on a network": [...NETBASE, "--directions", "axes:layers.0.weight[0,1],layers.1.bias[0]", "--alpha=-2:2:5", "--beta=-1:1:4"],
  "axes:w,b of the one-neuron model (grid kernel)": ["slice", "--directions", "axes:w,b", "--alpha=-3:3:9", "--beta=-2:2:6", "--quiet"],
  "pca with a projected trajectory": ["slice", "--hidden", "3", ...DATA, "--directions", "pca", "--trajectory", join(fixture, "trajectory.json"), "--alpha=-1:1:5", "--beta=-1:1:4", "--quiet"],
};

function ok(args: string[]): void {
  const r = runCli(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}

describe("every direction kind: tiles merge to one run's bytes", () => {
  for (const [i, [name, args]] of Object.entries(CASES).entries()) {
    it(name, () => {
      const d = join(dir, `case${i}`);
      mkdirSync(d);
      ok([...args, "--out", join(d, "one.json"), "--svg", join(d, "one.svg")]);
      ok([...args, "--format", "csv", "--out", join(d, "one.csv")]);
      for (let k = 0; k < 4; k++) ok([...args, "--tile", `${k}/4`, "--out", join(d, "tiles")]);
      ok(["merge", join(d, "tiles"), "--format", "json", "--out", join(d, "m.json"), "--svg", join(d, "m.svg")]);
      ok(["merge", join(d, "tiles"), "--format", "csv", "--out", join(d, "m.csv")]);
      for (const f of ["json", "csv", "svg"]) expect(readFileSync(join(d, `m.${f}`)).equals(readFileSync(join(d, `one.${f}`)))).toBe(true);
    });
  }
});
