// `hessian` as a user runs it: Lanczos top/bottom against the dense eigenvalues (computed
// here independently) to 1e-8 on several architectures and activations, the one-neuron
// model against its closed form, the JSON contract, the outputs, and bad input.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import type { ActivationName } from "../src/nn/activations.js";
import { parameterCount, type Architecture } from "../src/nn/architecture.js";
import { builtinTable } from "../src/nn/datasets.js";
import { denseHessian, hessianSpectrum } from "../src/nn/hessian.js";
import { hessianVector } from "../src/nn/hvp.js";
import { initializeNetwork } from "../src/nn/init.js";
import { serializeParams } from "../src/formats/params-json.js";
import { symmetricEigenvalues } from "../src/nn/symmetric-eigen.js";
import { evaluatePoint } from "../src/numerics/point.js";
import { seedDataset } from "../src/data/dataset.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "hessian-cli-"));

interface Case {
  hidden: number[];
  activation: ActivationName;
  data: "moons" | "xor" | "circles" | "spiral";
  loss: "mse" | "bce";
  init: string;
}

const CASES: Case[] = [
  { hidden: [6, 5], activation: "tanh", data: "moons", loss: "bce", init: "xavier-normal" },
  { hidden: [10], activation: "sigmoid", data: "xor", loss: "mse", init: "normal:2" },
  { hidden: [5, 5, 4], activation: "relu", data: "circles", loss: "bce", init: "he" },
  { hidden: [12, 8], activation: "softsign", data: "spiral", loss: "mse", init: "pytorch" },
];

/** θ as the test draws it, written to a params file the CLI reads (an independent route to θ). */
function paramsFile(c: Case, name: string): { arch: Architecture; theta: Float64Array; file: string } {
  const arch: Architecture = { inputs: 2, hidden: c.hidden, activation: c.activation };
  const theta = Float64Array.from({ length: parameterCount(arch) }, (_, k) => Math.sin(1.7 * k + 0.3) * (c.activation === "relu" ? 0.8 : 1.3));
  const file = join(dir, `${name}.json`);
  writeFileSync(file, serializeParams(arch, theta));
  return { arch, theta, file };
}

const modelArgs = (c: Case, file: string): string[] => ["--hidden", c.hidden.join(","), "--activation", c.activation, "--data", c.data, "--samples", "60", "--loss", c.loss, "--params", file];

describe("hessian --top/--bottom (Lanczos) against the dense eigenvalues", () => {
  CASES.forEach((c, n) => {
    it(`2-${c.hidden.join("-")}-1 ${c.activation}, ${c.loss} on ${c.data}: top 4 and bottom 3 to 1e-8`, () => {
      const { arch, theta, file } = paramsFile(c, `case${n}`);
      const r = runCli(["hessian", ...modelArgs(c, file), "--top", "4", "--bottom", "3", "--seed", String(n), "--json"]);
      expect(r.status, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout);
      const data = builtinTable(c.data, { samples: 60, noise: null, dataSeed: 0 });
      const ev = hessianSpectrum(arch, theta, data, c.loss).eigenvalues;
      const P = ev.length;
      const scale = Math.max(1, Math.abs(ev[0]), Math.abs(ev[P - 1]));
      const top = [ev[P - 1], ev[P - 2], ev[P - 3], ev[P - 4]];
      const bottom = [ev[0], ev[1], ev[2]];
      expect(doc.params).toBe(P);
      doc.top.values.forEach((v: number, k: number) => expect(Math.abs(v - top[k])).toBeLessThan(1e-8 * scale));
      doc.bottom.values.forEach((v: number, k: number) => expect(Math.abs(v - bottom[k])).toBeLessThan(1e-8 * scale));
      expect(doc.top.exact).toEqual(top);
      expect(doc.bottom.exact).toEqual(bottom);
      // Each residual bounds the distance to the nearest eigenvalue.
      for (const part of [doc.top, doc.bottom]) part.residuals.forEach((res: number) => expect(res).toBeLessThan(1e-9 * scale));
      expect(doc.lanczos).toMatchObject({ seed: n, converged: true });
    });
  });

  it("--eigenvectors gives unit vectors in the params' flat order with H v = λ v", () => {
    const c = CASES[0];
    const { arch, theta, file } = paramsFile(c, "vectors");
    const doc = JSON.parse(runCli(["hessian", ...modelArgs(c, file), "--top", "2", "--bottom", "1", "--eigenvectors", "--json"]).stdout);
    const data = builtinTable(c.data, { samples: 60, noise: null, dataSeed: 0 });
    const pairs: Array<[number, number[]]> = [...doc.top.values.map((v: number, k: number) => [v, doc.top.vectors[k]]), [doc.bottom.values[0], doc.bottom.vectors[0]]];
    for (const [lambda, vec] of pairs) {
      expect(vec).toHaveLength(theta.length);
      const v = Float64Array.from(vec);
      expect(Math.hypot(...v)).toBeCloseTo(1, 12);
      const hv = hessianVector(arch, theta, data, c.loss, v);
      const res = Math.hypot(...hv.map((x, i) => x - lambda * v[i]));
      expect(res).toBeLessThan(1e-8);
      // Sign convention: the largest-magnitude entry is positive.
      const big = v.reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0);
      expect(big).toBeGreaterThan(0);
    }
  });

  it("the one-neuron model (no --hidden, P = 2) gives the closed-form eigenvalues at --at=W,B", () => {
    for (const [w, b] of [[-5, -10], [0.5, -0.2], [3, 1]]) {
      for (const loss of ["mse", "bce"] as const) {
        const doc = JSON.parse(runCli(["hessian", `--at=${w},${b}`, "--loss", loss, "--top", "2", "--bottom", "1", "--json"]).stdout);
        const [lo, hi] = evaluatePoint(loss, seedDataset(), w, b).eigenvalues;
        expect(doc.params).toBe(2);
        expect(Math.abs(doc.top.values[0] - hi)).toBeLessThan(1e-12 * Math.abs(hi));
        expect(Math.abs(doc.top.values[1] - lo)).toBeLessThan(1e-8 * Math.abs(hi));
        expect(Math.abs(doc.bottom.values[0] - lo)).toBeLessThan(1e-8 * Math.abs(hi));
      }
    }
  });
});

