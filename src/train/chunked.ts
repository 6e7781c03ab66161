// A many-start trainer that trains its starts in chunks and reports after each, so a
// long basin map or init study can show progress. Starts are independent unless the
// batches are shuffled (then all starts share each epoch's order drawn from rng), so
// only unshuffled runs are split; the result is the same array for array.

import type { ManyResult, ManyTrainer, Starts } from "./many.js";

/** Reports training progress: starts done out of total. */
export type StartsProgress = (done: number, total: number) => void;

export function chunkedTrainer(trainer: ManyTrainer, chunk: number, onProgress: StartsProgress): ManyTrainer {
  if (!(Number.isSafeInteger(chunk) && chunk >= 1)) throw new RangeError(`chunkedTrainer: chunk must be a whole number ≥ 1 (got ${chunk})`);
  return (data, starts, config, options, rng) => {
    const total = starts.w.length;
    onProgress(0, total);
    if (total <= chunk || (config.shuffle && rng)) {
      const r = trainer(data, starts, config, options, rng);
      onProgress(total, total);
      return r;
    }
    const out: ManyResult = {
      finalW: new Float64Array(total),
      finalB: new Float64Array(total),
      finalLoss: new Float64Array(total),
      finalGradNorm: new Float64Array(total),
      accuracy: new Float64Array(total),
      firstEpochReaching: new Int32Array(total),
    };
    for (let a = 0; a < total; a += chunk) {
      const e = Math.min(total, a + chunk);
      const part: Starts = { w: starts.w.subarray(a, e), b: starts.b.subarray(a, e) };
      const r = trainer(data, part, config, options, rng);
      out.finalW.set(r.finalW, a);
      out.finalB.set(r.finalB, a);
      out.finalLoss.set(r.finalLoss, a);
      out.finalGradNorm.set(r.finalGradNorm, a);
      out.accuracy.set(r.accuracy, a);
      out.firstEpochReaching.set(r.firstEpochReaching, a);
      onProgress(e, total);
    }
    return out;
  };
}
