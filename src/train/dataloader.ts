// PyTorch DataLoader semantics for one epoch: batches of `batchSize` taken in order,
// the last partial batch kept (drop_last=False); with shuffle, a fresh permutation
// each epoch. Our permutation is a seeded Fisher–Yates, not torch.randperm, so shuffled
// runs are reproducible here but do not replay PyTorch's random stream.

import type { Dataset } from "../data/dataset.js";
import type { Random } from "../init/random.js";

/** Batch boundaries [start, end) over n samples. */
export function batchBounds(n: number, batchSize: number): Array<[start: number, end: number]> {
  const out: Array<[number, number]> = [];
  for (let s = 0; s < n; s += batchSize) out.push([s, Math.min(n, s + batchSize)]);
  return out;
}

/** Sample order for one epoch: identity, or a Fisher–Yates shuffle drawn from rng. */
export function epochOrder(n: number, shuffle: boolean, rng: Random | null): Uint32Array {
  const order = new Uint32Array(n);
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past a typed array (reads give undefined, writes are dropped), so no result changes
  for (let i = 0; i < n; i++) order[i] = i;
  if (shuffle) {
    if (!rng) throw new Error("epochOrder: shuffle needs a seeded Random");
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
  return order;
}

/** A DataLoader over `data`: each epoch() call yields that epoch's batches in order. */
export interface DataLoader {
  /** Batches per epoch: ceil(n / batchSize). */
  steps: number;
  epoch(): Iterable<Dataset>;
}

/**
 * With shuffle, batches are views into one reordered copy of the data, refilled each
 * epoch, so an epoch costs n copies and no per-sample objects. Each batch's view is made as it is
 * yielded, so millions of rows at batch size 1 never hold millions of batch objects.
 */
export function makeDataLoader(data: Dataset, batchSize: number, shuffle: boolean, rng: Random | null): DataLoader {
  const n = data.x.length;
  // In order, the batches are views of the data itself: no copy of a large data set.
  const bx = shuffle ? new Float64Array(n) : data.x;
  const by = shuffle ? new Float64Array(n) : data.y;
  return {
    steps: Math.ceil(n / batchSize),
    *epoch() {
      if (shuffle) {
        const order = epochOrder(n, shuffle, rng);
        // Stryker disable next-line EqualityOperator: <= for < only touches one element past a typed array (reads give undefined, writes are dropped), so no result changes
        for (let i = 0; i < n; i++) {
          bx[i] = data.x[order[i]];
          by[i] = data.y[order[i]];
        }
      }
      for (let s = 0; s < n; s += batchSize) {
        const t = Math.min(n, s + batchSize);
        yield { x: bx.subarray(s, t), y: by.subarray(s, t), source: data.source };
      }
    },
  };
}
