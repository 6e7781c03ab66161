// Slice directions for a model's parameter tensors, normalized as in Li et al. 2018 (§4 and
// net_plotter.py): a tensor of 2 or more dimensions is a weight whose rows along axis 0 are
// filters (a Conv's output channels, a Gemm weight's rows); 1-D tensors (biases, BatchNorm scale
// and shift) never enter a norm and follow the bias rule (zero: Li's biasbn; keep: θ*'s values).
//   filter: each filter d_r ← d_r · ‖θ_r‖ / (‖d_r‖ + 1e-10)
//   layer:  each weight tensor d_W ← d_W · ‖θ_W‖ / ‖d_W‖
//   model:  all weight tensors together
//   none:   weights as given

import type { BiasRule, Normalization } from "../slices/normalize.js";
import type { ParamTensor } from "./model.js";

function sumSquares(v: Float64Array, a: number, b: number): number {
  let s = 0;
  for (let i = a; i < b; i++) s += v[i] * v[i];
  return s;
}

function scale(v: Float64Array, a: number, b: number, c: number): void {
  for (let i = a; i < b; i++) v[i] *= c;
}

const isWeight = (p: ParamTensor): boolean => p.shape.length >= 2;

export function normalizeModelDirection(params: readonly ParamTensor[], theta: Float64Array, d: Float64Array, normalization: Normalization, bias: BiasRule): Float64Array {
  const out = Float64Array.from(d);
  const weights = params.filter(isWeight);
  if (normalization === "filter") {
    for (const p of weights) {
      const rows = p.shape[0];
      const len = p.size / rows;
      for (let r = 0; r < rows; r++) {
        const a = p.offset + r * len;
        const b = a + len;
        scale(out, a, b, Math.sqrt(sumSquares(theta, a, b)) / (Math.sqrt(sumSquares(out, a, b)) + 1e-10));
      }
    }
  } else if (normalization === "layer") {
    for (const p of weights) {
      const dn = Math.sqrt(sumSquares(out, p.offset, p.offset + p.size));
      if (!(dn > 0)) throw new RangeError(`direction is zero on ${p.name}, so layer normalization is undefined`);
      scale(out, p.offset, p.offset + p.size, Math.sqrt(sumSquares(theta, p.offset, p.offset + p.size)) / dn);
    }
  } else if (normalization === "model") {
    let dn = 0;
    let tn = 0;
    for (const p of weights) {
      dn += sumSquares(out, p.offset, p.offset + p.size);
      tn += sumSquares(theta, p.offset, p.offset + p.size);
    }
    if (!(dn > 0)) throw new RangeError("direction is zero on every weight, so model normalization is undefined");
    for (const p of weights) scale(out, p.offset, p.offset + p.size, Math.sqrt(tn) / Math.sqrt(dn));
  }
  for (const p of params) {
    if (isWeight(p)) continue;
    for (let i = p.offset; i < p.offset + p.size; i++) out[i] = bias === "keep" ? theta[i] : 0;
  }
  return out;
}
