// Exact Hessian-vector products of an MLP's mean loss on the WebAssembly SIMD kernel:
// Pearlmutter's R-operator of ../nn/hvp.ts (the reference, and where the rules are
// derived) with every layer product done by the kernel's register-tiled f64x2 matrix
// product (wat/7-nn-layers.wat $mm, exported as nn_mm). The forward state (activations,
// f′, f″, the backward δ and δ·W) is computed once per θ and kept in the engine's memory
// with θ's weights packed for the kernel; each product then packs v the same way and runs
// per layer two products forward (a·Vᵀ + rz·Wᵀ), two for the weight block (R{δ}ᵀa + δᵀR{a})
// and two back (R{δ}·W + δ·V). Elementwise steps and the loss terms run in TypeScript with
// the reference's own formulas (activations.ts, losses.ts).
//
// Memory and layout: curvature-core.ts. Sums differ in order from the reference's, so
// results agree with it to ~1e-15 relative.

import type { ActivationName } from "../nn/activations.js";
import type { Architecture } from "../nn/architecture.js";
import { sampleCount, type Table } from "../nn/table.js";
import { sampleTerms, TERM_SLOTS, type LossName } from "../numerics/losses.js";
import { backRDelta, createCurvatureCore, F64, outputRDelta, readLayer, type CurvatureCore } from "./curvature-core.js";
import { denseHessianColumns } from "./hessian-fast.js";
import { ACTIVATION_CODE } from "./nn-layout.js";

/** A network's curvature engine on one data set: set θ once, then H·v many times. */
export interface FastCurvature {
  readonly P: number;
  /** Computes and keeps the forward/backward state at θ (copied into the engine). */
  setTheta(theta: Float64Array): void;
  /** Writes H v (the mean loss's Hessian at the last θ) into out. */
  hessianVector(v: Float64Array, out: Float64Array): void;
  /** The dense P × P Hessian at the last θ, row-major (hessian-fast.ts); `onColumn` hears the fraction done. */
  denseHessian(onColumn?: (fraction: number) => void): Float64Array;
  /** Mean loss at the last θ (a by-product of the state). */
  readonly loss: number;
  /** Whether this engine was made for arch's widths, this very data table and loss (so a caller may reuse it as a workspace). */
  fits(arch: Architecture, data: Table, loss: LossName): boolean;
}

/** Whether the engine takes the case: at least one hidden layer (the one-neuron model keeps its closed form) and n ≥ 1. */
export function fastCurvatureHandles(arch: Architecture, data: Table): boolean {
  return arch.hidden.length > 0 && sampleCount(data) > 0;
}

/** The engine for arch on data, or null where it does not apply or its memory would be too large. */
export function createFastCurvature(arch: Architecture, data: Table, loss: LossName): FastCurvature | null {
  if (!fastCurvatureHandles(arch, data)) return null;
  const core = createCurvatureCore(arch, data);
  if (!core) return null;
  const { layers, rows, mm, P } = core;
  const L = layers.length;
  const terms = new Float64Array(TERM_SLOTS);
  let meanLoss = NaN;
  // A flag, not NaN: the loss itself is NaN where θ overflows.
  let thetaSet = false;
  const ready = (): void => {
    if (!thetaSet) throw new Error("hessianVector: setTheta first");
  };
  return {
    P,
    get loss() {
      return meanLoss;
    },
    setTheta(theta) {
      if (theta.length !== P) throw new RangeError(`theta has ${theta.length} entries, the architecture ${P}`);
      meanLoss = forwardState(core, theta, data, loss, terms);
      thetaSet = true;
    },
    hessianVector(v, out) {
      if (v.length !== P || out.length !== P) throw new RangeError(`H·v needs vectors of ${P} entries`);
      ready();
      for (const ly of layers) core.pack(v, ly, ly.vt, ly.vp, ly.vb);
      // R-forward: R{z_l} = a_{l−1}·V_lᵀ + c_l + R{a_{l−1}}·W_lᵀ,  R{a_l} = f′ ⊙ R{z_l}.
      for (let l = 0; l < L; l++) {
        const ly = layers[l], a = ly.s.fanIn;
        mm(core.inputOf(l), ly.inP * F64, F64, a, ly.vt, 32, 32 * a, rows, ly.outP, ly.rz, ly.outP * F64, 0, ly.vb);
        if (l > 0) mm(layers[l - 1].ra, ly.inP * F64, F64, a, ly.wt, 32, 32 * a, rows, ly.outP, ly.rz, ly.outP * F64, 3, 0);
        if (l < L - 1) core.mul(ly.ra, ly.f1, ly.rz, rows * ly.outP);
      }
      // R-backward from R{δ_out} = ℓ″ ⊙ R{z_out}.
      outputRDelta(core);
      for (let l = L - 1; l >= 0; l--) {
        const ly = layers[l];
        // Weight block: Σ_i R{δ_l,i}ᵀ a_{l−1,i} + δ_l,iᵀ R{a_{l−1,i}}; bias block Σ_i R{δ_l,i}.
        core.sampleSum(ly.rdelta, ly.outP, core.inputOf(l), ly.inP, ly.hw, false);
        if (l > 0) core.sampleSum(ly.delta, ly.outP, layers[l - 1].ra, ly.inP, ly.hw, true);
        readLayer(core, l, (k, value) => (out[k] = value));
        if (l > 0) {
          // R{δ_{l−1}} = f″ ⊙ R{z} ⊙ g + f′ ⊙ (R{δ_l}·W_l + δ_l·V_l)
          const o = ly.s.fanOut;
          mm(ly.rdelta, ly.outP * F64, F64, o, ly.wp, 32, 32 * o, rows, ly.inP, layers[l - 1].rdelta, ly.inP * F64, 2, 0);
          mm(ly.delta, ly.outP * F64, F64, o, ly.vp, 32, 32 * o, rows, ly.inP, layers[l - 1].rdelta, ly.inP * F64, 3, 0);
          backRDelta(core, l - 1);
        }
      }
    },
    denseHessian(onColumn) {
      ready();
      return denseHessianColumns(core, onColumn);
    },
    fits: (a, d, l) =>
      d === data && l === loss && a.inputs === arch.inputs && a.activation === arch.activation &&
      a.hidden.length === arch.hidden.length && a.hidden.every((w, i) => w === arch.hidden[i]),
  };
}

