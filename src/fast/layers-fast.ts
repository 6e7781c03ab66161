// The forward and backward pass behind per-layer statistics (../nn/layer-stats.ts) on the
// WebAssembly SIMD kernel, with the TypeScript reference's bits (../nn/forward.ts):
//   z = a·Wᵀ + b   nn_mm (each entry sums its fanIn products in order from 0, then + b,
//                  as `affine` does);
//   f, f′          ../nn/activations.ts itself, on the kernel's z;
//   ℓ′, σ          ../numerics/losses.ts's sampleTerms;
//   Σ δᵀa, Σ δ     nn_mm over blocks of samples, each entry summed in sample order, as
//                  `accumulateLayerGrad`; the bias sums in TypeScript in the same order;
//   δ·W            nn_mm4 (wat/9c-nn-grouped.wat), grouped in fours as `backThroughWeights`.
// So every number the statistics read equals the reference's; only the time differs.
// Memory: the packed weights, every hidden layer's f and f′ (the backward pass needs them)
// and one layer's z, δ and weight sums, in one WebAssembly memory made per call.

import { activate } from "../nn/activations.js";
import { layerShapes, parameterCount, type Architecture, type LayerShape } from "../nn/architecture.js";
import { sampleCount, type Table } from "../nn/table.js";
import { sampleTerms, TERM_SLOTS, type LossName } from "../numerics/losses.js";
import { KERNEL_PARAMS } from "./kernel.generated.js";
import { instantiateKernel, makeMemory } from "./kernel.js";
import { engineArena, padded } from "./layout.js";
import { ACTIVATION_CODE, packLayerWeights } from "./nn-layout.js";

/** Largest memory this path takes; larger jobs run the reference. */
export const MAX_LAYER_PASS_BYTES = 2 ** 30;
const F64 = 8;
const BLOCK = 64;

/** What the pass hands its caller, layer by layer; the arrays are n × fanOut, sample-major, valid during the call only. */
export interface LayerPassVisitor {
  /** Layer l's pre-activation z and activation f(z) (σ(z) for the output layer). */
  forward(l: number, z: Float64Array, a: Float64Array): void;
  /** Layer l's δ = ∂ℓ_i/∂z per sample (not divided by n), from the output down. */
  backward(l: number, delta: Float64Array): void;
}

interface Slot {
  s: LayerShape;
  inP: number;
  outP: number;
  wt: number;
  wp: number;
  bias: number;
  /** Hidden layers: f(z) and f′(z), rows × outP. */
  act: number;
  f1: number;
}

/**
 * Runs the forward and backward pass of arch at θ on data through the kernel, calling the
 * visitor per layer, and returns ∇L (the mean loss's gradient, flat in θ's order); or null
 * where this path does not apply (no hidden layer, no samples, a non-finite weight, or
 * memory too large), and the caller uses the reference.
 */
