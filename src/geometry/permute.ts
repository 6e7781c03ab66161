// Permutations of an MLP's hidden units: the symmetry that leaves its function unchanged.
// perms[l] belongs to hidden layer l: unit i of the permuted network is unit perms[l][i]
// of the original, so layer l's weight rows and bias and layer l+1's weight columns are
// reordered together (W'_l[i][k] = W_l[π_l(i)][π_{l−1}(k)], b'_l[i] = b_l[π_l(i)]).

import { layerShapes, type Architecture, type LayerShape } from "../nn/architecture.js";

/** An MLP's architecture, or the layout of any chain of fully connected layers (W [out, in] row-major, b [out]). */
export type Layers = Architecture | readonly LayerShape[];

export function shapesOf(layers: Layers): readonly LayerShape[] {
  return "inputs" in layers ? layerShapes(layers) : layers;
}

/** Widths of the hidden layers (every layer's output but the last). */
export function hiddenWidths(layers: Layers): number[] {
  return "inputs" in layers ? [...layers.hidden] : layers.slice(0, -1).map((s) => s.fanOut);
}

export function identityPermutations(layers: Layers): Int32Array[] {
  return hiddenWidths(layers).map((w) => Int32Array.from({ length: w }, (_, i) => i));
}

export function checkPermutations(layers: Layers, perms: readonly Int32Array[]): void {
  const hidden = hiddenWidths(layers);
  if (perms.length !== hidden.length) throw new RangeError(`${perms.length} permutations for ${hidden.length} hidden layers`);
  perms.forEach((p, l) => {
    const seen = new Uint8Array(hidden[l]);
    if (p.length !== hidden[l]) throw new RangeError(`layer ${l}: permutation of ${p.length} for width ${hidden[l]}`);
    for (const j of p) {
      if (!(j >= 0 && j < p.length) || seen[j]) throw new RangeError(`layer ${l}: not a permutation`);
      seen[j] = 1;
    }
  });
}

/** θ with its hidden units permuted by perms. */
export function permuteHidden(layers: Layers, theta: Float64Array, perms: readonly Int32Array[]): Float64Array {
  checkPermutations(layers, perms);
  const shapes = shapesOf(layers);
  // Entries outside the layers (none for an MLP) are kept as they are.
  const out = Float64Array.from(theta);
  shapes.forEach((s, l) => {
    const rows = l < perms.length ? perms[l] : null;
    const cols = l > 0 ? perms[l - 1] : null;
    for (let i = 0; i < s.fanOut; i++) {
      const src = rows ? rows[i] : i;
      for (let k = 0; k < s.fanIn; k++) out[s.weightOffset + i * s.fanIn + k] = theta[s.weightOffset + src * s.fanIn + (cols ? cols[k] : k)];
      out[s.biasOffset + i] = theta[s.biasOffset + src];
    }
  });
  return out;
}

/** The inverse permutation. */
export function invertPermutation(p: Int32Array): Int32Array {
  const q = new Int32Array(p.length);
  for (let i = 0; i < p.length; i++) q[p[i]] = i;
  return q;
}
