// Finite input gives finite output: axes spanning ±1e308, cross-entropy means near the
// float64 limit, Hessians of huge inputs, gradcheck steps at w = 1e308, and the flags
// (--lr 5e-324, an empty start list) that used to reach an internal error.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seedDataset, type Dataset } from "../src/data/dataset.js";
import { symmetricEigenvalues2 } from "../src/numerics/eigen.js";
import { gradcheckPoint } from "../src/numerics/gradcheck.js";
import { axisValues, evaluateGrid } from "../src/numerics/grid.js";
import { evaluatePoint } from "../src/numerics/point.js";
import { evaluateLossGradFast } from "../src/fast/grid-fast.js";
import { runCli } from "./run-cli.js";

const noNonFinite = (text: string): void => expect(text).not.toMatch(/NaN|Infinity|null/);
const data = (x: number[], y: number[]): Dataset => ({ x: Float64Array.from(x), y: Float64Array.from(y), source: "t" });

describe("axes without overflow", () => {
  it("−1e308..1e308 in 3 and 5 points is the exact linspace", () => {
    expect(Array.from(axisValues({ min: -1e308, max: 1e308, count: 3 }))).toEqual([-1e308, 0, 1e308]);
    expect(Array.from(axisValues({ min: -1.5e308, max: 1.5e308, count: 5 }))).toEqual([-1.5e308, -0.75e308, 0, 0.75e308, 1.5e308]);
  });
  it("−MAX..MAX in 1000 points: finite, strictly increasing, both ends exact", () => {
    const v = axisValues({ min: -Number.MAX_VALUE, max: Number.MAX_VALUE, count: 1000 });
    expect(v[0]).toBe(-Number.MAX_VALUE);
    expect(v[999]).toBe(Number.MAX_VALUE);
    for (let i = 1; i < v.length; i++) expect(v[i]).toBeGreaterThan(v[i - 1]);
  });
  it("grid --w=-1e308:1e308:3 writes valid JSON and CSV with finite numbers only", () => {
    for (const loss of ["mse", "bce"]) {
      const j = runCli(["grid", "--loss", loss, "--w=-1e308:1e308:3", "--b=0:1:2"]);
      expect(j.status).toBe(0);
      noNonFinite(j.stdout);
      expect(JSON.parse(j.stdout).w).toEqual([-1e308, 0, 1e308]);
      const c = runCli(["grid", "--loss", loss, "--w=-1e308:1e308:3", "--b=0:1:2", "--format", "csv"]);
      expect(c.status).toBe(0);
      noNonFinite(c.stdout);
    }
  });
});

describe("cross-entropy near the float64 limit", () => {
  it("probe --loss bce --at=0,1.7e308 gives the true mean 9.775e307", () => {
    // z = 1.7e308 for every sample: the 23 negatives cost z each, the 17 positives ~0.
    const r = runCli(["probe", "--loss", "bce", "--at=0,1.7e308", "--json"]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.loss / ((23 / 40) * 1.7e308)).toBeCloseTo(1, 14);
    noNonFinite(r.stdout);
  });
  it("a single logit beyond float64 still gives its finite mean share", () => {
    // z = 1e308·1.9 + 0 overflows, but ℓ/n = 1.9·1e308 / 4 does not.
    const d = data([1.9, -1, -1, -1], [0, 0, 0, 0]);
    const p = evaluatePoint("bce", d, 1e308, 0);
    expect(p.loss / (1.9 * (1e308 / 4))).toBeCloseTo(1, 14);
    expect(Number.isFinite(p.grad[0]) && Number.isFinite(p.hessian[0][0])).toBe(true);
  });
  it("the WebAssembly grid kernel is mended to the same finite values", () => {
    const spec = { w: { min: -1e308, max: 1e308, count: 3 }, b: { min: 0, max: 1.7e308, count: 3 } };
    const fast = evaluateLossGradFast("bce", seedDataset(), spec);
    const ref = evaluateGrid("bce", seedDataset(), spec);
    for (const f of ["loss", "gradW", "gradB", "gradNorm"] as const) {
      for (let k = 0; k < 9; k++) {
        expect(Number.isFinite(fast.fields[f].data[k])).toBe(true);
        expect(fast.fields[f].data[k]).toBeCloseTo(ref.fields[f].data[k], 10);
      }
    }
  });
  it("ordinary points are unchanged: the scaled pass runs only after an overflow", () => {
    const d = seedDataset();
    const p = evaluatePoint("bce", d, 2, -1);
    let l = 0;
    for (let i = 0; i < 40; i++) {
      const z = 2 * d.x[i] - 1;
      l += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - d.y[i] * z;
    }
    expect(p.loss).toBe(l / 40);
  });
});

