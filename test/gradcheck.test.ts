import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { seededRandom } from "../src/init/random.js";
import { checkEntry, DEFAULT_GRADCHECK_OPTIONS, gradcheckPoint, summarize } from "../src/numerics/gradcheck.js";

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

describe("checkEntry", () => {
  it("applies torch.autograd.gradcheck's |a − n| ≤ atol + rtol·|n| to resolved entries", () => {
    expect(checkEntry(1.0, 1.0005, 1.0005, 1e-10, o).status).toBe("pass");
    expect(checkEntry(1.0, 1.1, 1.1, 1e-10, o).status).toBe("fail");
  });
  it("fails a tiny value whose error the difference can still see, and leaves noise-level ones unresolved", () => {
    expect(checkEntry(1e-7, 1e-9, 1e-9, 1e-11, o).status).toBe("fail"); // torch's atol would pass this
    expect(checkEntry(2e-13, 5e-12, 4e-12, 1e-10, o).status).toBe("unresolved");
  });
  it("uses the Richardson difference D(h) − D(2h) when it exceeds the rounding bound", () => {
    expect(checkEntry(1e-4, 1e-4, 3e-4, 1e-12, o).noise).toBeCloseTo(2e-4, 15);
  });
});
