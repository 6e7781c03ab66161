// The `slice` command against independent references: every field value against a
// network pass at θ* + αd1 + βd2 built in the test from the printed directions, the
// normalizations against their closed forms, PCA against NumPy's SVD (fixture written by
// test/fixtures/slice-pca/make.py), the projection against the normal equations, eigen
// directions against H·v, axes:w,b against `grid`, and the bad inputs' one-line refusals.

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import { layerShapes, parameterCount, type Architecture } from "../src/nn/architecture.js";
import { builtinTable } from "../src/nn/datasets.js";
import { evaluateNetwork } from "../src/nn/forward.js";
import { hessianSpectrum } from "../src/nn/hessian.js";
import { hessianVector } from "../src/nn/hvp.js";
import { initializeNetwork } from "../src/nn/init.js";
import { serializeParams } from "../src/formats/params-json.js";
import { randomDirections } from "../src/slices/directions.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "slice-cli-"));
const NET: Architecture = { inputs: 2, hidden: [4, 3], activation: "tanh" };
const DATA = ["--data", "xor", "--samples", "40"];
const data = builtinTable("xor", { samples: 40, noise: null, dataSeed: 0 });
const { theta } = initializeNetwork(NET, { kind: "xavier-normal" }, seededRandom(3));
writeFileSync(join(dir, "center.json"), serializeParams(NET, theta));
const BASE = ["slice", "--hidden", "4,3", ...DATA, "--params", join(dir, "center.json")];

const sq = (v: ArrayLike<number>, a = 0, b = v.length): number => {
  let s = 0;
  for (let i = a; i < b; i++) s += v[i] * v[i];
  return s;
};
const at = (d1: number[], d2: number[] | null, a: number, b: number): Float64Array => theta.map((t, k) => t + a * d1[k] + (d2 ? b * d2[k] : 0));

