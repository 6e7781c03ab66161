// Permutations of an MLP's hidden units: the symmetry that leaves its function unchanged.
// perms[l] belongs to hidden layer l: unit i of the permuted network is unit perms[l][i]
// of the original, so layer l's weight rows and bias and layer l+1's weight columns are
// reordered together (W'_l[i][k] = W_l[π_l(i)][π_{l−1}(k)], b'_l[i] = b_l[π_l(i)]).

import { layerShapes, type Architecture } from "../nn/architecture.js";

export function identityPermutations(arch: Architecture): Int32Array[] {
  return arch.hidden.map((w) => Int32Array.from({ length: w }, (_, i) => i));
}

export function checkPermutations(arch: Architecture, perms: readonly Int32Array[]): void {
  if (perms.length !== arch.hidden.length) throw new RangeError(`${perms.length} permutations for ${arch.hidden.length} hidden layers`);
  perms.forEach((p, l) => {
    const seen = new Uint8Array(arch.hidden[l]);
    if (p.length !== arch.hidden[l]) throw new RangeError(`layer ${l}: permutation of ${p.length} for width ${arch.hidden[l]}`);
    for (const j of p) {
      if (!(j >= 0 && j < p.length) || seen[j]) throw new RangeError(`layer ${l}: not a permutation`);
      seen[j] = 1;
    }
  });
}

/** θ with its hidden units permuted by perms. */
export function permuteHidden(arch: Architecture, theta: Float64Array, perms: readonly Int32Array[]): Float64Array {
  checkPermutations(arch, perms);
  const shapes = layerShapes(arch);
  const out = new Float64Array(theta.length);
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
