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
// Layout follows nn-layout.ts: rows of every matrix padded to a multiple of 4 entries,
// samples padded to a multiple of 4 rows, padding never read into a kept entry: products
// sum over true sizes only (K), and padded outputs are dropped when the result is read.
// Sums differ in order from the reference's, so results agree with it to ~1e-15 relative.

import { activate } from "../nn/activations.js";
import { layerShapes, parameterCount, type Architecture, type LayerShape } from "../nn/architecture.js";
import { sampleCount, type Table } from "../nn/table.js";
import { sampleTerms, TERM_SLOTS, type LossName } from "../numerics/losses.js";
import { KERNEL_PARAMS } from "./kernel.generated.js";
import { instantiateKernel, makeMemory, type KernelExports } from "./kernel.js";
import { COUNTER, padded } from "./layout.js";

/** Largest engine memory; bigger networks or data use the reference (../nn/hvp.ts). */
export const MAX_HVP_BYTES = 2 ** 30;
/** Samples per block of a weight-block sum, so a block's rows stay in cache while every tile passes over them. */
const BLOCK = 64;
const F64 = 8;
const align16 = (n: number): number => Math.ceil(n / 16) * 16;

type Mm = (X: number, xr: number, xk: number, K: number, Y: number, yk: number, yc: number, R: number, C: number, O: number, os: number, mode: number, post: number) => void;
const MM_ORDER = ["X", "xr", "xk", "K", "Y", "yk", "yc", "R", "C", "O", "os", "mode", "post"];

interface Layer {
  s: LayerShape;
  /** fanIn and fanOut padded to multiples of 4. */
  inP: number;
  outP: number;
  /** Byte offsets: W packed for a·Wᵀ (panels of 4 outputs) and for δ·W (panels of 4 inputs), the bias; the same for v. */
  wt: number;
  wp: number;
  bias: number;
  vt: number;
  vp: number;
  vb: number;
  /** rows × outP: f(z) (the output layer: z), f′, f″, δ, R{z}, R{a}, R{δ}; g = δ_{l+1}·W_{l+1} (hidden layers). */
  act: number;
  f1: number;
  f2: number;
  delta: number;
  rz: number;
  ra: number;
  rdelta: number;
  g: number;
  /** outP × inP: the weight block's sum. */
  hw: number;
}

/** A network's curvature engine on one data set: set θ once, then H·v many times. */
export interface FastCurvature {
  readonly P: number;
  /** Computes and keeps the forward/backward state at θ (copied). */
  setTheta(theta: Float64Array): void;
  /** Writes H v (the mean loss's Hessian at the last θ) into out. */
  hessianVector(v: Float64Array, out: Float64Array): void;
  /** Mean loss and gradient at the last θ (a by-product of the state). */
  readonly loss: number;
}

/** Whether the engine takes the case: at least one hidden layer (the one-neuron model keeps its closed form) and n ≥ 1. */
export function fastCurvatureHandles(arch: Architecture, data: Table): boolean {
  return arch.hidden.length > 0 && sampleCount(data) > 0;
}

