import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { seededRandom } from "../src/init/random.js";
import { checkEntry, DEFAULT_GRADCHECK_OPTIONS, gradcheckPoint, summarize } from "../src/numerics/gradcheck.js";
import { evaluatePoint } from "../src/numerics/point.js";

const data = seedDataset();
const o = DEFAULT_GRADCHECK_OPTIONS;

describe("gradcheckPoint", () => {
  it("passes at seeded random points with relative errors far below rtol", () => {
    const rng = seededRandom(5);
    for (const loss of ["mse", "bce"] as const) {
      const points = Array.from({ length: 30 }, () => gradcheckPoint(loss, data, -6 + 12 * rng(), -6 + 12 * rng()));
      const s = summarize(points);
      expect(s.failed).toBe(0);
      expect(s.maxRelErr).toBeLessThan(1e-5);
    }
  });
  it("calls plateau gradients unresolved, not passed, and reports their absolute error", () => {
    // MSE at (−5, −30): every σ(z) < e^−20, |∇L| ~ 1e-13, under the difference's noise.
    const p = gradcheckPoint("mse", data, -5, -30);
    expect(Math.hypot(p.grad[0].analytic, p.grad[1].analytic)).toBeLessThan(1e-10);
    expect(p.grad.every((e) => e.status === "unresolved")).toBe(true);
    expect(p.status).toBe("unresolved");
    const s = summarize([p]);
    expect([s.passed, s.failed, s.unresolved]).toEqual([0, 0, 1]);
    // The unresolved entries' errors are reported apart: the largest of the two gradient
    // entries' |a − n|, each within the difference's noise.
    expect(s.maxUnresolvedAbsErr).toBe(Math.max(p.grad[0].absErr, p.grad[1].absErr));
    for (const e of p.grad) {
      expect(e.absErr).toBe(Math.abs(e.analytic - e.numeric));
      expect(e.absErr).toBeLessThanOrEqual(2 * e.noise);
    }
    // The Hessian (a difference of the small analytic gradient) is still resolved there.
    expect(p.hessian.every((e) => e.status === "pass")).toBe(true);
    expect(s.maxRelErr).toBeLessThan(1e-6);
  });
});

describe("gradcheckPoint's differences", () => {
  // h = 1e-6: rounding dominates the noise; h = 1e-2: truncation (the Richardson term) does.
  it.each([[1e-6, "rounding"], [1e-2, "truncation"]] as const)("are central differences at h and 2h, with noise = max(4√n·ε·max|f(θ ± h)|/2h, |D(h) − D(2h)|), relative steps, h = %f (%s)", (h, regime) => {
    const o = { ...DEFAULT_GRADCHECK_OPTIONS, h };
    const [w, b] = [0.7, -1.3];
    const p = gradcheckPoint("bce", data, w, b, o);
    expect([p.w, p.b, p.loss]).toEqual([w, b, "bce"]);
    const at = (dw: number, db: number) => evaluatePoint("bce", data, w + dw, b + db);
    const c = at(0, 0);
    // Steps are relative to the coordinate, h·max(1, |θ|): h along w = 0.7, 1.3·h along b = −1.3.
    const hs = [h * Math.max(1, Math.abs(w)), h * Math.max(1, Math.abs(b))];
    expect(hs[1]).toBe(1.3 * h);
    const bound = (f1: number, f2: number, hh: number) => (4 * Math.sqrt(40) * Number.EPSILON * Math.max(Math.abs(f1), Math.abs(f2))) / (2 * hh);
    // Gradient entry along axis a (0 = w, 1 = b): differences of the loss.
    for (const a of [0, 1]) {
      const hh = hs[a];
      const step = (s: number) => (a === 0 ? [s, 0] : [0, s]) as [number, number];
      const [lp, lm] = [at(...step(hh)).loss, at(...step(-hh)).loss];
      const [lp2, lm2] = [at(...step(2 * hh)).loss, at(...step(-2 * hh)).loss];
      const d1 = (lp - lm) / (2 * hh), d2 = (lp2 - lm2) / (4 * hh);
      const e = p.grad[a];
      expect(e.analytic).toBe(c.grad[a]);
      expect(e.numeric).toBe(d1);
      expect(e.noise).toBe(regime === "rounding" ? bound(lp, lm, hh) : Math.abs(d1 - d2));
      expect(e.noise).toBe(Math.max(bound(lp, lm, hh), Math.abs(d1 - d2)));
    }
    // Hessian entry [row r][column a]: differences of the analytic ∂L/∂θ_r along axis a.
    for (const [k, r, a] of [[0, 0, 0], [1, 0, 1], [2, 1, 0], [3, 1, 1]] as const) {
      const hh = hs[a];
      const step = (s: number) => (a === 0 ? [s, 0] : [0, s]) as [number, number];
      const [gp, gm] = [at(...step(hh)).grad[r], at(...step(-hh)).grad[r]];
      const [gp2, gm2] = [at(...step(2 * hh)).grad[r], at(...step(-2 * hh)).grad[r]];
      const d1 = (gp - gm) / (2 * hh), d2 = (gp2 - gm2) / (4 * hh);
      const e = p.hessian[k];
      expect(e.analytic).toBe(c.hessian[r][a]);
      expect(e.numeric).toBe(d1);
      expect(e.noise).toBe(regime === "rounding" ? bound(gp, gm, hh) : Math.abs(d1 - d2));
      expect(e.noise).toBe(Math.max(bound(gp, gm, hh), Math.abs(d1 - d2)));
    }
  });

  it("a point fails if any entry fails, else is unresolved if any is, and summarize counts points", () => {
    const good = gradcheckPoint("bce", data, 0.5, 0.5);
    const plateau = gradcheckPoint("mse", data, -5, -30);
    const bad = gradcheckPoint("mse", data, 0.5, 0.5, { h: 0.5, atol: 0, rtol: 1e-12 });
    expect([good.status, plateau.status, bad.status]).toEqual(["pass", "unresolved", "fail"]);
    const s = summarize([good, plateau, bad, good]);
    expect([s.passed, s.failed, s.unresolved]).toEqual([2, 1, 1]);
    const entries = [good, plateau, bad].flatMap((p) => [...p.grad, ...p.hessian]);
    expect(s.maxAbsErr).toBe(Math.max(...entries.map((e) => e.absErr)));
    expect(s.maxRelErr).toBe(Math.max(...entries.filter((e) => e.status !== "unresolved").map((e) => e.relErr)));
    expect(s.maxUnresolvedAbsErr).toBe(Math.max(...entries.filter((e) => e.status === "unresolved").map((e) => e.absErr)));
  });
});

