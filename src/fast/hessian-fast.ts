// The dense Hessian of an MLP's mean loss on the kernel's curvature engine, column by
// column with the structure of the unit vectors e_j spelled out (the R-operator of
// ../nn/hvp.ts with v = e_j). For θ_j a weight (o, k) or bias o of layer m:
//   R{z_l} = 0 below m;  R{z_m} = a_{m−1}[:, k] (or 1) in column o only;  R{a_m} = f′ ⊙ R{z_m};
//   R{z_{m+1}} = R{a_m}[:, o] ⊗ W_{m+1}[:, o] (an outer product, no matrix product);
//   above, R{z_l} = R{a_{l−1}}·W_lᵀ as in H·v, and R-backward down to layer m only:
// the rows of column j in layers below m are H's entries (j, i) for i below m, which
// column i holds (H is symmetric), so they are copied rather than computed. Each column's
// work is then the matrix products of the layers from m up: layer m's weight block
// Σ_i R{δ_m,i}ᵀ a_{m−1,i} (the Gauss–Newton core, a product of n-long sums per entry) and
// the products above it. Entries computed twice (both in one layer) are averaged, as the
// reference's (H + Hᵀ)/2.

import { backRDelta, F64, outputRDelta, readLayer, type CurvatureCore } from "./curvature-core.js";

/** The row-major P × P Hessian at the θ of the core's forward state. */
export function denseHessianColumns(core: CurvatureCore, onColumn?: (fraction: number) => void): Float64Array {
  const { layers, n, rows, mm, view, P } = core;
  const L = layers.length;
  const H = new Float64Array(P * P);
  const layerOf = new Int32Array(P);
  let done = 0;
  for (let m = 0; m < L; m++) {
    const ly = layers[m], { fanIn: a, fanOut: fo, weightOffset: wo } = ly.s;
    const hidden = m < L - 1;
    const size = rows * ly.outP;
    const rz = view(ly.rz, size), ra = hidden ? view(ly.ra, size) : null, f1 = hidden ? view(ly.f1, size) : null;
    rz.fill(0);
    ra?.fill(0);
    const input = view(core.inputOf(m), rows * ly.inP);
    for (let j = wo; j < wo + fo * (a + 1); j++) {
      layerOf[j] = m;
      const bias = j >= ly.s.biasOffset;
      const o = bias ? j - ly.s.biasOffset : Math.floor((j - wo) / a), k = bias ? -1 : (j - wo) % a;
      for (let i = 0; i < n; i++) {
        const t = i * ly.outP + o;
        rz[t] = bias ? 1 : input[i * ly.inP + k];
        if (ra && f1) ra[t] = f1[t] * rz[t];
      }
      forwardFrom(core, m, o);
      outputRDelta(core);
      for (let l = L - 1; l >= m; l--) {
        const up = layers[l];
        core.sampleSum(up.rdelta, up.outP, core.inputOf(l), up.inP, up.hw, false);
        if (l - 1 > m) core.sampleSum(up.delta, up.outP, layers[l - 1].ra, up.inP, up.hw, true);
        else if (l - 1 === m && ra) {
          // δ_lᵀ R{a_m} with R{a_m} nonzero in column o only: one column of the block.
          const hw = view(up.hw, up.outP * up.inP), dl = view(up.delta, rows * up.outP);
          for (let i = 0; i < n; i++) {
            const t = ra[i * ly.outP + o];
            for (let p = 0; p < up.s.fanOut; p++) hw[p * up.inP + o] += dl[i * up.outP + p] * t;
          }
        }
        readLayer(core, l, (r, value) => (H[r * P + j] = value));
        if (l > m) {
          const fo2 = up.s.fanOut;
          mm(up.rdelta, up.outP * F64, F64, fo2, up.wp, 32, 32 * fo2, rows, up.inP, layers[l - 1].rdelta, up.inP * F64, 2, 0);
          backRDelta(core, l - 1);
        }
      }
      for (let i = 0; i < n; i++) {
        const t = i * ly.outP + o;
        rz[t] = 0;
        if (ra) ra[t] = 0;
      }
      onColumn?.(++done / P);
    }
  }
  // Rows below a column's layer from the transposed entries; both halves within a layer averaged.
  for (let j = 0; j < P; j++) {
    for (let i = 0; i < j; i++) {
      if (layerOf[i] === layerOf[j]) {
        const s = (H[j * P + i] + H[i * P + j]) / 2;
        H[j * P + i] = s;
        H[i * P + j] = s;
      } else H[i * P + j] = H[j * P + i];
    }
  }
  return H;
}

/** R-forward of a unit vector of layer m (R{z_m}, R{a_m} set, nonzero in column o) through the layers above. */
function forwardFrom(core: CurvatureCore, m: number, o: number): void {
  const { layers, n, rows, mm, view } = core;
  const L = layers.length;
  for (let l = m + 1; l < L; l++) {
    const ly = layers[l], prev = layers[l - 1], a = ly.s.fanIn;
    const size = rows * ly.outP;
    const rz = view(ly.rz, size);
    if (l === m + 1) {
      // R{a_m}[:, o] ⊗ W_l[:, o]: W_l[p, o] sits at entry 4·(a·(p/4) + o) + p mod 4 of the a·Wᵀ panels.
      const ram = view(prev.ra, rows * prev.outP), wt = view(ly.wt, a * ly.outP);
      for (let i = 0; i < n; i++) {
        const t = ram[i * prev.outP + o];
        for (let p = 0; p < ly.s.fanOut; p++) rz[i * ly.outP + p] = t * wt[4 * (a * (p >> 2) + o) + (p & 3)];
      }
    } else mm(prev.ra, ly.inP * F64, F64, a, ly.wt, 32, 32 * a, rows, ly.outP, ly.rz, ly.outP * F64, 2, 0);
    if (l < L - 1) core.mul(ly.ra, ly.f1, ly.rz, size);
  }
}
