// The per-sample terms at one point (w, b), for the saturation figure and its claims:
// computed from the data when iterated, so the study keeps no per-sample copy.

import type { Dataset } from "../data/dataset.js";
import { sampleTerms, TERM_SLOTS, type LossName } from "../numerics/losses.js";

/** One sample's terms at the bad start, for the saturation figure. */
export interface SampleRow {
  x: number;
  y: number;
  z: number;
  p: number;
  /** dℓ/dz of each loss; the sample adds (dℓ/dz)/n · (x, 1) to ∇L. */
  dldz: Record<LossName, number>;
}

/** Every sample's row at `at`, in data order; iterating computes the rows afresh. */
export class SampleTable implements Iterable<SampleRow> {
  constructor(
    private readonly data: Dataset,
    readonly at: [number, number],
  ) {}

  get length(): number {
    return this.data.x.length;
  }

  /** Per-sample logit, prediction and dℓ/dz for both losses. */
  *[Symbol.iterator](): Iterator<SampleRow> {
    const t = new Float64Array(TERM_SLOTS);
    const [w, b] = this.at;
    const { x, y } = this.data;
    for (let i = 0; i < x.length; i++) {
      const z = w * x[i] + b;
      sampleTerms("mse", z, y[i], t);
      const mse = t[1];
      const p = t[3];
      sampleTerms("bce", z, y[i], t);
      yield { x: x[i], y: y[i], z, p, dldz: { mse, bce: t[1] } };
    }
  }
}
