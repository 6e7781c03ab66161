// The WebAssembly SIMD kernel against the TypeScript reference.
//
// 1. Its exp and log1p against Math.exp / Math.log1p: test/fast-kernel.exp.slow.test.ts.
// 2. evaluateGridFast against evaluateGrid on random grids and data sets, including the
//    saturated plateau (|z| up to 700) and far beyond it (|w|, |b| up to 1e4).
//
// Tolerance. Each field is a mean of per-sample terms; the two paths differ by a few ulp
// per term (exp) and by the order of BCE's log sums, so a field agrees to ~1e-15 of the
// *magnitude of its terms*, not of its value: a gradient whose terms of both signs
// cancel to near zero can differ by far more than 1e-12 of itself. So every field is
// compared as |fast − ref| ≤ 1e-12 · scale, scale = mean over samples of |term|
// (computed here from sampleTerms), i.e. 1e-12 relative to the magnitude of the sum.
// The loss's terms are all ≥ 0, so for the loss this is plain relative error.
// Accuracy must match exactly.

import { describe, expect, it } from "vitest";
import { evaluateGridFast, evaluateLossGradFast, LOSS_GRAD_FIELDS } from "../src/fast/grid-fast.js";
import { makeMemory } from "../src/fast/kernel.js";
import { seedDataset, type Dataset } from "../src/data/dataset.js";
import { seededRandom, type Random } from "../src/init/random.js";
import { evaluateGrid, FIELD_NAMES, type FieldName, type GridSpec } from "../src/numerics/grid.js";
import { sampleTerms, type LossName } from "../src/numerics/losses.js";

const TOL = 1e-12;

/** Per-point magnitude scales of each field: means of |term| over the samples. */
function fieldScales(loss: LossName, data: Dataset, w: number, b: number): Record<FieldName, number> {
  const t = new Float64Array(4);
  let l = 0, gw = 0, gb = 0, h = 0;
  const n = data.x.length;
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    sampleTerms(loss, w * x + b, data.y[i], t);
    l += Math.abs(t[0]);
    gw += Math.abs(t[1] * x);
    gb += Math.abs(t[1]);
    // |ℓ''| by parts: MSE's 2s² + 2rs(q − p) can cancel inside one sample.
    const p = t[3], q = 1 - p, s = p * q;
    const d2 = loss === "mse" ? 2 * s * s + Math.abs(t[1] * (q - p)) : Math.abs(t[2]);
    h += Math.max(d2, Math.abs(t[2])) * (x * x + 2 * Math.abs(x) + 1);
  }
  return { loss: l / n, gradW: gw / n, gradB: gb / n, gradNorm: (gw + gb) / n, eigMin: h / n, eigMax: h / n, accuracy: 0 };
}

function randomData(rng: Random, n: number, xScale: number): Dataset {
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = xScale * (2 * rng() - 1);
    y[i] = rng() < 0.5 ? 1 : 0;
  }
  return { x, y, source: "random" };
}

/** Compares every field of every point; returns the largest |fast − ref| / scale seen. */
function compareGrids(loss: LossName, data: Dataset, spec: GridSpec): number {
  const ref = evaluateGrid(loss, data, spec);
  const fast = evaluateGridFast(loss, data, spec);
  expect(Array.from(fast.w)).toEqual(Array.from(ref.w));
  expect(Array.from(fast.b)).toEqual(Array.from(ref.b));
  let worst = 0;
  const cols = ref.w.length;
  for (let k = 0; k < ref.w.length * ref.b.length; k++) {
    const scales = fieldScales(loss, data, ref.w[k % cols], ref.b[Math.floor(k / cols)]);
    for (const f of FIELD_NAMES) {
      const a = fast.fields[f].data[k], r = ref.fields[f].data[k];
      if (!Number.isFinite(a) || f === "accuracy") {
        if (a !== r) throw new Error(`${loss} ${f} at point ${k}: fast ${a} vs reference ${r}`);
        continue;
      }
      const dev = a === r ? 0 : Math.abs(a - r) / scales[f];
      if (!(dev <= TOL)) throw new Error(`${loss} ${f} at point ${k}: fast ${a} vs reference ${r} (scale ${scales[f]})`);
      worst = Math.max(worst, dev);
    }
  }
  return worst;
}