describe("Hessians of huge inputs", () => {
  const big = data([1e200, -1e200], [1, 0]);
  it("x = ±1e200 where σ' underflows: Hessian and eigenvalues exactly 0, never NaN", () => {
    const p = evaluatePoint("mse", big, 1, 0);
    expect(p.hessian).toEqual([[0, 0], [0, 0]]);
    expect(p.eigenvalues).toEqual([0, 0]);
  });
  it("where the true Hessian exceeds float64, probe refuses with exit 2 and one line", () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-big-"));
    writeFileSync(join(dir, "big.csv"), "x,y\n1e200,1\n-1e200,0\n");
    const ok = runCli(["probe", "--data", join(dir, "big.csv"), "--at=1,0", "--json"]);
    expect(ok.status).toBe(0);
    noNonFinite(ok.stdout);
    const r = runCli(["probe", "--data", join(dir, "big.csv"), "--at=0,0", "--json"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--at: hessian.* float64 range/);
  });
  it("eigenvalues of a matrix with entries near 1e300 match the closed form", () => {
    // [[a, c], [c, d]] = 1e300·[[2, 1], [1, 2]]: eigenvalues 1e300 and 3e300.
    const [lo, hi] = symmetricEigenvalues2(2e300, 1e300, 2e300);
    expect(lo / 1e300).toBeCloseTo(1, 14);
    expect(hi / 3e300).toBeCloseTo(1, 14);
    // a·d − c² alone would overflow here (1.8e308² ≫ MAX).
    const [l2, h2] = symmetricEigenvalues2(1.5e308, 0, 1e308);
    expect([l2, h2]).toEqual([1e308, 1.5e308]);
  });
});

describe("gradcheck far out", () => {
  it("at (1e308, −1e308) the relative step moves w; what it cannot resolve is unresolved, not failed", () => {
    const p = gradcheckPoint("bce", seedDataset(), 1e308, -1e308);
    expect(p.status).not.toBe("fail");
    // The gradient is resolved: it matches the analytic value.
    expect(p.grad[0].status).toBe("pass");
    const r = runCli(["gradcheck", "--at=1e308,-1e308", "--json"]);
    expect(r.status).toBe(0);
    noNonFinite(r.stdout);
    const j = JSON.parse(r.stdout);
    expect(j.failed).toBe(0);
    expect(j.unresolved + j.passed).toBe(2);
  });
  it("an absolute 1e-6 step would not move w = 1e308 at all", () => {
    expect(1e308 + 1e-6).toBe(1e308);
  });
  it("points whose steps would overflow are refused with exit 2", () => {
    const r = runCli(["gradcheck", "--at=1.7e308,0", "--h", "0.5"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/steps stay finite/);
  });
});

describe("flags validated at the edge", () => {
  it("landscape --lr=5e-324 exits 2 naming --lr", () => {
    const r = runCli(["landscape", "--lr=5e-324", "--out", join(mkdtempSync(join(tmpdir(), "ll-lr-")), "o")]);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--lr must be ≥ 1e-10/);
  });
  it('--config {"start": []} exits 2 naming --start', () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-cfg-"));
    writeFileSync(join(dir, "c.json"), '{"start": []}');
    const r = runCli(["landscape", "--config", join(dir, "c.json"), "--out", join(dir, "o")]);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--start/);
    expect(r.stderr).not.toMatch(/internal error|Cannot read properties/);
  });
  it("train with a diverging --lr exits 2 instead of printing NaN", () => {
    const r = runCli(["train", "--lr=1e308", "--json", "--init=0,0"]);
    if (r.status === 0) noNonFinite(r.stdout);
    else {
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--lr .*diverged/);
    }
  });
});