export function layerPassFast(arch: Architecture, theta: Float64Array, data: Table, loss: LossName, visit: LayerPassVisitor): Float64Array | null {
  const n = sampleCount(data);
  if (arch.hidden.length === 0 || n === 0) return null;
  // The reference skips all-zero groups of δ·W; with an infinite weight 0·∞ would differ.
  for (let j = 0; j < theta.length; j++) if (!Number.isFinite(theta[j])) return null;
  if (KERNEL_PARAMS.nn_mm4.join() !== "X,xr,K,Y,yc,R,C,O,os,mode,post") throw new Error("layers-fast: nn_mm4's parameters changed");
  const shapes = layerShapes(arch);
  const L = shapes.length;
  const rows = padded(n);
  const arena = engineArena();
  const take = arena.take;
  const inP0 = padded(arch.inputs);
  const x = take(rows * inP0);
  let maxP = 4, maxW = 4;
  const slots: Slot[] = shapes.map((s) => {
    const inP = padded(s.fanIn), outP = padded(s.fanOut), hidden = s.index < L - 1;
    maxP = Math.max(maxP, inP, outP);
    maxW = Math.max(maxW, inP * outP);
    return {
      s, inP, outP, wt: take(s.fanIn * outP), wp: take(s.fanOut * inP), bias: take(outP),
      act: hidden ? take(rows * outP) : 0, f1: hidden ? take(rows * outP) : 0,
    };
  });
  const z = take(rows * maxP), d0 = take(rows * maxP), d1 = take(rows * maxP), hw = take(maxW);
  const at = arena.end();
  if (at > MAX_LAYER_PASS_BYTES) return null;
  let memory, k;
  try {
    memory = makeMemory(at, `the layer statistics of a ${arch.hidden.join(",")} network over ${n} samples`);
    k = instantiateKernel(memory);
  } catch {
    // Memory the system will not give, or no WebAssembly here (a page whose Content
    // Security Policy forbids compiling it, as the network explorer's): the reference
    // computes the same numbers.
    return null;
  }
  const mm = k.nn_mm as (X: number, xr: number, xk: number, K: number, Y: number, yk: number, yc: number, R: number, C: number, O: number, os: number, mode: number, post: number) => void;
  const mm4 = k.nn_mm4 as (X: number, xr: number, K: number, Y: number, yc: number, R: number, C: number, O: number, os: number, mode: number, post: number) => void;
  const buf = memory.buffer;
  const view = (offset: number, length: number): Float64Array => new Float64Array(buf, offset, length);

  const xv = view(x, rows * inP0), d = arch.inputs;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xv[i * inP0 + j] = data.x[i * d + j];
  for (const sl of slots) pack(theta, sl, view);

  // Compact n × width copies for the visitor where a layer's rows are padded.
  const widest = Math.max(...shapes.map((s) => s.fanOut));
  const cz = new Float64Array(n * widest), ca = new Float64Array(n * widest), cf = new Float64Array(n * widest);
  const inputOf = (l: number): number => (l === 0 ? x : slots[l - 1].act);

  // ReLU, softsign and linear are the same IEEE operations in the kernel's $act as in
  // activations.ts (no exp), so the kernel computes them there; σ and tanh stay in TypeScript.
  const exactInKernel = arch.activation === "relu" || arch.activation === "softsign" || arch.activation === "linear";
  const act = k.nn_act as (code: number, z: number, f1: number, count: number) => void;
  const terms = new Float64Array(TERM_SLOTS);
  const lossD1 = new Float64Array(n);
  for (let l = 0; l < L; l++) {
    const sl = slots[l], { fanIn, fanOut } = sl.s, outP = sl.outP;
    if (l < L - 1 && exactInKernel) {
      // z into the activation buffer, a copy kept, then f and f′ in place by the kernel.
      mm(inputOf(l), sl.inP * F64, F64, fanIn, sl.wt, 32, 32 * fanIn, rows, outP, sl.act, outP * F64, 0, sl.bias);
      const zc = copyCompact(view(sl.act, rows * outP), n, fanOut, outP, cz);
      act(ACTIVATION_CODE[arch.activation], sl.act, sl.f1, rows * outP);
      visit.forward(l, zc, compact(view(sl.act, rows * outP), n, fanOut, outP, ca));
      continue;
    }
    mm(inputOf(l), sl.inP * F64, F64, fanIn, sl.wt, 32, 32 * fanIn, rows, outP, z, outP * F64, 0, sl.bias);
    const zc = compact(view(z, rows * outP), n, fanOut, outP, cz);
    if (l < L - 1) {
      const dense = outP === fanOut;
      const m = n * fanOut;
      const a = dense ? view(sl.act, m) : ca.subarray(0, m), f1 = dense ? view(sl.f1, m) : cf.subarray(0, m);
      activate(arch.activation, zc, a, f1, null);
      if (!dense) {
        scatter(a, view(sl.act, rows * outP), n, fanOut, outP);
        scatter(f1, view(sl.f1, rows * outP), n, fanOut, outP);
      }
      visit.forward(l, zc, a);
    } else {
      const p = ca.subarray(0, n);
      for (let i = 0; i < n; i++) {
        sampleTerms(loss, zc[i], data.y[i], terms);
        lossD1[i] = terms[1];
        p[i] = terms[3];
      }
      visit.forward(l, zc, p);
    }
  }

  const grad = new Float64Array(parameterCount(arch));
  let cur = d0, other = d1;
  const out = view(cur, rows * 4);
  out.fill(0);
  for (let i = 0; i < n; i++) out[4 * i] = lossD1[i];
  for (let l = L - 1; l >= 0; l--) {
    const sl = slots[l], { fanIn, fanOut, weightOffset: wo, biasOffset: bo } = sl.s, outP = sl.outP, inP = sl.inP;
    const delta = compact(view(cur, rows * outP), n, fanOut, outP, cz);
    visit.backward(l, delta);
    // Σ_i δ_iᵀ a_i over blocks of samples, each continuing the sums in sample order.
    const input = inputOf(l);
    for (let i = 0; i < n; i += BLOCK) {
      mm(cur + i * outP * F64, F64, outP * F64, Math.min(BLOCK, n - i), input + i * inP * F64, inP * F64, 32, outP, inP, hw, inP * F64, i > 0 ? 3 : 2, 0);
    }
    const hv = view(hw, outP * inP);
    for (let o = 0; o < fanOut; o++) for (let c = 0; c < fanIn; c++) grad[wo + o * fanIn + c] = hv[o * inP + c] / n;
    // Σ_i δ_i, each unit's sum in sample order, read row by row.
    const bias = grad.subarray(bo, bo + fanOut);
    for (let i = 0; i < n; i++) for (let o = 0, r = i * fanOut; o < fanOut; o++) bias[o] += delta[r + o];
    for (let o = 0; o < fanOut; o++) bias[o] /= n;
    if (l > 0) {
      const prev = slots[l - 1];
      mm4(cur, outP * F64, fanOut, sl.wp, 32 * fanOut, rows, inP, other, inP * F64, 1, prev.f1);
      [cur, other] = [other, cur];
    }
  }
  return grad;
}

/** Packs layer sl's weights from θ for a·Wᵀ and δ·W, and its bias. */
function pack(theta: Float64Array, sl: Slot, view: (offset: number, length: number) => Float64Array): void {
  packLayerWeights(theta, sl.s, view(sl.wt, sl.s.fanIn * sl.outP), view(sl.wp, sl.s.fanOut * sl.inP), view(sl.bias, sl.s.fanOut));
}

/** The first n rows of a rows × outP matrix as n × w: a view where no column is padding, else a copy into dst. */
function compact(m: Float64Array, n: number, w: number, outP: number, dst: Float64Array): Float64Array {
  if (w === outP) return m.subarray(0, n * w);
  for (let i = 0; i < n; i++) for (let j = 0; j < w; j++) dst[i * w + j] = m[i * outP + j];
  return dst.subarray(0, n * w);
}

/** The first n rows of a rows × outP matrix copied into dst as n × w. */
function copyCompact(m: Float64Array, n: number, w: number, outP: number, dst: Float64Array): Float64Array {
  if (w === outP) {
    dst.set(m.subarray(0, n * w));
    return dst.subarray(0, n * w);
  }
  return compact(m, n, w, outP, dst);
}

function scatter(src: Float64Array, m: Float64Array, n: number, w: number, outP: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < w; j++) m[i * outP + j] = src[i * w + j];
}