describe("evaluateGridFast equals evaluateGrid", () => {
  for (const loss of ["mse", "bce"] as const) {
    it(`${loss}: seed data, default-sized and odd grids`, () => {
      const data = seedDataset();
      const worst = Math.max(
        compareGrids(loss, data, { w: { min: -10, max: 20, count: 121 }, b: { min: -20, max: 10, count: 121 } }),
        compareGrids(loss, data, { w: { min: -3, max: 3, count: 3 }, b: { min: -1, max: 1, count: 2 } }),
      );
      console.log(`${loss} seed grids: max deviation ${worst.toExponential(2)} of the term scale`);
    });

    it(`${loss}: random grids and data, incl. the saturated plateau with |z| up to 700`, () => {
      const rng = seededRandom(loss === "mse" ? 21 : 22);
      let worst = 0;
      for (let trial = 0; trial < 12; trial++) {
        const n = 1 + Math.floor(rng() * 300);
        const data = randomData(rng, n, trial % 3 === 0 ? 1 : 5);
        // w·x + b spans up to ±700 when xScale = 1 and |w|, |b| ≤ 350.
        const wr = trial % 2 ? 350 : 20 * rng() + 1, br = trial % 2 ? 350 : 20 * rng() + 1;
        const c = (lo: number, hi: number, count: number) => ({ min: lo, max: hi, count });
        const spec = { w: c(-wr, wr * rng() + 0.1, 2 + Math.floor(rng() * 30)), b: c(-br * rng() - 0.1, br, 2 + Math.floor(rng() * 30)) };
        if (trial % 3 === 0) spec.w = c(-700 / 1.0001, 700 / 1.0001, spec.w.count);
        worst = Math.max(worst, compareGrids(loss, data, spec));
      }
      console.log(`${loss} random grids: max deviation ${worst.toExponential(2)} of the term scale`);
    });

    it(`${loss}: |w|, |b| up to 1e4 and |x| up to 100: finite everywhere and equal to the reference`, () => {
      const rng = seededRandom(loss === "mse" ? 31 : 32);
      const data = randomData(rng, 64, 100);
      const spec = { w: { min: -1e4, max: 1e4, count: 17 }, b: { min: -1e4, max: 1e4, count: 17 } };
      const fast = evaluateGridFast(loss, data, spec);
      for (const f of FIELD_NAMES) for (const v of fast.fields[f].data) expect(Number.isFinite(v)).toBe(true);
      compareGrids(loss, data, spec);
    });
  }

  it("evaluateLossGradFast gives evaluateGridFast's loss and gradient fields bit for bit", () => {
    const rng = seededRandom(41);
    for (const loss of ["mse", "bce"] as const) {
      const data = randomData(rng, 77, 3);
      const spec = { w: { min: -300, max: 200, count: 41 }, b: { min: -150, max: 350, count: 23 } };
      const full = evaluateGridFast(loss, data, spec);
      const lg = evaluateLossGradFast(loss, data, spec);
      expect(Object.keys(lg.fields).sort()).toEqual([...LOSS_GRAD_FIELDS].sort());
      for (const f of LOSS_GRAD_FIELDS) expect(Array.from(lg.fields[f].data)).toEqual(Array.from(full.fields[f].data));
    }
  });

  it("a job too large for the kernel's memory is refused with a clear error", () => {
    expect(() => makeMemory(5 * 2 ** 30, "a 4096×4096 grid over 200000000 samples")).toThrow(
      /a 4096×4096 grid over 200000000 samples needs 5120 MiB, more than the 4 GiB/,
    );
  });

  it("labels other than 0/1 take the reference path", () => {
    const data: Dataset = { x: Float64Array.of(-1, 0.5, 2), y: Float64Array.of(0, 0.3, 1), source: "soft" };
    const spec = { w: { min: -2, max: 2, count: 5 }, b: { min: -2, max: 2, count: 4 } };
    const a = evaluateGrid("bce", data, spec), b = evaluateGridFast("bce", data, spec);
    for (const f of FIELD_NAMES) expect(Array.from(b.fields[f].data)).toEqual(Array.from(a.fields[f].data));
  });
});