describe("hessian --per-layer, --trace, --density through the CLI", () => {
  it("per-layer λ_max equals the dense diagonal block's largest eigenvalue", () => {
    const c = CASES[1];
    const { arch, theta, file } = paramsFile(c, "layers");
    const doc = JSON.parse(runCli(["hessian", ...modelArgs(c, file), "--per-layer", "--json"]).stdout);
    const data = builtinTable(c.data, { samples: 60, noise: null, dataSeed: 0 });
    const H = denseHessian(arch, theta, data, c.loss);
    const P = theta.length;
    let start = 0;
    expect(doc.perLayer).toHaveLength(2);
    for (const l of doc.perLayer) {
      const block = new Float64Array(l.size * l.size);
      for (let i = 0; i < l.size; i++) for (let j = 0; j < l.size; j++) block[i * l.size + j] = H[(start + i) * P + start + j];
      const ref = symmetricEigenvalues(block, l.size)[l.size - 1];
      expect(Math.abs(l.lambdaMax - ref)).toBeLessThan(1e-8 * Math.max(1, Math.abs(ref)));
      expect(l.exact).toBeCloseTo(ref, 12);
      start += l.size;
    }
    expect(start).toBe(P);
    expect(doc.top).toBeUndefined();
  });

  it("trace and density report seed, spread and the exact values; --no-exact leaves them null", () => {
    const c = CASES[0];
    const { arch, theta, file } = paramsFile(c, "trace");
    const doc = JSON.parse(runCli(["hessian", ...modelArgs(c, file), "--trace", "--probes", "300", "--density", "--density-probes", "6", "--steps", "40", "--bins", "500", "--seed", "7", "--json"]).stdout);
    const data = builtinTable(c.data, { samples: 60, noise: null, dataSeed: 0 });
    const exact = hessianSpectrum(arch, theta, data, c.loss).trace;
    expect(doc.trace).toMatchObject({ probes: 300, seed: 7, exact });
    expect(Math.abs(doc.trace.estimate - exact)).toBeLessThan(4 * doc.trace.standardError);
    const d = doc.density;
    expect([d.probes, d.steps, d.seed, d.grid.length, d.density.length, d.nodes.length, d.weights.length]).toEqual([6, 40, 7, 500, 500, 6, 6]);
    const dt = d.grid[1] - d.grid[0];
    expect(d.density.reduce((s: number, v: number) => s + v, 0) * dt).toBeCloseTo(1, 10);
    expect(d.exact.mean).toBeCloseTo(exact / theta.length, 14);
    expect(Math.abs(d.mean - d.exact.mean)).toBeLessThan(4 * d.meanStandardError);
    expect(d.exact.density.reduce((s: number, v: number) => s + v, 0) * dt).toBeCloseTo(1, 10);
    const off = JSON.parse(runCli(["hessian", ...modelArgs(c, file), "--trace", "--density", "--no-exact", "--json"]).stdout);
    expect([off.exact, off.trace.exact, off.density.exact]).toEqual([false, null, null]);
    expect(off.top).toBeUndefined();
  });

  it("text output names every estimate's seed and spread beside the exact value", () => {
    const r = runCli(["hessian", "--hidden", "4", "--data", "moons", "--top", "2", "--trace", "--density", "--per-layer", "--seed", "3"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/top 2 eigenvalues \(Lanczos, full reorthogonalization, seed 3, \d+ H·v, converged/);
    expect(r.stdout).toContain("‖Hv − λv‖");
    expect(r.stdout).toMatch(/trace \(Hutchinson, 100 Rademacher probes, seed 3\): \S+ ± \S+ \(standard error\); exact/);
    expect(r.stdout).toMatch(/density \(SLQ, 4 probes × 17 Lanczos steps, seed 3\)/);
    expect(r.stdout).toMatch(/per-layer λ_max .*seed 3/);
  });

  it("defaults to --top 1 and is reproducible from its seed", () => {
    const args = ["hessian", "--hidden", "3", "--data", "xor", "--init", "he", "--seed", "5", "--json"];
    const a = runCli(args), b = runCli(args);
    expect(a.stdout).toBe(b.stdout);
    const doc = JSON.parse(a.stdout);
    expect(doc.top.values).toHaveLength(1);
    expect(Object.keys(doc)).toEqual(["model", "params", "seed", "exact", "lanczos", "top"]);
    const arch: Architecture = { inputs: 2, hidden: [3], activation: "tanh" };
    const data = builtinTable("xor", { samples: 200, noise: null, dataSeed: 0 });
    const { theta } = initializeNetwork(arch, { kind: "he" }, seededRandom(5), 1, data);
    expect(doc.top.exact[0]).toBe(hessianSpectrum(arch, theta, data, "mse").lambdaMax);
  });
});

describe("hessian outputs and bad input", () => {
  it("--out and --svg write complete files, byte-identical on rerun", () => {
    const out = join(dir, "h.json"), svg = join(dir, "spectrum.svg");
    const args = ["hessian", "--hidden", "5", "--data", "moons", "--json", "--out", out, "--svg", svg];
    const r = runCli(args);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("");
    const first = [readFileSync(out), readFileSync(svg)];
    expect(runCli(args).status).toBe(0);
    expect(readFileSync(out).equals(first[0])).toBe(true);
    expect(readFileSync(svg).equals(first[1])).toBe(true);
    const doc = JSON.parse(first[0].toString());
    expect(doc.top.values).toHaveLength(5);
    expect(doc.density).toBeDefined();
    expect(first[1].toString()).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*eigenvalue density/);
    expect(first[1].length).toBeLessThan(200 * 1024);
  });

  const bad: Array<[string[], RegExp]> = [
    [["--hidden", "3", "--top", "14"], /^loss-landscape hessian: --top must be a whole number from 1 to 13\b/],
    [["--hidden", "3", "--bottom", "100"], /--bottom must be a whole number from 1 to 13\b/],
    [["--at=-5,-10", "--top", "3"], /--top must be a whole number from 1 to 2\b/],
    [["--hidden", "3", "--top", "0"], /--top must be a whole number ≥ 1/],
    [["--hidden", "3", "--trace", "--probes", "0"], /--probes must be a whole number from 2 to 100000/],
    [["--hidden", "3", "--density", "--density-probes", "0"], /--density-probes must be a whole number from 1/],
    [["--hidden", "3", "--density", "--steps", "0"], /--steps must be a whole number from 1/],
    [["--hidden", "3", "--density", "--bins", "1"], /--bins must be a whole number from 2/],
    [["--hidden", "3", "--density", "--sigma2", "0"], /--sigma2 must be a finite number > 0/],
    [["--hidden", "3", "--eigenvectors"], /--eigenvectors needs --top K or --bottom K/],
    [["--hidden", "3", "--probes", "10"], /--probes sets up --trace/],
    [["--hidden", "3", "--at=1,2"], /--at=W,B is the one-neuron model's point/],
    [["--hidden", "3", "--max-seconds", "1e-9"], /exceeds --max-seconds/],
    [["--hidden", "100,100", "--top", "4000"], /--top must be a whole number from 1 to 3195 for P = 10501: the Lanczos basis holds at most 33554432 numbers/],
    [["--hidden", "100,100", "--density", "--steps", "4000"], /--steps must be a whole number from 1 to 3195 for P = 10501/],
  ];
  it("shows its stages on stderr with --progress and nothing with --quiet", () => {
    const args = ["hessian", "--hidden", "4", "--data", "moons", "--trace", "--density", "--json"];
    const loud = runCli([...args, "--progress"]);
    expect(loud.status).toBe(0);
    expect(loud.stderr).toMatch(/^loss-landscape hessian: dense Hessian \(17 H·v\) and all its eigenvalues/m);
    expect(loud.stderr).toMatch(/^loss-landscape hessian: Hutchinson trace · \d+%/m);
    expect(loud.stderr).toMatch(/^loss-landscape hessian: stochastic Lanczos quadrature · \d+%/m);
    expect(loud.stderr).toMatch(/^loss-landscape hessian: done in /m);
    const quiet = runCli([...args, "--quiet"]);
    expect([quiet.status, quiet.stderr]).toEqual([0, ""]);
    expect(quiet.stdout).toBe(loud.stdout);
  });

  it("refuses --axis without --svg", () => {
    const r = runCli(["hessian", "--hidden", "3", "--axis", "linear"]);
    expect([r.status, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toMatch(/^loss-landscape hessian: --axis sets up --svg: give --svg FILE too\n$/);
  });

  for (const [args, message] of bad) {
    it(`refuses ${args.join(" ")} with exit 2, one line, nothing written`, () => {
      const out = join(dir, `bad-${args.join("_").replace(/[^\w-]/g, "")}.json`);
      const svg = out.replace(/\.json$/, ".svg");
      const r = runCli(["hessian", ...(args.includes("--hidden") ? ["--data", "moons"] : []), ...args, "--out", out, "--svg", svg]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
      expect(existsSync(out) || existsSync(svg)).toBe(false);
    });
  }
});