/** The engine for arch on data, or null where it does not apply or its memory would exceed MAX_HVP_BYTES. */
export function createFastCurvature(arch: Architecture, data: Table, loss: LossName): FastCurvature | null {
  if (!fastCurvatureHandles(arch, data)) return null;
  if (KERNEL_PARAMS.nn_mm.join() !== MM_ORDER.join()) throw new Error("hvp-fast: nn_mm's parameters changed");
  const shapes = layerShapes(arch);
  const L = shapes.length;
  const P = parameterCount(arch);
  const n = sampleCount(data);
  const rows = padded(n);
  let at = align16(COUNTER + 16);
  const take = (entries: number): number => {
    const o = at;
    at = align16(at + F64 * entries);
    return o;
  };
  const inP0 = padded(arch.inputs);
  const x = take(rows * inP0);
  const layers: Layer[] = shapes.map((s) => {
    const inP = padded(s.fanIn), outP = padded(s.fanOut), m = rows * outP, hidden = s.index < L - 1;
    return {
      s, inP, outP,
      wt: take(s.fanIn * outP), wp: take(s.fanOut * inP), bias: take(outP),
      vt: take(s.fanIn * outP), vp: take(s.fanOut * inP), vb: take(outP),
      act: take(m), f1: hidden ? take(m) : 0, f2: hidden ? take(m) : 0, delta: take(m),
      rz: take(m), ra: hidden ? take(m) : 0, rdelta: take(m), g: hidden ? take(m) : 0,
      hw: take(outP * inP),
    };
  });
  const lossD2 = take(n);
  if (at > MAX_HVP_BYTES) return null;
  let memory;
  try {
    memory = makeMemory(at, `the curvature engine of a ${arch.hidden.join(",")} network over ${n} samples`);
  } catch (err) {
    if (err instanceof RangeError) return null;
    throw err;
  }
  const k: KernelExports = instantiateKernel(memory);
  const mm = k.nn_mm as Mm;
  const buf = memory.buffer;
  const view = (offset: number, length: number): Float64Array => new Float64Array(buf, offset, length);
  {
    const xv = view(x, rows * inP0), d = arch.inputs;
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xv[i * inP0 + j] = data.x[i * d + j];
  }
  const inputOf = (l: number): number => (l === 0 ? x : layers[l - 1].act);
  const d2 = view(lossD2, n);
  const terms = new Float64Array(TERM_SLOTS);
  let meanLoss = NaN;

  // Packs a parameter vector's layer l into the kernel's two weight layouts and the bias.
  const pack = (src: Float64Array, ly: Layer, t: number, p: number, b: number): void => {
    const { fanIn: a, fanOut: o, weightOffset: wo, biasOffset: bo } = ly.s;
    const T = view(t, a * ly.outP), Pk = view(p, o * ly.inP);
    for (let r = 0; r < o; r++) {
      const tBase = 4 * a * (r >> 2) + (r & 3);
      const row = wo + r * a;
      for (let c = 0; c < a; c++) {
        const w = src[row + c];
        T[tBase + 4 * c] = w;
        Pk[4 * (o * (c >> 2) + r) + (c & 3)] = w;
      }
    }
    view(b, o).set(src.subarray(bo, bo + o));
  };
  // Σ_i X_iᵀ Y_i over the n samples (X rows × xw, Y rows × yw), blocked, continuing from O when `add`.
  const sampleSum = (X: number, xw: number, Y: number, yw: number, O: number, add: boolean): void => {
    for (let i = 0; i < n; i += BLOCK) {
      mm(X + i * xw * F64, F64, xw * F64, Math.min(BLOCK, n - i), Y + i * yw * F64, yw * F64, 32, xw, yw, O, yw * F64, add || i > 0 ? 3 : 2, 0);
    }
  };

  return {
    P,
    get loss() {
      return meanLoss;
    },
    setTheta(theta) {
      if (theta.length !== P) throw new RangeError(`theta has ${theta.length} entries, the architecture ${P}`);
      for (const ly of layers) pack(theta, ly, ly.wt, ly.wp, ly.bias);
      // Forward: z = a·Wᵀ + b, then f, f′, f″ in place (activate may alias its input).
      for (let l = 0; l < L; l++) {
        const ly = layers[l];
        mm(inputOf(l), ly.inP * F64, F64, ly.s.fanIn, ly.wt, 32, 32 * ly.s.fanIn, rows, ly.outP, ly.act, ly.outP * F64, 0, ly.bias);
        if (l < L - 1) {
          const m = rows * ly.outP;
          const z = view(ly.act, m);
          activate(arch.activation, z, z, view(ly.f1, m), view(ly.f2, m));
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
        d2[i] = terms[2];
      }
      meanLoss = total / n;
      // Backward: g_{l−1} = δ_l·W_l, δ_{l−1} = g ⊙ f′.
      for (let l = L - 1; l > 0; l--) {
        const ly = layers[l], prev = layers[l - 1];
        mm(ly.delta, ly.outP * F64, F64, ly.s.fanOut, ly.wp, 32, 32 * ly.s.fanOut, rows, ly.inP, prev.g, ly.inP * F64, 2, 0);
        const m = rows * prev.outP;
        const g = view(prev.g, m), f1 = view(prev.f1, m), dl = view(prev.delta, m);
        for (let j = 0; j < m; j++) dl[j] = g[j] * f1[j];
      }
    },
    hessianVector(v, out) {
      if (v.length !== P || out.length !== P) throw new RangeError(`H·v needs vectors of ${P} entries`);
      if (Number.isNaN(meanLoss)) throw new Error("hessianVector: setTheta first");
      for (const ly of layers) pack(v, ly, ly.vt, ly.vp, ly.vb);
      // R-forward: R{z_l} = a_{l−1}·V_lᵀ + c_l + R{a_{l−1}}·W_lᵀ,  R{a_l} = f′ ⊙ R{z_l}.
      for (let l = 0; l < L; l++) {
        const ly = layers[l], a = ly.s.fanIn;
        mm(inputOf(l), ly.inP * F64, F64, a, ly.vt, 32, 32 * a, rows, ly.outP, ly.rz, ly.outP * F64, 0, ly.vb);
        if (l > 0) mm(layers[l - 1].ra, ly.inP * F64, F64, a, ly.wt, 32, 32 * a, rows, ly.outP, ly.rz, ly.outP * F64, 3, 0);
        if (l < L - 1) {
          const m = rows * ly.outP;
          const rz = view(ly.rz, m), f1 = view(ly.f1, m), ra = view(ly.ra, m);
          for (let j = 0; j < m; j++) ra[j] = f1[j] * rz[j];
        }
      }
      // R-backward from R{δ_out} = ℓ″ ⊙ R{z_out}.
      {
        const o = layers[L - 1];
        const rz = view(o.rz, rows * 4), rd = view(o.rdelta, rows * 4);
        for (let i = 0; i < n; i++) rd[4 * i] = d2[i] * rz[4 * i];
      }
      for (let l = L - 1; l >= 0; l--) {
        const ly = layers[l], { fanIn: a, fanOut: o, weightOffset: wo, biasOffset: bo } = ly.s;
        // Weight block: Σ_i R{δ_l,i}ᵀ a_{l−1,i} + δ_l,iᵀ R{a_{l−1,i}}; bias block Σ_i R{δ_l,i}.
        sampleSum(ly.rdelta, ly.outP, inputOf(l), ly.inP, ly.hw, false);
        if (l > 0) sampleSum(ly.delta, ly.outP, layers[l - 1].ra, ly.inP, ly.hw, true);
        const hw = view(ly.hw, ly.outP * ly.inP), rd = view(ly.rdelta, rows * ly.outP);
        for (let r = 0; r < o; r++) for (let c = 0; c < a; c++) out[wo + r * a + c] = hw[r * ly.inP + c] / n;
        for (let r = 0; r < o; r++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += rd[i * ly.outP + r];
          out[bo + r] = s / n;
        }
        if (l > 0) {
          // R{δ_{l−1}} = f″ ⊙ R{z} ⊙ g + f′ ⊙ (R{δ_l}·W_l + δ_l·V_l)
          const prev = layers[l - 1];
          mm(ly.rdelta, ly.outP * F64, F64, o, ly.wp, 32, 32 * o, rows, ly.inP, prev.rdelta, ly.inP * F64, 2, 0);
          mm(ly.delta, ly.outP * F64, F64, o, ly.vp, 32, 32 * o, rows, ly.inP, prev.rdelta, ly.inP * F64, 3, 0);
          const m = rows * prev.outP;
          const r = view(prev.rdelta, m), f1 = view(prev.f1, m), f2 = view(prev.f2, m), rz = view(prev.rz, m), g = view(prev.g, m);
          for (let j = 0; j < m; j++) r[j] = f2[j] * rz[j] * g[j] + f1[j] * r[j];
        }
      }
    },
  };
}
