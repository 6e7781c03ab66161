// `sharpness` as a user runs it: the JSON contract against the library on the same point,
// several runs with labels and the figure, and bad input (exit 2, one line, nothing written).

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { networkObjective } from "../../src/geometry/objective.js";
import { worstCaseSharpness } from "../../src/geometry/sharpness.js";
import { seededRandom } from "../../src/init/random.js";
import type { Architecture } from "../../src/nn/architecture.js";
import { builtinTable } from "../../src/nn/datasets.js";
import { initializeNetwork } from "../../src/nn/init.js";
import { serializeParams } from "../../src/formats/params-json.js";
import { runCli } from "../run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "sharpness-cli-"));
const arch: Architecture = { inputs: 2, hidden: [5, 4], activation: "tanh" };
const data = builtinTable("moons", { samples: 50, noise: null, dataSeed: 0 });
const thetas = [1, 2].map((s) => initializeNetwork(arch, { kind: "xavier-normal" }, seededRandom(s), 1, data).theta);
const files = thetas.map((t, i) => {
  const f = join(dir, `run${i}.json`);
  writeFileSync(f, serializeParams(arch, t));
  return f;
});
const base = ["sharpness", "--data", "moons", "--samples", "50", "--loss", "bce", "--restarts", "2", "--iterations", "30", "--average-samples", "20", "--probes", "10", "--quiet"];

describe("sharpness CLI", () => {
  it("reports every measure per run in JSON, the worst cases equal to the library's on the same point", () => {
    const r = runCli([...base, "--params", files[0], "--params", files[1], "--label", "first", "--epsilon", "0.01", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.settings).toMatchObject({ epsilon: 0.01, rho: 0.05, subspace: null, restarts: 2, iterations: 30, averageSamples: 20, probes: 10, seed: 0 });
    expect(doc.settings.solver).toMatch(/projected gradient ascent/);
    expect(doc.runs.map((x: { label: string }) => x.label)).toEqual(["first", "run1"]);
    const obj = networkObjective(arch, data, "bce");
    const lib = worstCaseSharpness(obj, thetas[1], { kind: "keskar", radius: 0.01, subspace: null, restarts: 2, iterations: 30, tol: 1e-12, seed: 0 });
    const run = doc.runs[1];
    expect(run.keskar.maxLoss).toBe(lib.maxLoss);
    expect(run.keskar.value).toBe(lib.value);
    expect(run.keskar.value).toBeCloseTo((100 * (run.keskar.maxLoss - run.loss)) / (1 + run.loss), 12);
    for (const k of ["keskar", "adaptiveInf", "adaptive2"]) {
      expect(run[k].maxLoss).toBeGreaterThanOrEqual(run.loss);
      expect(run[k].starts).toHaveLength(2);
      expect(run[k].projectedGradientNorm).toBeGreaterThanOrEqual(0);
    }
    expect(run.average.ci95[0]).toBeLessThanOrEqual(run.average.mean);
    expect(run.lambdaMax.value).toBeGreaterThan(0);
    expect(run.trace.probes).toBe(10);
  });

  it("writes sharpness.svg with one dot per run in every panel, and the same numbers twice", () => {
    const svg = join(dir, "s.svg");
    const args = [...base, "--params", files[0], "--params", files[1], "--svg", svg, "--subspace", "random:5"];
    const r = runCli(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/random 5-dim subspace/);
    const text = readFileSync(svg, "utf8");
    expect(text.match(/class="panel /g)).toHaveLength(6);
    expect(text.match(/<circle /g)!.length).toBeGreaterThanOrEqual(12);
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(runCli(args).stdout).toBe(r.stdout);
    expect(readFileSync(svg, "utf8")).toBe(text);
  });

  it("rejects bad input with exit 2 and one line, writing nothing", () => {
    const out = join(dir, "never.json");
    for (const [args, pattern] of [
      [["--epsilon", "0"], /--epsilon must be a finite number > 0/],
      [["--epsilon", "-1"], /--epsilon/],
      [["--rho", "0"], /--rho must be a finite number > 0/],
      [["--subspace", "random:0"], /--subspace/],
      [["--subspace", "random:9999", "--params", files[0]], /--subspace random:K needs K ≤ P/],
      [["--params", files[0], "--init", "he"], /exclude each other/],
      [["--params", join(dir, "missing.json")], /--params/],
      [["--params", files[0], "--hidden", "3"], /--params/],
      [["--probes", "1"], /--probes/],
    ] as Array<[string[], RegExp]>) {
      const r = runCli([...base, ...args, "--out", out]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
  });
});
