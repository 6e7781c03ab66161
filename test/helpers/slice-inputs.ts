// Synthetic inputs of the slice figures' tests: a saddle-and-bowl plane and noisy lines.

import { seededRandom } from "../../src/init/random.js";
import type { SliceFigureInput } from "../../src/render/figures/slice.js";
import type { Slice1dFigureInput } from "../../src/render/figures/slice-1d.js";

const lin = (a: number, b: number, n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

/** A saddle-and-bowl loss over [−1, 1]² with its exact gradient norm; accuracy high near the bowl. */
export function planeInput(n: number, pathPoints: number, noise = 0): SliceFigureInput {
  const alpha = lin(-1, 1, n), beta = lin(-1, 1, n);
  const rng = seededRandom(4);
  const loss = new Float64Array(n * n), gradNorm = new Float64Array(n * n), accuracy = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const a = alpha[j], b = beta[i], k = i * n + j;
    loss[k] = 0.5 + (a - 0.3) ** 2 + 0.5 * (b + 0.2) ** 2 + 0.3 * a * b + noise * rng();
    gradNorm[k] = Math.hypot(2 * (a - 0.3) + 0.3 * b, (b + 0.2) + 0.3 * a) + noise * rng();
    accuracy[k] = loss[k] < 0.6 ? 1 : 0.5;
  }
  const t = lin(0, 1, pathPoints);
  return {
    heading: { title: "Slice", subtitle: "a test plane" },
    desc: "test",
    idPrefix: "slice",
    alpha, beta, loss, gradNorm, accuracy,
    fieldLabel: "MSE loss",
    scheme: "viridis",
    scale: "linear",
    contourLines: true,
    xLabel: "α · d1 (random, filter-normalized)",
    yLabel: "β · d2 (random, filter-normalized)",
    flat: { epsilon: 0.1, target: 0.95, plateauLabel: "plateau", floorLabel: "floor" },
    paths: [{
      key: "run", label: "run", color: "#d55e00",
      step: t.map((x) => Math.round(x * 1000 * pathPoints)),
      alpha: t.map((x) => -0.9 + 1.2 * x + noise * Math.sin(9e3 * x)),
      beta: t.map((x) => 0.8 - x + noise * Math.cos(7e3 * x)),
      offPlane: t.map((x) => 1 - x),
      offPlaneFraction: t.map((x) => 1 - x),
      loss: t.map((x) => 1 - 0.5 * x),
      planeLoss: t.map((x) => 1.2 - 0.7 * x),
    }],
    centerLabel: "θ*",
  };
}

export function lineInput(n: number, lines: number): Slice1dFigureInput {
  const rng = seededRandom(2);
  return {
    heading: { title: "Line", subtitle: "a test line" },
    desc: "test",
    idPrefix: "slice-1d",
    xLabel: "α",
    lossLabel: "MSE loss",
    scale: "linear",
    marks: [{ alpha: 0, label: "θ*" }, { alpha: 1, label: "θ_to" }],
    lines: Array.from({ length: lines }, (_, k) => {
      const alpha = lin(-0.5, 1.5, n);
      return {
        key: `l${k}`, label: `line ${k}`, color: ["#d55e00", "#0072b2", "#000000"][k % 3], dashed: k > 0,
        alpha,
        loss: alpha.map((a) => 0.2 + (a - 0.5) ** 2 * (1 + k) + (n > 1000 ? 0.1 * rng() : 0)),
        accuracy: alpha.map((a) => (Math.abs(a - 0.5) < 0.4 ? 1 : 0.5)),
      };
    }),
  };
}
