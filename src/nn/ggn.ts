// Generalized Gauss–Newton products G v = (1/n) Σ_i J_iᵀ h_i J_i v (Schraudolph 2002;
// Martens 2010), J_i = ∂z_i/∂θ the Jacobian of sample i's output logit, h_i ≥ 0 the
// curvature of the loss where it is convex in the output:
//   bce  ℓ = softplus(z) − yz is convex in z:        h = ℓ″(z) = σ(z)(1 − σ(z))
//   mse  ℓ = (p − y)² is convex in p = σ(z):          h = 2σ′(z)² (the 2rσ″ term of ℓ″ dropped)
// so G is positive semi-definite and its eigenvalues are ≥ 0 (up to rounding). J v is
// the R-forward pass of hvp.ts; Jᵀ(h ⊙ Jv) is plain back-propagation of h ⊙ Jv at θ,
// without the R-operator's second-order terms (f″ and δ·V), which are what G leaves out of H.

import type { LossName } from "../numerics/losses.js";
import { parameterCount, type Architecture } from "./architecture.js";
import { accumulateLayerGrad, affine, backThroughWeights, forward, layerInput, type ForwardPass } from "./forward.js";
import type { Table } from "./table.js";

export interface GgnState {
  pass: ForwardPass;
  theta: Float64Array;
  /** h_i per sample. */
  h: Float64Array;
}

export function ggnState(arch: Architecture, theta: Float64Array, data: Table, loss: LossName): GgnState {
  if (theta.length !== parameterCount(arch)) throw new RangeError(`theta has ${theta.length} entries, the architecture ${parameterCount(arch)}`);
  const pass = forward(arch, theta, data, loss);
  const p = pass.a[pass.a.length - 1];
  const h = Float64Array.from(p, (pi) => {
    const s = pi * (1 - pi);
    return loss === "bce" ? s : 2 * s * s;
  });
  return { pass, theta, h };
}

/** The output logits' Jacobian times v: J v per sample (n). */
export function jacobianVector(state: GgnState, v: Float64Array): Float64Array {
  const { pass, theta } = state;
  const { shapes, n } = pass;
  const L = shapes.length;
  let prev: Float64Array | null = null;
  let r = new Float64Array(0);
  for (let l = 0; l < L; l++) {
    const s = shapes[l];
    r = new Float64Array(n * s.fanOut);
    affine(v, s, layerInput(pass, l), n, r);
    if (prev) {
      // + R{a_{l−1}} W_lᵀ
      // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
      for (let i = 0; i < n; i++) {
        for (let o = 0; o < s.fanOut; o++) {
          let acc = 0;
          const w = s.weightOffset + o * s.fanIn;
          for (let k = 0; k < s.fanIn; k++) acc += theta[w + k] * prev[i * s.fanIn + k];
          r[i * s.fanOut + o] += acc;
        }
      }
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: prev computed after the last layer is never read
    if (l < L - 1) {
      const f1 = pass.d1[l];
      prev = Float64Array.from(r, (x, j) => f1[j] * x);
    }
  }
  return r;
}

/** Jᵀ u (length P): back-propagation of per-sample output weights u, not divided by n. */
export function jacobianTransposeVector(state: GgnState, u: Float64Array, out: Float64Array): void {
  const { pass, theta } = state;
  const { shapes, n } = pass;
  out.fill(0);
  let delta = u;
  for (let l = shapes.length - 1; l >= 0; l--) {
    const s = shapes[l];
    accumulateLayerGrad(s, delta, layerInput(pass, l), n, out);
    if (l > 0) {
      const g = new Float64Array(n * s.fanIn);
      backThroughWeights(theta, s, delta, n, g);
      const f1 = pass.d1[l - 1];
      // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
      for (let j = 0; j < g.length; j++) g[j] *= f1[j];
      delta = g;
    }
  }
}

/** Writes G v into out. */
export function ggnVectorInto(state: GgnState, v: Float64Array, out: Float64Array): void {
  const jv = jacobianVector(state, v);
  const n = state.pass.n;
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
  for (let i = 0; i < n; i++) jv[i] *= state.h[i];
  jacobianTransposeVector(state, jv, out);
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
  for (let j = 0; j < out.length; j++) out[j] /= n;
}

/** G v = Jᵀ H_out J v as an operator (one forward pass shared by every product). */
export function ggnOperator(arch: Architecture, theta: Float64Array, data: Table, loss: LossName): { size: number; apply(v: Float64Array, out: Float64Array): void } {
  const state = ggnState(arch, theta, data, loss);
  return { size: theta.length, apply: (v, out) => ggnVectorInto(state, v, out) };
}
