// Exact Hessian-vector products H v of the mean loss by Pearlmutter's R-operator
// (Pearlmutter 1994, "Fast exact multiplication by the Hessian"): R{·} = d/dr (·)(θ + r v)
// at r = 0, pushed through the forward pass and the backward pass of forward.ts.
// With V_l, c_l the blocks of v belonging to W_l, b_l:
//   R{a_{−1}} = 0,  R{z_l} = R{a_{l−1}} W_lᵀ + a_{l−1} V_lᵀ + c_l,  R{a_l} = f′(z_l) ⊙ R{z_l}
//   R{δ_out} = ℓ″(z) R{z_out}
//   R{g_{l−1}} = R{δ_l} W_l + δ_l V_l              (g = ∂ℓ_i/∂a, stored by backward)
//   R{δ_{l−1}} = f″(z_{l−1}) ⊙ R{z_{l−1}} ⊙ g_{l−1} + f′(z_{l−1}) ⊙ R{g_{l−1}}
//   (H v)_{W_l} = (1/n) Σ_i [R{δ_l,i}ᵀ a_{l−1,i} + δ_l,iᵀ R{a_{l−1,i}}],  (H v)_{b_l} = (1/n) Σ_i R{δ_l,i}
// One product costs about two forward-backward passes and is exact to rounding.

import { createFastCurvature, type FastCurvature } from "../fast/hvp-fast.js";
import type { LossName } from "../numerics/losses.js";
import type { Architecture } from "./architecture.js";
import { accumulateLayerGrad, affine, backThroughWeights, backward, forward, layerInput, type BackwardPass, type ForwardPass } from "./forward.js";
import type { NetworkEngine } from "./forward.js";
import type { Table } from "./table.js";

/** A forward pass with f″ and its backward pass: everything H v needs besides v. */
export interface CurvatureState {
  pass: ForwardPass;
  back: BackwardPass;
  theta: Float64Array;
}

export function curvatureState(arch: Architecture, theta: Float64Array, data: Table, loss: LossName): CurvatureState {
  const pass = forward(arch, theta, data, loss, true);
  return { pass, back: backward(pass, theta), theta };
}

/** Writes H v into out (length P). */
export function hessianVectorInto(state: CurvatureState, v: Float64Array, out: Float64Array): void {
  const { pass, back, theta } = state;
  const { shapes, n } = pass;
  const L = shapes.length;
  const d2 = pass.d2;
  if (!d2) throw new Error("hessianVectorInto: the forward pass was run without second derivatives");
  // R-forward.
  const rz: Float64Array[] = new Array(L);
  const ra: Float64Array[] = new Array(L - 1);
  for (let l = 0; l < L; l++) {
    const s = shapes[l];
    const r = new Float64Array(n * s.fanOut);
    // a_{l−1} V_lᵀ + c_l: the affine map with v in θ's place.
    affine(v, s, layerInput(pass, l), n, r);
    if (l > 0) addAffineNoBias(theta, s.weightOffset, s.fanIn, s.fanOut, ra[l - 1], n, r);
    rz[l] = r;
    if (l < L - 1) {
      const f1 = pass.d1[l];
      const q = new Float64Array(r.length);
      for (let j = 0; j < q.length; j++) q[j] = f1[j] * r[j];
      ra[l] = q;
    }
  }
  // R-backward.
  out.fill(0);
  let rdelta = new Float64Array(n);
  const lz = rz[L - 1];
  for (let i = 0; i < n; i++) rdelta[i] = pass.lossD2[i] * lz[i];
  for (let l = L - 1; l >= 0; l--) {
    const s = shapes[l];
    accumulateLayerGrad(s, rdelta, layerInput(pass, l), n, out);
    if (l > 0) accumulateWeightOnly(s, back.delta[l], ra[l - 1], n, out);
    if (l > 0) {
      const rg = new Float64Array(n * s.fanIn);
      backThroughWeights(theta, s, rdelta, n, rg);
      const dv = new Float64Array(rg.length);
      backThroughWeights(v, s, back.delta[l], n, dv);
      const f1 = pass.d1[l - 1], f2 = d2[l - 1], g = back.back[l - 1], zr = rz[l - 1];
      const next = new Float64Array(rg.length);
      for (let j = 0; j < next.length; j++) next[j] = f2[j] * zr[j] * g[j] + f1[j] * (rg[j] + dv[j]);
      rdelta = next;
    }
  }
  for (let j = 0; j < out.length; j++) out[j] /= n;
}

/** How hessianVector and hessianOperator compute. */
export interface CurvatureOptions {
  /** "fast" (default): the WebAssembly kernel where it applies; "reference": this file's TypeScript. */
  engine?: NetworkEngine;
  /**
   * An engine made by createCurvatureWorkspace for the same widths, data table and loss,
   * reused instead of a fresh one: a fresh engine's memory pays its page faults on first
   * touch, several times the cost of one product at P ≈ 600. It holds one θ's state at a
   * time, so an operator made on it is valid until the workspace is used for another θ.
   * Ignored when it does not fit.
   */
  workspace?: FastCurvature | null;
}

/** A curvature workspace for arch on data (pass it as `workspace`), or null where the kernel does not take the case. */
export function createCurvatureWorkspace(arch: Architecture, data: Table, loss: LossName): FastCurvature | null {
  return createFastCurvature(arch, data, loss);
}

/** The kernel engine a call should use: the caller's workspace when it fits, else a fresh one; null for the reference. */
export function curvatureEngine(arch: Architecture, data: Table, loss: LossName, opts: NetworkEngine | CurvatureOptions): FastCurvature | null {
  const o = typeof opts === "string" ? { engine: opts } : opts;
  if ((o.engine ?? "fast") !== "fast") return null;
  return o.workspace?.fits(arch, data, loss) ? o.workspace : createFastCurvature(arch, data, loss);
}

/**
 * H v of the mean loss at θ: on the WebAssembly kernel (../fast/hvp-fast.ts) where it
 * applies, else (or with engine "reference") this file's TypeScript; they agree to ~1e-15.
 */
export function hessianVector(arch: Architecture, theta: Float64Array, data: Table, loss: LossName, v: Float64Array, options: NetworkEngine | CurvatureOptions = "fast"): Float64Array {
  const out = new Float64Array(theta.length);
  const fast = curvatureEngine(arch, data, loss, options);
  if (fast) {
    fast.setTheta(theta);
    fast.hessianVector(v, out);
  } else hessianVectorInto(curvatureState(arch, theta, data, loss), v, out);
  return out;
}

function addAffineNoBias(src: Float64Array, wo: number, fanIn: number, fanOut: number, input: Float64Array, n: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const row = i * fanIn;
    for (let o = 0; o < fanOut; o++) {
      const w = wo + o * fanIn;
      let acc = 0;
      for (let k = 0; k < fanIn; k++) acc += src[w + k] * input[row + k];
      out[i * fanOut + o] += acc;
    }
  }
}

/** Adds Σ_i δ_iᵀ a_i into out's weight block of layer s (no bias term). */
function accumulateWeightOnly(s: { fanIn: number; fanOut: number; weightOffset: number }, delta: Float64Array, a: Float64Array, n: number, out: Float64Array): void {
  const { fanIn, fanOut, weightOffset: wo } = s;
  for (let i = 0; i < n; i++) {
    const row = i * fanIn;
    for (let o = 0; o < fanOut; o++) {
      const d = delta[i * fanOut + o];
      if (d === 0) continue;
      const w = wo + o * fanIn;
      for (let k = 0; k < fanIn; k++) out[w + k] += d * a[row + k];
    }
  }
}
