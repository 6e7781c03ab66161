// The claims the figure set makes about its runs, computed from them. Captions,
// headlines and descriptions state only what these numbers say, so every sentence is
// true for any --data, --start, --epochs or --seed, not only for the seed experiment.

import type { Dataset } from "../data/dataset.js";
import type { LossName } from "../numerics/losses.js";
import { evaluatePoint } from "../numerics/point.js";
import { sigmoid } from "../numerics/sigmoid.js";
import type { BadRunClaim, Run, RunClaim, SampleRow, SaturationClaim, StudyClaims } from "./types.js";

export type { BadRunClaim, RunClaim, SaturationClaim, StudyClaims };

/** σ below this counts as "σ ≈ 0" in the saturation figure. */
export const SATURATED_BELOW = 1e-3;

/**
 * A loss curve "stays flat" when it never moves by more than this fraction of its
 * largest value: on a log axis that is under 0.05 decades, invisible at figure size.
 */
export const FLAT_CURVE_SPAN = 0.1;

function extent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

export function runClaim(r: Run, target: number): RunClaim {
  const [minLoss, maxLoss] = extent(r.fullLosses);
  const n = r.fullLosses.length;
  return {
    key: r.key,
    loss: r.loss,
    startIndex: r.startIndex,
    accuracy: r.result.accuracy,
    trains: r.result.accuracy >= target,
    perfect: r.result.accuracy === 1,
    startLoss: r.fullLosses[0],
    finalLoss: r.fullLosses[n - 1],
    minLoss,
    maxLoss,
    flatCurve: maxLoss - minLoss < FLAT_CURVE_SPAN * Math.abs(maxLoss),
    falls: r.fullLosses[n - 1] < r.fullLosses[0],
    steps: r.result.steps,
  };
}

export function badRunClaim(r: Run, data: Dataset, target: number, epsilon: number): BadRunClaim {
  const res = r.result;
  const at = (k: number): number => evaluatePoint(r.loss, data, res.w[k], res.b[k]).gradNorm;
  // Walk the epochs backwards: the flat stretch is the longest suffix below ε.
  let flatFrom: number | null = null;
  for (let e = res.epochEnds.length - 1; e >= 0; e--) {
    if (!(at(res.epochEnds[e]) < epsilon)) break;
    flatFrom = e + 1;
  }
  return {
    ...runClaim(r, target),
    gradNorm: { start: at(0), firstEpoch: res.epochEnds.length > 0 ? at(res.epochEnds[0]) : NaN, final: at(res.w.length - 1) },
    flatFromEpoch: flatFrom,
    epochs: res.epochEnds.length,
  };
}

export function saturationClaim(data: Dataset, samples: Iterable<SampleRow>, [w, b]: [number, number]): SaturationClaim {
  let count = 0;
  let maxMse = NaN;
  let minBce = NaN;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of samples) {
    if (!(s.y === 1 && s.p < SATURATED_BELOW)) continue;
    count++;
    const m = Math.abs(s.dldz.mse);
    const c = Math.abs(s.dldz.bce);
    if (!(m <= maxMse)) maxMse = m;
    if (!(c >= minBce)) minBce = c;
    if (s.x < lo) lo = s.x;
    if (s.x > hi) hi = s.x;
  }
  const xExtent = extent(data.x);
  const curve: Array<[number, number]> = [];
  for (let i = 0; i <= 200; i++) {
    const x = xExtent[0] + ((xExtent[1] - xExtent[0]) * i) / 200;
    curve.push([x, sigmoid(w * x + b)]);
  }
  return { wrongPositives: count, maxMseWeight: maxMse, minBceWeight: minBce, wrongExtent: count > 0 ? [lo, hi] : [NaN, NaN], xExtent, curve };
}

export function studyClaims(
  runs: Run[],
  badIndex: number,
  data: Dataset,
  samples: Iterable<SampleRow>,
  badStart: [number, number],
  target: number,
  epsilon: number,
): StudyClaims {
  const bad: Partial<Record<LossName, BadRunClaim>> = {};
  const others: Partial<Record<LossName, { runs: number; trained: number }>> = {};
  const claims = runs.map((r) => runClaim(r, target));
  for (const r of runs) {
    if (r.startIndex === badIndex) bad[r.loss] = badRunClaim(r, data, target, epsilon);
  }
  for (const c of claims) {
    if (c.startIndex === badIndex) continue;
    const o = (others[c.loss] ??= { runs: 0, trained: 0 });
    o.runs++;
    if (c.trains) o.trained++;
  }
  const m = bad.mse;
  const c = bad.bce;
  return {
    runs: claims,
    bad,
    mseStalls: m !== undefined && !m.trains && (c === undefined || c.trains),
    others,
    saturation: saturationClaim(data, samples, badStart),
  };
}
