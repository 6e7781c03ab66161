// Paths between two solutions A and B, and the loss along them.
//   linear     φ(t) = (1 − t)A + tB, computed as A + t(B − A)
//   bezier     φ(t) = (1 − t)²A + 2t(1 − t)θ_b + t²B          (Garipov et al. 2018)
//   polychain  φ(t) = A + 2t(θ_b − A) for t ≤ ½, θ_b + (2t − 1)(B − θ_b) after
// ∂φ/∂θ_b = c(t)·I with c the bend's weight, so the gradient of L(φ(t)) with respect to
// the bend is c(t)·∇L(φ(t)). The barrier (Frankle et al. 2020, the loss above the chord)
// is max_t [L(φ(t)) − ((1 − t)L(A) + tL(B))] over the evaluated t.

import type { Objective } from "./objective.js";

export type CurveKind = "bezier" | "polychain";
export const CURVE_KINDS: readonly CurveKind[] = ["bezier", "polychain"];

/** The bend's weight c(t) in φ(t). */
export function bendWeight(kind: CurveKind, t: number): number {
  if (kind === "bezier") return 2 * t * (1 - t);
  return t <= 0.5 ? 2 * t : 2 * (1 - t);
}

export type PathPoint = (t: number, out: Float64Array) => void;

export function linearPath(a: Float64Array, b: Float64Array): PathPoint {
  // A + t(B − A): exactly A at t = 0 and along the whole path when B = A; B itself at t = 1.
  return (t, out) => {
    if (t === 1) out.set(b);
    else for (let i = 0; i < a.length; i++) out[i] = a[i] + t * (b[i] - a[i]);
  };
}

export function curvePath(kind: CurveKind, a: Float64Array, bend: Float64Array, b: Float64Array): PathPoint {
  return (t, out) => {
    let ca: number, cb: number;
    const cm = bendWeight(kind, t);
    if (kind === "bezier") {
      ca = (1 - t) * (1 - t);
      cb = t * t;
    } else {
      ca = t <= 0.5 ? 1 - 2 * t : 0;
      cb = t <= 0.5 ? 0 : 2 * t - 1;
    }
    for (let i = 0; i < a.length; i++) out[i] = ca * a[i] + cm * bend[i] + cb * b[i];
  };
}

/** n evenly spaced t from 0 to 1 (both ends included). */
export function tGrid(n: number): number[] {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`a path needs at least 2 points (got ${n})`);
  return Array.from({ length: n }, (_, i) => i / (n - 1));
}

export interface Barrier {
  /** max_t [L(t) − ((1 − t)L(0) + tL(1))] (≥ 0: the ends count). */
  height: number;
  /** The t where it is reached. */
  t: number;
}

export function barrier(t: readonly number[], loss: readonly number[]): Barrier {
  const l0 = loss[0], l1 = loss[loss.length - 1];
  let height = -Infinity, at = 0;
  for (let i = 0; i < t.length; i++) {
    const h = loss[i] - (l0 + t[i] * (l1 - l0));
    if (h > height) {
      height = h;
      at = t[i];
    }
  }
  return { height, t: at };
}

export interface Profile {
  t: number[];
  loss: number[];
  accuracy: number[];
  barrier: Barrier;
}

/** Loss and accuracy at each t of a path. */
export function profile(obj: Objective, path: PathPoint, t: readonly number[]): Profile {
  const p = new Float64Array(obj.size);
  const loss: number[] = [], accuracy: number[] = [];
  for (const s of t) {
    path(s, p);
    const e = obj.evaluate(p);
    loss.push(e.loss);
    accuracy.push(e.accuracy);
  }
  return { t: [...t], loss, accuracy, barrier: barrier(t, loss) };
}
