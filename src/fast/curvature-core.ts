// Memory and primitives of the kernel's curvature engine (hvp-fast.ts, hessian-fast.ts):
// one fixed WebAssembly memory holding the samples, θ and v packed for the kernel's
// register-tiled f64x2 matrix product (wat/7-nn-layers.wat $mm, exported as nn_mm), and per
// layer the forward state and the R-operator's buffers. Layout as nn-layout.ts: rows of
// every matrix padded to a multiple of 4 entries, samples to a multiple of 4 rows; products
// sum over true sizes only (K), so padding never reaches a kept entry.

import { layerShapes, parameterCount, type Architecture, type LayerShape } from "../nn/architecture.js";
import { sampleCount, type Table } from "../nn/table.js";
import { KERNEL_PARAMS } from "./kernel.generated.js";
import { instantiateKernel, makeMemory } from "./kernel.js";
import { engineArena, padded } from "./layout.js";
import { packLayerWeights } from "./nn-layout.js";

/** Largest engine memory; bigger networks or data use the reference (../nn/hvp.ts). */
export const MAX_HVP_BYTES = 2 ** 30;
/** Samples per block of a sum over samples, so a block's rows stay in cache while every tile passes over them. */
const BLOCK = 64;
export const F64 = 8;

/** The kernel's O = X·Y (see 7-nn-layers.wat $mm for the strides and modes). */
export type Mm = (X: number, xr: number, xk: number, K: number, Y: number, yk: number, yc: number, R: number, C: number, O: number, os: number, mode: number, post: number) => void;
const MM_ORDER = ["X", "xr", "xk", "K", "Y", "yk", "yc", "R", "C", "O", "os", "mode", "post"];

export interface CoreLayer {
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
  /** rows × outP: f(z) (the output layer: z), f′, f″, δ, R{z}, R{a}, R{δ}; g = δ_{l+1}·W_{l+1} (hidden layers only). */
  act: number;
  f1: number;
  f2: number;
  delta: number;
  rz: number;
  ra: number;
  rdelta: number;
  g: number;
  /** outP × inP: a weight block's sum over samples. */
  hw: number;
}

export interface CurvatureCore {
  arch: Architecture;
  layers: CoreLayer[];
  P: number;
  n: number;
  /** n padded to a multiple of 4. */
  rows: number;
  /** ℓ″ per sample (n), written by the forward state. */
  lossD2: Float64Array;
  mm: Mm;
  /** The kernel's elementwise steps (9-nn-exports.wat): out = a ⊙ b, and r ← f2 ⊙ rz ⊙ g + f1 ⊙ r; byte offsets, even counts. */
  mul: (out: number, a: number, b: number, count: number) => void;
  rdelta: (r: number, f1: number, f2: number, rz: number, g: number, count: number) => void;
  /** The kernel's activation (7-nn-layers.wat $act, within 2 ulp of activations.ts): z ← f(z), f1 ← f′(z). */
  act: (code: number, z: number, f1: number, count: number) => void;
  /** A float64 view of the engine memory at a byte offset. */
  view(offset: number, length: number): Float64Array;
  /** The byte offset of layer l's input: the samples for l = 0, else the previous f(z). */
  inputOf(l: number): number;
  /** Packs layer ly of a parameter vector into the kernel layouts at byte offsets t (a·Wᵀ), p (δ·W), b (bias). */
  pack(src: Float64Array, ly: CoreLayer, t: number, p: number, b: number): void;
  /** O = Σ_i X_iᵀ Y_i over the n samples (X rows × xw, Y rows × yw at byte offsets), continuing from O when `add`. */
  sampleSum(X: number, xw: number, Y: number, yw: number, O: number, add: boolean): void;
}

