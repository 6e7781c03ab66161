// Our trainer against PyTorch 1.13 running the tutorial's code (test/fixtures/torch/),
// step by step, as micrograd's tests compare with torch.
//
// Tolerances, and why:
// - float64 runs: we train on exactly the inputs PyTorch saw (its float32 arange cast to
//   float64) and do float64 arithmetic, so the only differences are rounding-order ones:
//   BCELoss forms log(1 − p) from a rounded p (an absolute error of ~1e-16 per sample),
//   and autograd's chain rule rounds differently from our closed-form ℓ′. Over 1000 steps
//   that moves the parameters by at most 6.4e-13 relative (MSE: bit-identical). We allow
//   1e-11 relative for parameters, and 1e-11·|L| + 1e-14 for losses (BCE step losses reach
//   1e-13, where BCELoss's 1e-16 absolute error is a large relative one).
// - float32 runs: PyTorch rounds every operation to float32 (2⁻²⁴ ≈ 6e-8 relative), we
//   compute in float64 on the exact decimals of the seed data. SGD here contracts rounding
//   differences, so the trajectories stay within 1.9e-6 relative (about 30 float32 ulps);
//   we allow 1e-5 relative for parameters. Loss values carry float32's absolute rounding
//   (a loss near 1 has an ulp of 6e-8, and BCELoss rounds σ(z) to 1 for z ≳ 17, giving 0
//   where the exact loss is e^−z), so losses get 1e-6·(|L| + 1) (observed: 1.9e-7).
import { describe, expect, it } from "vitest";
import { countPositives, seedDataset } from "../src/data/dataset.js";
import { evaluatePoint } from "../src/numerics/point.js";
import { train } from "../src/train/train.js";
import { TORCH, torchConfig, torchDataset, torchRun, type TorchRun } from "./helpers/torch-fixture.js";

interface Tolerance {
  paramRel: number;
  lossRel: number;
  lossAbs: number;
}

const F64: Tolerance = { paramRel: 1e-11, lossRel: 1e-11, lossAbs: 1e-14 };
const F32: Tolerance = { paramRel: 1e-5, lossRel: 1e-6, lossAbs: 1e-6 };

function expectTrajectory(run: TorchRun, data = torchDataset(), tol: Tolerance): void {
  const r = train(data, run.start, torchConfig(run));
  expect(r.w.length).toBe(run.params.length);
  expect(r.stepLosses.length).toBe(run.stepLosses.length);
  for (let k = 0; k < run.params.length; k++) {
    const [tw, tb] = run.params[k];
    if (!(Math.abs(r.w[k] - tw) <= tol.paramRel * Math.abs(tw))) throw new Error(`w after step ${k}: ours ${r.w[k]}, torch ${tw}`);
    if (!(Math.abs(r.b[k] - tb) <= tol.paramRel * Math.abs(tb))) throw new Error(`b after step ${k}: ours ${r.b[k]}, torch ${tb}`);
  }
  for (let k = 0; k < run.stepLosses.length; k++) {
    const t = run.stepLosses[k];
    if (!(Math.abs(r.stepLosses[k] - t) <= tol.lossRel * Math.abs(t) + tol.lossAbs)) {
      throw new Error(`loss of step ${k}: ours ${r.stepLosses[k]}, torch ${t}`);
    }
  }
  expect(r.final).toEqual([r.w[r.w.length - 1], r.b[r.b.length - 1]]);
  expect(Math.abs(r.finalLoss - run.finalFullBatchLoss)).toBeLessThanOrEqual(tol.lossRel * run.finalFullBatchLoss + tol.lossAbs);
  // PyTorch's accuracy is a mean in the run's dtype: 0.575 in float32 is 0.574999988….
  expect(run.dtype === "torch.float32" ? Math.fround(r.accuracy) : r.accuracy).toBe(run.accuracy);
}

describe("the torch fixture", () => {
  it("holds the four runs: MSE and BCE, float32 and float64, 1000 steps each from (−5, −10)", () => {
    const keys = TORCH.runs.map((r) => `${r.loss} ${r.dtype}`).sort();
    expect(keys).toEqual(["bce torch.float32", "bce torch.float64", "mse torch.float32", "mse torch.float64"]);
    for (const r of TORCH.runs) {
      expect(r).toMatchObject({ start: [-5, -10], lr: 2, batchSize: 2, epochs: 50 });
      expect(r.stepLosses).toHaveLength(1000);
      expect(r.params).toHaveLength(1001);
      expect(r.final).toEqual(r.params[1000]);
    }
  });

  it("is the seed data set: our x within float32 rounding of torch.arange, the same labels (17 positives)", () => {
    const ours = seedDataset();
    expect(TORCH.x).toHaveLength(ours.x.length);
    expect(Array.from(ours.y)).toEqual(TORCH.y);
    expect(countPositives(ours)).toBe(17);
    // x[22]: torch's float32 0.2 is not > 0.2, so it is labelled 0, as ours is.
    expect(TORCH.y[22]).toBe(0);
    for (let i = 0; i < TORCH.x.length; i++) expect(Math.abs(ours.x[i] - TORCH.x[i])).toBeLessThanOrEqual(1e-7);
  });
});

describe("train against PyTorch float64 (same inputs)", () => {
  for (const loss of ["mse", "bce"] as const) {
    it(`${loss}: every step's loss and parameters, the final loss and accuracy`, () => {
      expectTrajectory(torchRun(loss, "torch.float64"), torchDataset(), F64);
    });
  }
});

describe("train on the seed data against PyTorch float32", () => {
  for (const loss of ["mse", "bce"] as const) {
    it(`${loss}: every step's loss and parameters, the final loss and accuracy`, () => {
      expectTrajectory(torchRun(loss, "torch.float32"), seedDataset(), F32);
    });
  }

  it("MSE stalls (accuracy 0.575, every epoch's loss within the fixture's range) and BCE trains", () => {
    const mse = torchRun("mse", "torch.float32");
    const r = train(seedDataset(), mse.start, torchConfig(mse));
    expect(r.accuracy).toBe(0.575);
    // The last batch (x = 1.8, 1.9, both positives) is predicted 0 with σ ≈ 0: loss ≈ 1.
    expect(mse.stepLosses[999]).toBeGreaterThan(0.9999);
    expect(Math.abs(r.stepLosses[999] - mse.stepLosses[999])).toBeLessThan(1e-6);
    // The full-data loss at each epoch's end, from torch's parameters, brackets ours.
    const torchEpochLoss = Array.from(r.epochEnds, (k) => evaluatePoint("mse", seedDataset(), mse.params[k][0], mse.params[k][1]).loss);
    for (let e = 0; e < r.epochLosses.length; e++) expect(Math.abs(r.epochLosses[e] - torchEpochLoss[e])).toBeLessThan(1e-6);
    const bce = torchRun("bce", "torch.float32");
    expect(train(seedDataset(), bce.start, torchConfig(bce)).accuracy).toBe(bce.accuracy);
  });
});