function json(args: string[]): any {
  const r = runCli(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe("slice values", () => {
  it("random, filter-normalized: every point is the network's loss, accuracy and full ‖∇L‖ at θ* + αd1 + βd2, [beta][alpha]", () => {
    const doc = json([...BASE, "--loss", "bce", "--alpha=-1:1.5:5", "--beta=-0.5:1:4", "--seed", "11"]);
    expect(doc.alpha).toEqual([-1, -0.375, 0.25, 0.875, 1.5]);
    expect(doc.beta).toEqual([-0.5, 0, 0.5, 1]);
    expect(doc.directions).toMatchObject({ kind: "random", normalization: "filter", biasDirections: "zero", seed: 11 });
    for (const f of ["loss", "accuracy", "gradNorm"]) expect(doc.fields[f]).toHaveLength(4);
    doc.beta.forEach((b: number, i: number) =>
      doc.alpha.forEach((a: number, j: number) => {
        const ref = evaluateNetwork(NET, at(doc.directions.d1, doc.directions.d2, a, b), data, "bce");
        expect(doc.fields.loss[i][j]).toBeCloseTo(ref.loss, 13);
        expect(doc.fields.gradNorm[i][j] / ref.gradNorm).toBeCloseTo(1, 12);
        expect(doc.fields.accuracy[i][j]).toBe(ref.accuracy);
      }),
    );
  });

  it.each(["filter", "layer", "model", "none"])("--normalize %s matches its closed form; biases zero, or θ*'s with keep", (norm) => {
    for (const bias of ["zero", "keep"]) {
      const doc = json([...BASE, "--normalize", norm, "--bias-directions", bias, "--alpha=-1:1:2", "--beta=-1:1:2", "--seed", "5"]);
      for (const d of [doc.directions.d1, doc.directions.d2] as number[][]) {
        let dw = 0, tw = 0;
        for (const s of layerShapes(NET)) {
          for (let o = 0; o < s.fanOut; o++) {
            const a = s.weightOffset + o * s.fanIn, e = a + s.fanIn;
            if (norm === "filter") expect(Math.sqrt(sq(d, a, e))).toBeCloseTo(Math.sqrt(sq(theta, a, e)), 9);
            expect(d[s.biasOffset + o]).toBe(bias === "zero" ? 0 : theta[s.biasOffset + o]);
          }
          if (norm === "layer") expect(Math.sqrt(sq(d, s.weightOffset, s.biasOffset))).toBeCloseTo(Math.sqrt(sq(theta, s.weightOffset, s.biasOffset)), 12);
          dw += sq(d, s.weightOffset, s.biasOffset);
          tw += sq(theta, s.weightOffset, s.biasOffset);
        }
        if (norm === "model") expect(Math.sqrt(dw)).toBeCloseTo(Math.sqrt(tw), 12);
      }
      expect(doc.directions.normalization).toBe(norm);
    }
  });

  it("--normalize none leaves the seeded Gaussian draws; --dims 1 keeps d1 and is one row at β = 0", () => {
    const two = json([...BASE, "--normalize", "none", "--bias-directions", "keep", "--alpha=-1:1:3", "--beta=-1:1:3", "--seed", "2"]);
    const one = json([...BASE, "--normalize", "none", "--bias-directions", "keep", "--alpha=-1:1:3", "--dims", "1", "--seed", "2"]);
    expect(one.directions.d1).toEqual(two.directions.d1);
    expect(one.directions.d2).toBeNull();
    expect(one.beta).toEqual([0]);
    expect(one.fields.loss).toEqual([two.fields.loss[1]]);
    // Weights are the seeded draws themselves (d1 drawn fully before d2), biases θ*'s.
    const [g1, g2] = randomDirections(theta.length, 2, 2);
    const biases = new Set(layerShapes(NET).flatMap((s) => Array.from({ length: s.fanOut }, (_, o) => s.biasOffset + o)));
    theta.forEach((t, k) => {
      expect(two.directions.d1[k]).toBe(biases.has(k) ? t : g1[k]);
      expect(two.directions.d2[k]).toBe(biases.has(k) ? t : g2[k]);
    });
  });

  it("axes: named parameters are unit vectors; axes:w,b of the one-neuron model prints grid's numbers", () => {
    const doc = json([...BASE, "--directions", "axes:layers.0.weight[1,0],layers.2.bias[0]", "--alpha=-1:1:3", "--beta=-1:1:3"]);
    const P = parameterCount(NET);
    expect(doc.directions.d1).toEqual(Array.from({ length: P }, (_, k) => (k === 2 ? 1 : 0)));
    expect(doc.directions.d2).toEqual(Array.from({ length: P }, (_, k) => (k === P - 1 ? 1 : 0)));
    const grid = runCli(["grid", "--loss", "bce", "--w=-10:20:31", "--b=-20:10:29", "--format", "csv"]).stdout.trim().split("\n");
    const slice = runCli(["slice", "--loss", "bce", "--directions", "axes:w,b", "--alpha=-10:20:31", "--beta=-20:10:29", "--format", "csv"]).stdout.trim().split("\n");
    expect(slice).toHaveLength(grid.length);
    for (let k = 1; k < grid.length; k++) {
      const [w, b, loss, , , gradNorm] = grid[k].split(",");
      expect(slice[k].split(",").filter((_, i) => i !== 3)).toEqual([w, b, loss, gradNorm]);
    }
  });

  it("interp: α = 1 lands on --to; two --to span the plane through three points", () => {
    const to1 = initializeNetwork(NET, { kind: "he" }, seededRandom(8)).theta;
    const to2 = initializeNetwork(NET, { kind: "lecun" }, seededRandom(9)).theta;
    writeFileSync(join(dir, "to1.json"), serializeParams(NET, to1));
    writeFileSync(join(dir, "to2.json"), serializeParams(NET, to2));
    const line = json([...BASE, "--directions", "interp", "--to", join(dir, "to1.json"), "--alpha=0:1:5"]);
    expect(line.dims).toBe(1);
    expect(line.directions.normalization).toBe("none");
    expect(line.fields.loss[0][0]).toBe(evaluateNetwork(NET, theta, data, "mse").loss);
    expect(line.fields.loss[0][4]).toBeCloseTo(evaluateNetwork(NET, to1, data, "mse").loss, 13);
    const plane = json([...BASE, "--directions", "interp", "--to", join(dir, "to1.json"), "--to", join(dir, "to2.json"), "--alpha=0:1:2", "--beta=0:1:2"]);
    expect(plane.fields.loss[1][0]).toBeCloseTo(evaluateNetwork(NET, to2, data, "mse").loss, 13);
    expect(plane.fields.loss[0][1]).toBeCloseTo(evaluateNetwork(NET, to1, data, "mse").loss, 13);
  });

  it("eigen: the directions are the Hessian's top two eigenvectors at θ*", () => {
    const doc = json([...BASE, "--loss", "bce", "--directions", "eigen", "--alpha=-1:1:2", "--beta=-1:1:2"]);
    const exact = hessianSpectrum(NET, theta, data, "bce").eigenvalues;
    const P = theta.length;
    expect(doc.directions.eigenvalues[0]).toBeCloseTo(exact[P - 1], 10);
    expect(doc.directions.eigenvalues[1]).toBeCloseTo(exact[P - 2], 10);
    [doc.directions.d1, doc.directions.d2].forEach((v: number[], k: number) => {
      expect(Math.sqrt(sq(v))).toBeCloseTo(1, 12);
      const hv = hessianVector(NET, theta, data, "bce", Float64Array.from(v));
      for (let i = 0; i < P; i++) expect(Math.abs(hv[i] - doc.directions.eigenvalues[k] * v[i])).toBeLessThan(1e-9);
    });
  });
});

describe("pca and projection", () => {
  const ARCH: Architecture = { inputs: 2, hidden: [3], activation: "tanh" };
  const fixture = join(__dirname, "fixtures", "slice-pca");
  const ref = JSON.parse(readFileSync(join(fixture, "pca.json"), "utf8"));
  const points: number[][] = JSON.parse(readFileSync(join(fixture, "trajectory.json"), "utf8")).points;
  const args = ["slice", "--hidden", "3", ...DATA, "--directions", "pca", "--trajectory", join(fixture, "trajectory.json"), "--alpha=-1:1:3", "--beta=-1:1:3"];

  it.each(["zero", "keep"])("--bias-directions %s: components and explained-variance ratios equal NumPy's SVD", (bias) => {
    const doc = json([...args, "--bias-directions", bias]);
    expect(doc.center).toBe("the trajectory's last point");
    expect(doc.directions.kind).toBe("pca");
    [doc.directions.d1, doc.directions.d2].forEach((d: number[], k: number) => {
      d.forEach((x, i) => expect(Math.abs(x - ref[bias].components[k][i])).toBeLessThan(1e-10));
      expect(doc.directions.explainedVarianceRatio[k]).toBeCloseTo(ref[bias].explainedVarianceRatio[k], 12);
      expect(doc.directions.explainedVariance[k] / ref[bias].explainedVariance[k]).toBeCloseTo(1, 11);
    });
  });

  it("projects every point by least squares (normal equations in the test), with off-plane distance and both losses", () => {
    const doc = json([...args, "--loss", "bce"]);
    const d1 = doc.directions.d1 as number[], d2 = doc.directions.d2 as number[];
    const c = points[points.length - 1];
    const dot = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * b[i], 0);
    const g11 = dot(d1, d1), g12 = dot(d1, d2), g22 = dot(d2, d2), det = g11 * g22 - g12 * g12;
    expect(doc.trajectory).toHaveLength(points.length);
    points.forEach((p, t) => {
      const r = p.map((x, i) => x - c[i]);
      const b1 = dot(d1, r), b2 = dot(d2, r);
      const a = (g22 * b1 - g12 * b2) / det, b = (g11 * b2 - g12 * b1) / det;
      const q = doc.trajectory[t];
      expect(q.step).toBe(5 * t);
      expect(q.alpha).toBeCloseTo(a, 10);
      expect(q.beta).toBeCloseTo(b, 10);
      const resid = r.map((x, i) => x - a * d1[i] - b * d2[i]);
      expect(q.offPlane).toBeCloseTo(Math.sqrt(dot(resid, resid)), 10);
      expect(q.loss).toBe(evaluateNetwork(ARCH, Float64Array.from(p), data, "bce", { engine: "reference" }).loss);
      expect(q.planeLoss).toBeCloseTo(evaluateNetwork(ARCH, Float64Array.from(c, (x, i) => x + a * d1[i] + b * d2[i]), data, "bce").loss, 12);
    });
    // The last point is the center: at the origin, on the plane.
    expect(doc.trajectory[points.length - 1]).toMatchObject({ alpha: 0, beta: 0, offPlane: 0 });
  });

  it("reads the same trajectory as CSV, one flat vector per line", () => {
    writeFileSync(join(dir, "traj.csv"), points.map((p) => p.join(",")).join("\n") + "\n");
    const a = json([...args]);
    const b = json([...args.slice(0, -6), "--directions", "pca", "--trajectory", join(dir, "traj.csv"), "--alpha=-1:1:3", "--beta=-1:1:3"]);
    expect(b.directions.d1).toEqual(a.directions.d1);
    expect(b.trajectory.map((p: { step: number }) => p.step)).toEqual(points.map((_, t) => t));
  });
});

describe("formats and outputs", () => {
  it("CSV is one line per point, beta-major, with the JSON's numbers; --out writes the same bytes as stdout", () => {
    const common = [...BASE, "--alpha=-1:1:4", "--beta=0:1:3"];
    const doc = json(common);
    const csv = runCli([...common, "--format", "csv"]).stdout.trim().split("\n");
    expect(csv[0]).toBe("alpha,beta,loss,accuracy,gradNorm");
    expect(csv).toHaveLength(13);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) {
      expect(csv[1 + i * 4 + j].split(",").map(Number)).toEqual([doc.alpha[j], doc.beta[i], doc.fields.loss[i][j], doc.fields.accuracy[i][j], doc.fields.gradNorm[i][j]]);
    }
    const out = join(dir, "s.json");
    expect(runCli([...common, "--out", out]).status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(runCli(common).stdout);
  });
});

describe("progress and estimates", () => {
  it("--progress reports the evaluation on stderr; --max-seconds refuses a slice estimated above it", () => {
    const r = runCli([...BASE, "--alpha=-1:1:5", "--beta=-1:1:5", "--progress"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/loss-landscape slice/);
    const big = runCli([...BASE, "--alpha=-1:1:1000", "--beta=-1:1:1000", "--max-seconds", "1", "--out", join(dir, "never.json")]);
    expect(big.status).toBe(2);
    expect(big.stderr).toMatch(/^loss-landscape slice: estimated .* 1,000×1,000 points × 40 samples × 31 parameters exceeds --max-seconds 1/);
    expect(existsSync(join(dir, "never.json"))).toBe(false);
  });
});

describe("bad input: exit 2, one line naming the flag, nothing written", () => {
  writeFileSync(join(dir, "small.json"), serializeParams({ inputs: 2, hidden: [3], activation: "tanh" }, new Float64Array(13).fill(0.1)));
  writeFileSync(join(dir, "one.json"), JSON.stringify({ every: 1, points: [Array.from(theta)] }));
  writeFileSync(join(dir, "zero.json"), serializeParams(NET, new Float64Array(theta.length)));
  const cases: Array<[string, string[], RegExp]> = [
    ["a direction file of the wrong shape", ["--directions", `${join(dir, "small.json")},${join(dir, "small.json")}`], /^loss-landscape slice: --directions: .*layer/],
    ["a trajectory of one point", ["--trajectory", join(dir, "one.json")], /--trajectory: .*at least 2/],
    ["a zero direction after normalization", ["--params", join(dir, "zero.json")], /--normalize filter: direction d1 is zero/],
    ["a zero direction file", ["--directions", `${join(dir, "zero.json")},${join(dir, "center.json")}`], /--directions: direction d1 is the zero vector/],
    ["a count out of range", ["--alpha=-1:1:1"], /--alpha: N must be a whole number/],
    ["a grid over the size limit", ["--alpha=-1:1:2000", "--beta=-1:1:2000"], /--alpha\/--beta: .*1024²/],
    ["an unknown parameter name", ["--directions", "axes:layers.0.weight[9,0],layers.0.bias[0]"], /--directions: .*layers.0.weight is 4×2/],
    ["parallel directions", ["--directions", `${join(dir, "center.json")},${join(dir, "center.json")}`], /parallel/],
    ["pca without a trajectory", ["--directions", "pca"], /--directions pca needs --trajectory/],
    ["interp without --to", ["--directions", "interp"], /needs --to/],
    ["normalizing eigen directions", ["--directions", "eigen", "--normalize", "layer"], /--normalize layer applies to random and file/],
    ["--dims 3", ["--dims", "3"], /--dims must be 1 or 2/],
  ];
  it.each(cases)("%s", (_, extra, message) => {
    const out = join(dir, `bad-${extra.join("").length}.json`);
    const params = extra.includes("--params") ? [] : ["--params", join(dir, "center.json")];
    const r = runCli(["slice", "--hidden", "4,3", ...DATA, ...params, ...extra, "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });
});

describe("--svg", () => {
  it("writes slice.svg for a plane (with the projected run) and slice-1d.svg for a line, beside the data", () => {
    const fixture = join(__dirname, "fixtures", "slice-pca", "trajectory.json");
    const plane = join(dir, "plane.svg"), line = join(dir, "line.svg");
    const a = runCli(["slice", "--hidden", "3", ...DATA, "--directions", "pca", "--trajectory", fixture, "--alpha=-2:2:21", "--beta=-2:2:21", "--svg", plane, "--out", join(dir, "plane.json")]);
    expect(a.status).toBe(0);
    const svg = readFileSync(plane, "utf8");
    expect(svg).toMatch(/<svg[^>]*role="img"/);
    expect(svg).toContain("PC1");
    expect(svg).toContain('class="off-plane-chart"');
    expect(svg).toMatch(/ε = D \/ \(lr·T\)/);
    const b = runCli([...BASE, "--dims", "1", "--alpha=-1:1:11", "--svg", line]);
    expect(b.status).toBe(0);
    expect(readFileSync(line, "utf8")).toContain('class="accuracy-panel"');
    // Same command, same bytes.
    runCli([...BASE, "--dims", "1", "--alpha=-1:1:11", "--svg", join(dir, "line2.svg")]);
    expect(readFileSync(join(dir, "line2.svg"), "utf8")).toBe(readFileSync(line, "utf8"));
  });
});

describe("train → slice", () => {
  it("the trajectory train --save-trajectory writes is slice's --trajectory: pca plane through the final point", () => {
    const t = join(dir, "run.json"), final = join(dir, "final.json");
    const tr = runCli(["train", "--hidden", "3", ...DATA, "--loss", "bce", "--epochs", "5", "--save-params", final, "--save-trajectory", t, "--every", "7"]);
    expect(tr.status).toBe(0);
    const saved = JSON.parse(readFileSync(t, "utf8"));
    const doc = json(["slice", "--hidden", "3", ...DATA, "--loss", "bce", "--params", final, "--directions", "pca", "--trajectory", t, "--alpha=-1:1:3", "--beta=-1:1:3"]);
    expect(doc.trajectory.map((p: { step: number }) => p.step)).toEqual(saved.steps);
    const last = doc.trajectory[doc.trajectory.length - 1];
    expect(last.offPlane).toBeLessThan(1e-12);
    expect(last.loss).toBe(evaluateNetwork({ inputs: 2, hidden: [3], activation: "tanh" }, Float64Array.from(saved.points[saved.points.length - 1]), data, "bce").loss);
    const r = doc.directions.explainedVarianceRatio;
    expect(r[0]).toBeGreaterThanOrEqual(r[1]);
    expect(r[0] + r[1]).toBeLessThanOrEqual(1 + 1e-12);
  });
});
