// `basins` as a list of points for tiles and checkpoints: one point per (loss, start),
// the losses one after another and each map's starts b-major, as its CSV lists them.
// Each start trains alone (starts share only the epochs' batch order, drawn afresh from
// the seed for every block), so a tile's outcomes are those of one run to the bit, and the
// library's `basins` (src/api/basins.ts) trains the same starts.
// A diverged run's outcomes may be ±∞ or NaN, which a tile file (JSON) cannot hold: each
// point carries a code of its non-finite fields beside them, and merge restores them.

import { basinMapFromResult, gridStarts, type BasinMap, type BasinOptions } from "../basins/basin-map.js";
import type { Dataset } from "../data/dataset.js";
import { threadedTrainer } from "../fast/many-fast.js";
import { usingKernelPool } from "../fast/pool.js";
import { seededRandom } from "../init/random.js";
import type { LossName } from "../numerics/losses.js";
import type { GridSpec } from "../numerics/grid.js";
import { contentDigest, type Settings } from "./settings-hash.js";
import type { ManyResult } from "../train/many.js";
import type { TrainConfig } from "../train/train.js";
import type { PointEvaluator, PointJob } from "./point-job.js";

const OUTCOMES = ["finalLoss", "accuracy", "firstEpochReaching", "finalGradNorm", "finalW", "finalB"] as const;
/** The tile file's fields: the outcomes, then the code of the non-finite ones. */
export const BASINS_FIELDS = [...OUTCOMES, "nonFinite"];

export interface BasinsContext {
  losses: LossName[];
  spec: GridSpec;
  /** The training config, its loss replaced by each map's. */
  config: TrainConfig;
  options: BasinOptions;
  seed: number;
  data: string;
}

/** What decides an outcome (the runner that writes tile files adds the package version). */
export function basinsSettings(c: BasinsContext, data: Dataset): Settings {
  return {
    data: contentDigest([data.x, data.y]),
    loss: JSON.stringify(c.losses),
    ranges: JSON.stringify(c.spec),
    training: JSON.stringify({ ...c.config, loss: undefined, seed: c.config.shuffle ? c.seed : null }),
    outcome: JSON.stringify(c.options),
  };
}

// Per field, 2 bits: 0 finite, 1 NaN, 2 +∞, 3 −∞ (6 fields: a whole number below 4096).
const codeOf = (v: number): number => (Number.isFinite(v) ? 0 : Number.isNaN(v) ? 1 : v > 0 ? 2 : 3);
const VALUE_OF = [0, NaN, Infinity, -Infinity];

/** Per point, the code of which outcomes (one array per field) are NaN, +∞ or −∞. */
export function nonFiniteCode(outcomes: readonly Float64Array[]): Float64Array {
  const code = new Float64Array(outcomes[0].length);
  outcomes.forEach((v, f) => {
    for (let k = 0; k < v.length; k++) code[k] += codeOf(v[k]) * 4 ** f;
  });
  return code;
}

/** The maps one run builds, from the context and the values (one array per tile field); missing points come back as NaN outcomes, never reaching the target. */
export function basinsMaps(c: BasinsContext, values: readonly Float64Array[]): BasinMap[] {
  const S = c.spec.w.count * c.spec.b.count;
  return c.losses.map((loss, li) => {
    const part = (f: number) => values[f].subarray(li * S, (li + 1) * S);
    const code = part(OUTCOMES.length);
    const r = {} as Record<(typeof OUTCOMES)[number], Float64Array>;
    OUTCOMES.forEach((name, f) => {
      const v = Float64Array.from(part(f));
      for (let k = 0; k < S; k++) {
        const bits = Math.floor(code[k] / 4 ** f) % 4;
        if (bits !== 0) v[k] = VALUE_OF[bits];
      }
      r[name] = v;
    });
    const result: ManyResult = { ...r, firstEpochReaching: Int32Array.from(r.firstEpochReaching, (e) => (Number.isFinite(e) ? e : -1)) };
    return basinMapFromResult(c.spec, { ...c.config, loss }, c.options, result);
  });
}

/** Starts trained per block (one line of the tile file each). */
export const BASINS_BLOCK = 16_384;

/** Trains a range of the job's starts (losses one after another, each b-major), block by block, on a kernel pool of its own. */
export function basinsEvaluator(c: BasinsContext, data: Dataset, onProgress: (done: number, total: number) => void): PointEvaluator {
  const S = c.spec.w.count * c.spec.b.count;
  const starts = gridStarts(c.spec);
  return async (range, onBlock, shouldStop) => {
    if (range.end <= range.start) return;
    await usingKernelPool(async (pool) => {
      const trainer = threadedTrainer({ pool });
      for (let p = range.start; p < range.end; ) {
        if (shouldStop()) return;
        const li = Math.floor(p / S);
        const e = Math.min(range.end, (li + 1) * S, p + BASINS_BLOCK);
        const a = p - li * S, b = e - li * S;
        // Every block draws the epochs' orders afresh from the seed: the run's own orders.
        const rng = c.config.shuffle ? seededRandom(c.seed) : null;
        const r = trainer(data, { w: starts.w.subarray(a, b), b: starts.b.subarray(a, b) }, { ...c.config, loss: c.losses[li] }, { accuracyTarget: c.options.accuracyTarget }, rng);
        const out = OUTCOMES.map((name) => Float64Array.from(r[name]));
        onBlock(p, [...out, nonFiniteCode(out)]);
        onProgress(e - range.start, range.end - range.start);
        p = e;
        await new Promise((res) => setImmediate(res));
      }
    });
  };
}

export function basinsPointJob(c: BasinsContext, data: Dataset, settings: Settings, onProgress: (done: number, total: number) => void): PointJob {
  const total = c.spec.w.count * c.spec.b.count * c.losses.length;
  return { command: "basins", total, fields: BASINS_FIELDS, settings, context: c, evaluate: basinsEvaluator(c, data, onProgress) };
}
