// Git Re-Basin (Ainsworth, Hayase & Srinivasa 2023): permute B's hidden units to match A's.
//   weights      weight matching: maximize Σ_l ⟨W^A_l, W'^B_l⟩ + ⟨b^A_l, b'^B_l⟩ over the
//                permutations, one layer at a time with the others fixed (each step a linear
//                assignment of the profit S_l = W^A_l P_{l−1} W^Bᵀ_l + b^A b^Bᵀ + W^Aᵀ_{l+1} P_{l+1} W^B_{l+1}),
//                the layers in a seeded random order, until a whole sweep changes nothing.
//                It starts from a forward pass that matches each layer on its incoming
//                weights and bias alone, given the previous layer's match: for a permuted
//                copy that pass is already exact (Σ_i ⟨x_i, x_π(i)⟩ ≤ Σ_i ‖x_i‖², with
//                equality only at the true π when the rows x_i are distinct), where the
//                identity start of Ainsworth et al. can stop at a coordinate-wise optimum.
//   activations  activation matching: per hidden layer, the assignment maximizing the sum
//                of correlations (over the data) between A's unit i and B's unit π(i).
// Both leave B's function unchanged (permute.ts), so only the path between A and B moves.

import { seededRandom } from "../init/random.js";
import type { Architecture } from "../nn/architecture.js";
import { forward } from "../nn/forward.js";
import type { Table } from "../nn/table.js";
import type { LossName } from "../numerics/losses.js";
import { assignmentProfit, maximizeAssignment } from "./assignment.js";
import { hiddenWidths, identityPermutations, permuteHidden, shapesOf, type Layers } from "./permute.js";

export type AlignMethod = "weights" | "activations";

export interface Alignment {
  method: AlignMethod;
  /** perms[l][i]: B's unit that becomes unit i of hidden layer l. */
  perms: Int32Array[];
  /** B with its hidden units permuted. */
  aligned: Float64Array;
  /** weights: full sweeps over the layers taken (the last one changed nothing); activations: 1. */
  sweeps: number;
  /** weights: Σ⟨θ_A, θ_B⟩ layerwise before and after; activations: summed correlations before and after. */
  before: number;
  after: number;
  /** Hidden units moved per layer. */
  moved: number[];
}

const MAX_SWEEPS = 1000;

/** S_l for weight matching with every other layer's permutation fixed (row-major w × w). */
function weightProfit(layers: Layers, a: Float64Array, b: Float64Array, perms: Int32Array[], l: number, incomingOnly = false): Float64Array {
  const shapes = shapesOf(layers);
  const s = shapes[l], next = shapes[l + 1];
  const w = s.fanOut;
  const prev = l > 0 ? perms[l - 1] : null;
  const after = l + 1 < perms.length ? perms[l + 1] : null;
  const S = new Float64Array(w * w);
  for (let i = 0; i < w; i++) {
    for (let j = 0; j < w; j++) {
      let acc = a[s.biasOffset + i] * b[s.biasOffset + j];
      for (let k = 0; k < s.fanIn; k++) acc += a[s.weightOffset + i * s.fanIn + k] * b[s.weightOffset + j * s.fanIn + (prev ? prev[k] : k)];
      if (!incomingOnly) for (let o = 0; o < next.fanOut; o++) acc += a[next.weightOffset + o * w + i] * b[next.weightOffset + (after ? after[o] : o) * w + j];
      S[i * w + j] = acc;
    }
  }
  return S;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function movedCount(perms: Int32Array[]): number[] {
  return perms.map((p) => p.reduce((n, j, i) => n + (j === i ? 0 : 1), 0));
}

/** Weight matching of an MLP, or of any chain of fully connected layers given by its layout (permute.ts's Layers). */
export function weightMatching(arch: Layers, a: Float64Array, b: Float64Array, seed: number): Alignment {
  if (a.length !== b.length) throw new RangeError(`A has ${a.length} parameters, B ${b.length}`);
  const hidden = hiddenWidths(arch);
  const perms = identityPermutations(arch);
  const H = perms.length;
  const rng = seededRandom(seed);
  const before = dot(a, b);
  for (let l = 0; l < H; l++) perms[l] = maximizeAssignment(weightProfit(arch, a, b, perms, l, true), hidden[l]);
  let sweeps = 0;
  for (let changed = H > 0; changed && sweeps < MAX_SWEEPS; ) {
    changed = false;
    sweeps++;
    const order = Array.from({ length: H }, (_, i) => i);
    for (let i = H - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const l of order) {
      const w = hidden[l];
      const S = weightProfit(arch, a, b, perms, l);
      const next = maximizeAssignment(S, w);
      const old = assignmentProfit(S, w, perms[l]);
      const gain = assignmentProfit(S, w, next) - old;
      // Only a strict gain counts: ties between optimal assignments must not cycle.
      if (gain > 1e-12 * Math.max(1, Math.abs(old))) {
        perms[l] = next;
        changed = true;
      }
    }
  }
  const aligned = permuteHidden(arch, b, perms);
  return { method: "weights", perms, aligned, sweeps, before, after: dot(a, aligned), moved: movedCount(perms) };
}

/** Pearson correlations of A's units (rows) with B's units (columns) over n samples; 0 where a unit is constant. */
export function unitCorrelations(za: Float64Array, zb: Float64Array, n: number, w: number): Float64Array {
  const stats = (z: Float64Array) => {
    const mean = new Float64Array(w), sd = new Float64Array(w);
    for (let s = 0; s < n; s++) for (let i = 0; i < w; i++) mean[i] += z[s * w + i];
    for (let i = 0; i < w; i++) mean[i] /= n;
    for (let s = 0; s < n; s++) for (let i = 0; i < w; i++) sd[i] += (z[s * w + i] - mean[i]) ** 2;
    for (let i = 0; i < w; i++) sd[i] = Math.sqrt(sd[i] / n);
    return { mean, sd };
  };
  const A = stats(za), B = stats(zb);
  const C = new Float64Array(w * w);
  for (let s = 0; s < n; s++) {
    for (let i = 0; i < w; i++) {
      const da = za[s * w + i] - A.mean[i];
      if (da === 0) continue;
      for (let j = 0; j < w; j++) C[i * w + j] += da * (zb[s * w + j] - B.mean[j]);
    }
  }
  for (let i = 0; i < w; i++) {
    for (let j = 0; j < w; j++) {
      const d = A.sd[i] * B.sd[j] * n;
      C[i * w + j] = d > 0 ? C[i * w + j] / d : 0;
    }
  }
  return C;
}

export function activationMatching(arch: Architecture, a: Float64Array, b: Float64Array, data: Table, loss: LossName): Alignment {
  if (a.length !== b.length) throw new RangeError(`A has ${a.length} parameters, B ${b.length}`);
  const pa = forward(arch, a, data, loss), pb = forward(arch, b, data, loss);
  const n = pa.n;
  let before = 0, after = 0;
  const perms = arch.hidden.map((w, l) => {
    const C = unitCorrelations(pa.a[l], pb.a[l], n, w);
    const pi = maximizeAssignment(C, w);
    for (let i = 0; i < w; i++) before += C[i * w + i];
    after += assignmentProfit(C, w, pi);
    return pi;
  });
  return { method: "activations", perms, aligned: permuteHidden(arch, b, perms), sweeps: 1, before, after, moved: movedCount(perms) };
}