/** Forward and backward at θ into the core: f, f′, f″, ℓ″, δ and g per layer; returns the mean loss. */
function forwardState(core: CurvatureCore, theta: Float64Array, data: Table, loss: LossName, terms: Float64Array): number {
  const { layers, n, rows, mm, view, arch } = core;
  const L = layers.length;
  for (const ly of layers) core.pack(theta, ly, ly.wt, ly.wp, ly.bias);
  // z = a·Wᵀ + b, then f, f′, f″ in place (activate may alias its input).
  for (let l = 0; l < L; l++) {
    const ly = layers[l];
    mm(core.inputOf(l), ly.inP * F64, F64, ly.s.fanIn, ly.wt, 32, 32 * ly.s.fanIn, rows, ly.outP, ly.act, ly.outP * F64, 0, ly.bias);
    if (l < L - 1) {
      const m = rows * ly.outP;
      core.act(ACTIVATION_CODE[arch.activation], ly.act, ly.f1, m);
      secondDerivative(arch.activation, view(ly.act, m), view(ly.f1, m), view(ly.f2, m));
    }
  }
  // Loss terms: ℓ′ into the output δ (column 0), ℓ″ kept.
  const out = layers[L - 1];
  const z = view(out.act, rows * 4), dOut = view(out.delta, rows * 4);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sampleTerms(loss, z[4 * i], data.y[i], terms);
    total += terms[0];
    dOut[4 * i] = terms[1];
    core.lossD2[i] = terms[2];
  }
  // g_{l−1} = δ_l·W_l, δ_{l−1} = g ⊙ f′.
  for (let l = L - 1; l > 0; l--) {
    const ly = layers[l], prev = layers[l - 1];
    mm(ly.delta, ly.outP * F64, F64, ly.s.fanOut, ly.wp, 32, 32 * ly.s.fanOut, rows, ly.inP, prev.g, ly.inP * F64, 2, 0);
    core.mul(prev.delta, prev.g, prev.f1, rows * prev.outP);
  }
  return total / n;
}

/**
 * f″ from f and f′ (activations.ts's table, rewritten in f): tanh −2 f f′; sigmoid
 * f′ (1 − 2f); softsign −2 sign(f) (1 − |f|)³, since 1/(1 + |z|) = 1 − |f|; relu and linear 0.
 */
function secondDerivative(name: ActivationName, f: Float64Array, f1: Float64Array, f2: Float64Array): void {
  const m = f.length;
  switch (name) {
    case "tanh":
      for (let j = 0; j < m; j++) f2[j] = -2 * f[j] * f1[j];
      return;
    case "sigmoid":
      for (let j = 0; j < m; j++) f2[j] = f1[j] * (1 - 2 * f[j]);
      return;
    case "softsign":
      for (let j = 0; j < m; j++) {
        const t = 1 - Math.abs(f[j]);
        f2[j] = f[j] > 0 ? -2 * t * t * t : f[j] < 0 ? 2 * t * t * t : 0;
      }
      return;
    case "relu":
    case "linear":
      f2.fill(0);
  }
}
