// Direction normalization as in Li et al. 2018, "Visualizing the Loss Landscape of
// Neural Nets" §4, and their code (net_plotter.py, normalize_direction and
// normalize_directions_for_weights). A random direction d is rescaled so its scale
// matches θ*'s, which removes the scale invariance that makes unnormalized slices of
// networks with different weight norms incomparable:
//   filter: every output row r of every weight matrix, d_r ← d_r · ‖θ_r‖ / (‖d_r‖ + 1e-10)
//           (a row of an nn.Linear weight is one unit's filter);
//   layer:  every weight matrix W, d_W ← d_W · ‖θ_W‖ / ‖d_W‖ (no 1e-10, as their code);
//   model:  all weight matrices together, d_W ← d_W · ‖θ_W‖ / ‖d_W‖;
//   none:   weights untouched.
// Norms are over weight entries only: in their code 1-D tensors (biases) never enter a
// norm but follow the bias rule instead:
//   zero: d_b ← 0 (their --xignore biasbn, the README's examples);
//   keep: d_b ← θ*_b (their code's default: "keep directions for weights/bias that are
//         only 1 per node" copies the weights' values, d.copy_(w)).

import { layerShapes, parameterCount, type Architecture } from "../nn/architecture.js";

export type Normalization = "filter" | "layer" | "model" | "none";
export const NORMALIZATIONS: readonly Normalization[] = ["filter", "layer", "model", "none"];
export type BiasRule = "zero" | "keep";
export const BIAS_RULES: readonly BiasRule[] = ["zero", "keep"];

function sumSquares(v: Float64Array, start: number, end: number): number {
  let s = 0;
  for (let i = start; i < end; i++) s += v[i] * v[i];
  return s;
}

function scaleRange(v: Float64Array, start: number, end: number, c: number): void {
  for (let i = start; i < end; i++) v[i] *= c;
}

/** A normalized copy of direction d for the center θ. Throws RangeError for a direction that is zero where it must be scaled. */
export function normalizeDirection(arch: Architecture, theta: Float64Array, d: Float64Array, normalization: Normalization, bias: BiasRule): Float64Array {
  const P = parameterCount(arch);
  if (theta.length !== P || d.length !== P) throw new RangeError(`direction has ${d.length} entries and θ ${theta.length}; the architecture has ${P}`);
  const out = Float64Array.from(d);
  const shapes = layerShapes(arch);
  if (normalization === "filter") {
    for (const s of shapes) {
      for (let o = 0; o < s.fanOut; o++) {
        const a = s.weightOffset + o * s.fanIn, b = a + s.fanIn;
        scaleRange(out, a, b, Math.sqrt(sumSquares(theta, a, b)) / (Math.sqrt(sumSquares(out, a, b)) + 1e-10));
      }
    }
  } else if (normalization === "layer") {
    for (const s of shapes) {
      const dn = Math.sqrt(sumSquares(out, s.weightOffset, s.biasOffset));
      if (!(dn > 0)) throw new RangeError(`direction is zero on layers.${s.index}.weight, so layer normalization is undefined`);
      scaleRange(out, s.weightOffset, s.biasOffset, Math.sqrt(sumSquares(theta, s.weightOffset, s.biasOffset)) / dn);
    }
  } else if (normalization === "model") {
    let dn = 0, tn = 0;
    for (const s of shapes) {
      dn += sumSquares(out, s.weightOffset, s.biasOffset);
      tn += sumSquares(theta, s.weightOffset, s.biasOffset);
    }
    if (!(dn > 0)) throw new RangeError("direction is zero on every weight, so model normalization is undefined");
    const c = Math.sqrt(tn) / Math.sqrt(dn);
    for (const s of shapes) scaleRange(out, s.weightOffset, s.biasOffset, c);
  }
  for (const s of shapes) {
    for (let o = 0; o < s.fanOut; o++) out[s.biasOffset + o] = bias === "zero" ? 0 : theta[s.biasOffset + o];
  }
  return out;
}