describe("checkEntry", () => {
  it("applies torch.autograd.gradcheck's |a − n| ≤ atol + rtol·|n| to resolved entries", () => {
    expect(checkEntry(1.0, 1.0005, 1.0005, 1e-10, o).status).toBe("pass");
    expect(checkEntry(1.0, 1.1, 1.1, 1e-10, o).status).toBe("fail");
  });
  it("fails a tiny value whose error the difference can still see, and leaves noise-level ones unresolved", () => {
    expect(checkEntry(1e-7, 1e-9, 1e-9, 1e-11, o).status).toBe("fail"); // torch's atol would pass this
    expect(checkEntry(2e-13, 5e-12, 4e-12, 1e-10, o).status).toBe("unresolved");
  });
  it("draws each line where documented: ≤ atol + rtol·|n| passes, |n|·rtol must exceed the noise, ≤ 2·noise is unresolved", () => {
    // Dyadic numbers, so every comparison below is exact.
    const q = { h: 1e-6, atol: 0.25, rtol: 0.25 };
    expect(checkEntry(1.5, 1, 1, 0, q).status).toBe("pass"); // |a − n| = 0.5 = atol + rtol·1
    expect(checkEntry(1.5 + 2 ** -40, 1, 1, 0, q).status).toBe("fail");
    expect(checkEntry(2.75, 2, 2, 0, q).status).toBe("pass"); // 0.75 = atol + rtol·2
    expect(checkEntry(2.75 + 2 ** -40, 2, 2, 0, q).status).toBe("fail");
    // noise = |n|·rtol exactly: not resolvable, so judged against twice the noise.
    expect(checkEntry(1.5, 1, 1, 0.25, q).status).toBe("unresolved"); // 0.5 ≤ 2·0.25
    expect(checkEntry(1.5 + 2 ** -40, 1, 1, 0.25, q).status).toBe("fail");
    expect(checkEntry(1.5, 1, 1, 0.25 - 2 ** -40, q).status).toBe("pass"); // resolvable again
    const zero = checkEntry(0, 0, 0, 0, q);
    expect([zero.absErr, zero.relErr]).toEqual([0, 0]);
    expect(checkEntry(3, 2, 2, 0, q).relErr).toBe(0.5);
  });
  it("uses the Richardson difference D(h) − D(2h) when it exceeds the rounding bound", () => {
    expect(checkEntry(1e-4, 1e-4, 3e-4, 1e-12, o).noise).toBeCloseTo(2e-4, 15);
  });
});