/** The engine memory for arch on data with the samples in place, or null when it would exceed MAX_HVP_BYTES or cannot be had. */
export function createCurvatureCore(arch: Architecture, data: Table): CurvatureCore | null {
  if (KERNEL_PARAMS.nn_mm.join() !== MM_ORDER.join()) throw new Error("curvature-core: nn_mm's parameters changed");
  const shapes = layerShapes(arch);
  const L = shapes.length;
  const n = sampleCount(data);
  const rows = padded(n);
  const arena = engineArena();
  const take = arena.take;
  const inP0 = padded(arch.inputs);
  const x = take(rows * inP0);
  const layers: CoreLayer[] = shapes.map((s) => {
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
  const d2 = take(n);
  const at = arena.end();
  if (at > MAX_HVP_BYTES) return null;
  let memory;
  try {
    memory = makeMemory(at, `the curvature engine of a ${arch.hidden.join(",")} network over ${n} samples`);
  } catch (err) {
    if (err instanceof RangeError) return null;
    throw err;
  }
  const kernel = instantiateKernel(memory);
  const mm = kernel.nn_mm as Mm;
  const buf = memory.buffer;
  // Views are made once per buffer and reused: a fresh typed array per use costs more than
  // the elementwise loops of a dense Hessian column over small layers (and feeds the GC).
  const views = new Map<number, Float64Array>();
  const view = (offset: number, length: number): Float64Array => {
    let v = views.get(offset);
    if (!v || v.length !== length) views.set(offset, (v = new Float64Array(buf, offset, length)));
    return v;
  };
  const xv = view(x, rows * inP0), d = arch.inputs;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) xv[i * inP0 + j] = data.x[i * d + j];
  return {
    arch, layers, P: parameterCount(arch), n, rows, lossD2: view(d2, n), mm, view,
    mul: kernel.nn_mul as CurvatureCore["mul"],
    rdelta: kernel.nn_rdelta as CurvatureCore["rdelta"],
    act: kernel.nn_act as CurvatureCore["act"],
    inputOf: (l) => (l === 0 ? x : layers[l - 1].act),
    pack(src, ly, t, p, b) {
      packLayerWeights(src, ly.s, view(t, ly.s.fanIn * ly.outP), view(p, ly.s.fanOut * ly.inP), view(b, ly.s.fanOut));
    },
    sampleSum(X, xw, Y, yw, O, add) {
      for (let i = 0; i < n; i += BLOCK) {
        mm(X + i * xw * F64, F64, xw * F64, Math.min(BLOCK, n - i), Y + i * yw * F64, yw * F64, 32, xw, yw, O, yw * F64, add || i > 0 ? 3 : 2, 0);
      }
    },
  };
}

/** R{δ_out} = ℓ″ ⊙ R{z_out} (column 0 of the output layer's rows of 4). */
export function outputRDelta(core: CurvatureCore): void {
  const o = core.layers[core.layers.length - 1];
  const rz = core.view(o.rz, core.rows * 4), rd = core.view(o.rdelta, core.rows * 4), d2 = core.lossD2;
  for (let i = 0; i < core.n; i++) rd[4 * i] = d2[i] * rz[4 * i];
}

/** Layer l's R{δ} from R{g} (already in its R{δ} buffer): R{δ} = f″ ⊙ R{z} ⊙ g + f′ ⊙ R{g}. */
export function backRDelta(core: CurvatureCore, l: number): void {
  const ly = core.layers[l];
  core.rdelta(ly.rdelta, ly.f1, ly.f2, ly.rz, ly.g, core.rows * ly.outP);
}

/** Hands layer l's block of H·v (its weight sums in hw, the bias as Σ_i R{δ}) to `put(θ index, value)`, divided by n. */
export function readLayer(core: CurvatureCore, l: number, put: (k: number, value: number) => void): void {
  const ly = core.layers[l], { fanIn: a, fanOut: o, weightOffset: wo, biasOffset: bo } = ly.s, n = core.n;
  const hw = core.view(ly.hw, ly.outP * ly.inP), rd = core.view(ly.rdelta, core.rows * ly.outP);
  for (let r = 0; r < o; r++) for (let c = 0; c < a; c++) put(wo + r * a + c, hw[r * ly.inP + c] / n);
  for (let r = 0; r < o; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += rd[i * ly.outP + r];
    put(bo + r, s / n);
  }
}
