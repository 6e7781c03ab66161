// Maximizing a smooth f over a closed convex set C given by its Euclidean projection:
// projected gradient ascent with a spectral (Barzilai–Borwein) trial step and an Armijo
// backtracking search along the projection arc (Bertsekas, Nonlinear Programming §2.3;
// Birgin, Martínez & Raydan 2000 for the spectral step). Each accepted step raises f.
// The first-order certificate is the projected-gradient norm ‖P_C(x + ∇f) − x‖₂: zero
// exactly at a KKT point of max f over C, small near one. No JS package offers L-BFGS-B
// (box-constrained L-BFGS), so this with several starts is the solver; it is local, so
// the result is a lower bound on the true maximum, certified stationary when the norm is ~0.

export interface AscentProblem {
  dim: number;
  /** f(x), gradient written into grad. */
  valueGrad(x: Float64Array, grad: Float64Array): number;
  /** Projects x onto C in place. */
  project(x: Float64Array): void;
}

export interface AscentOptions {
  /** Iteration cap (accepted steps). */
  iterations: number;
  /** Stop once the projected-gradient norm is at most this. */
  tol: number;
}

export interface AscentResult {
  x: Float64Array;
  value: number;
  /** Accepted steps taken. */
  iterations: number;
  /** f and ∇f evaluations. */
  evaluations: number;
  /** ‖P_C(x + ∇f(x)) − x‖₂ at the end. */
  projectedGradientNorm: number;
  /** Why it stopped: the certificate met tol, the iteration cap, or no ascent step found. */
  stop: "tolerance" | "iterations" | "no-ascent";
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** ‖P_C(x + g) − x‖₂, using `work` as scratch. */
export function projectedGradientNorm(p: AscentProblem, x: Float64Array, g: Float64Array, work: Float64Array): number {
  for (let i = 0; i < x.length; i++) work[i] = x[i] + g[i];
  p.project(work);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (work[i] - x[i]) ** 2;
  return Math.sqrt(s);
}

/** Projected gradient ascent from `start` (projected first). */
export function projectedAscent(p: AscentProblem, start: Float64Array, opts: AscentOptions): AscentResult {
  const n = p.dim;
  let x = Float64Array.from(start);
  p.project(x);
  let g = new Float64Array(n);
  let f = p.valueGrad(x, g);
  let evaluations = 1;
  const work = new Float64Array(n);
  let xn = new Float64Array(n);
  let gn = new Float64Array(n);
  const gNorm = Math.sqrt(dot(g, g));
  // First trial step: one unit of projected-gradient length relative to the gradient.
  let alpha = gNorm > 0 ? 1 / gNorm : 1;
  let iterations = 0;
  let stop: AscentResult["stop"] = "iterations";
  let pg = projectedGradientNorm(p, x, g, work);
  while (iterations < opts.iterations) {
    if (pg <= opts.tol) {
      stop = "tolerance";
      break;
    }
    let accepted = false;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) xn[i] = x[i] + alpha * g[i];
      p.project(xn);
      let gain = 0, moved = 0;
      for (let i = 0; i < n; i++) {
        const d = xn[i] - x[i];
        gain += g[i] * d;
        moved += d * d;
      }
      if (moved === 0) break;
      const fn = p.valueGrad(xn, gn);
      evaluations++;
      // Armijo along the arc: f must rise by a fraction of the first-order gain.
      if (Number.isFinite(fn) && fn >= f + 1e-4 * gain && fn > f) {
        accepted = true;
        // Spectral step for the next trial: s·s / (−s·y) when f curves down along s.
        let ss = 0, sy = 0;
        for (let i = 0; i < n; i++) {
          const s = xn[i] - x[i];
          ss += s * s;
          sy += s * (gn[i] - g[i]);
        }
        alpha = sy < 0 ? ss / -sy : alpha * 4;
        [x, xn] = [xn, x];
        [g, gn] = [gn, g];
        f = fn;
        break;
      }
      alpha /= 2;
    }
    if (!accepted) {
      stop = "no-ascent";
      break;
    }
    iterations++;
    pg = projectedGradientNorm(p, x, g, work);
  }
  if (stop === "iterations" && pg <= opts.tol) stop = "tolerance";
  return { x, value: f, iterations, evaluations, projectedGradientNorm: pg, stop };
}

/** Projection onto the box |x_i| ≤ bound_i. */
export function boxProjection(bound: Float64Array): (x: Float64Array) => void {
  return (x) => {
    for (let i = 0; i < x.length; i++) {
      const b = bound[i];
      if (x[i] > b) x[i] = b;
      else if (x[i] < -b) x[i] = -b;
    }
  };
}

/** Projection onto the ball ‖x‖₂ ≤ radius. */
export function ballProjection(radius: number): (x: Float64Array) => void {
  return (x) => {
    const r = Math.sqrt(dot(x, x));
    if (r > radius) for (let i = 0; i < x.length; i++) x[i] *= radius / r;
  };
}
