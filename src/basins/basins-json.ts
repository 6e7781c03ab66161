// Basin maps as the plain data of `basins --format json` (the library's `basins` result and
// the formats' input): each field M rows (b) of N columns (w). A start that was not trained
// (tiles merged with some missing) is null in every field; a diverged run's outcomes stay
// NaN or ±∞ (the JSON writes null, the CSV the number).

import type { BasinsJson, BasinsMapJson } from "../formats/basins.js";
import type { BasinMap } from "./basin-map.js";

function rows<T>(m: BasinMap, at: (k: number) => T): Array<Array<T | null>> {
  const cols = m.w.length;
  return Array.from({ length: m.b.length }, (_, i) =>
    Array.from({ length: cols }, (_, j) => {
      const k = i * cols + j;
      return m.notComputed !== undefined && m.notComputed[k] !== 0 ? null : at(k);
    }),
  );
}

function mapJson(m: BasinMap): BasinsMapJson {
  const num = (f: { data: ArrayLike<number> }) => rows(m, (k) => f.data[k]!);
  return {
    finalLoss: num(m.finalLoss),
    accuracy: num(m.accuracy),
    firstEpoch: rows(m, (k) => (m.firstEpoch.data[k]! < 0 ? null : m.firstEpoch.data[k]!)),
    endsFlat: rows(m, (k) => m.endsFlat.data[k] !== 0),
    finalGradNorm: num(m.finalGradNorm),
    finalW: num(m.finalW),
    finalB: num(m.finalB),
  };
}

/** The maps of one run (all on one grid, one per loss) with the run's data source and shuffle seed. */
export function basinsJsonOf(maps: readonly BasinMap[], meta: { data: string; seed: number }): BasinsJson {
  const first = maps[0];
  if (first === undefined) throw new RangeError("basinsJsonOf: no maps");
  const c = first.config;
  const o = c.optimizerOptions;
  return {
    w: Array.from(first.w),
    b: Array.from(first.b),
    losses: maps.map((m) => m.loss),
    accuracyTarget: first.accuracyTarget,
    epsilon: first.epsilon,
    optimizer: c.optimizer,
    lr: o.lr,
    ...(c.optimizer === "momentum" ? { momentum: o.momentum } : {}),
    batchSize: c.batchSize,
    epochs: c.epochs,
    shuffle: c.shuffle,
    seed: meta.seed,
    data: meta.data,
    maps: Object.fromEntries(maps.map((m) => [m.loss, mapJson(m)])),
  };
}
