// Serialises basin maps as the `basins` command's JSON or long CSV, in chunks (one per
// row), with the same grid conventions as formats/grid.ts: axes "w" (columns) and "b"
// (rows), each field M rows of N, CSV b-major.

import type { BasinMap } from "../basins/basin-map.js";

export type BasinsFormat = "json" | "csv";
export const BASINS_FORMATS: readonly BasinsFormat[] = ["json", "csv"];

/** Settings shared by every map of one run, echoed in the output. */
export interface BasinsMeta {
  data: string;
  seed: number;
}

type Cell = (m: BasinMap, k: number) => string;

/** Per-loss fields in output order, JSON and CSV cell writers. */
/** JSON has no NaN or ±Infinity (a diverged run, e.g. at a huge --lr): those are null. */
const jsonNum = (v: number): string => (Number.isFinite(v) ? String(v) : "null");

const FIELDS: ReadonlyArray<[key: string, json: Cell, csv: Cell]> = [
  ["finalLoss", (m, k) => jsonNum(m.finalLoss.data[k]), (m, k) => String(m.finalLoss.data[k])],
  ["accuracy", (m, k) => jsonNum(m.accuracy.data[k]), (m, k) => String(m.accuracy.data[k])],
  // JSON null / empty CSV cell = the target was never reached.
  ["firstEpoch", (m, k) => (m.firstEpoch.data[k] < 0 ? "null" : String(m.firstEpoch.data[k])), (m, k) => (m.firstEpoch.data[k] < 0 ? "" : String(m.firstEpoch.data[k]))],
  ["endsFlat", (m, k) => (m.endsFlat.data[k] ? "true" : "false"), (m, k) => String(m.endsFlat.data[k])],
  ["finalGradNorm", (m, k) => jsonNum(m.finalGradNorm.data[k]), (m, k) => String(m.finalGradNorm.data[k])],
  ["finalW", (m, k) => jsonNum(m.finalW.data[k]), (m, k) => String(m.finalW.data[k])],
  ["finalB", (m, k) => jsonNum(m.finalB.data[k]), (m, k) => String(m.finalB.data[k])],
];

const nums = (a: Float64Array): string => Array.from(a, String).join(",");

/** A start no tile trained (merge --allow-missing) has no outcome: null in JSON, an empty CSV cell. */
const skip = (m: BasinMap, k: number): boolean => m.notComputed !== undefined && m.notComputed[k] !== 0;

function settingsJson(maps: BasinMap[], meta: BasinsMeta): string {
  const c = maps[0].config;
  const o = c.optimizerOptions;
  const settings = {
    losses: maps.map((m) => m.loss),
    accuracyTarget: maps[0].accuracyTarget,
    epsilon: maps[0].epsilon,
    optimizer: c.optimizer,
    lr: o.lr,
    ...(c.optimizer === "momentum" ? { momentum: o.momentum } : {}),
    batchSize: c.batchSize,
    epochs: c.epochs,
    shuffle: c.shuffle,
    seed: meta.seed,
    data: meta.data,
  };
  return JSON.stringify(settings).slice(1, -1);
}

/** {"w", "b", settings…, "maps": {"<loss>": {field: M rows of N, …}, …}}. All maps share one grid. */
export function* basinsJsonChunks(maps: BasinMap[], meta: BasinsMeta): Generator<string> {
  if (maps.length === 0) throw new RangeError("basinsJsonChunks: no maps");
  const { w, b } = maps[0];
  const rows = b.length;
  const cols = w.length;
  yield `{"w":[${nums(w)}],"b":[${nums(b)}],${settingsJson(maps, meta)},"maps":{`;
  for (const [mi, m] of maps.entries()) {
    yield `${mi ? "," : ""}${JSON.stringify(m.loss)}:{`;
    for (const [fi, [key, cell]] of FIELDS.entries()) {
      yield `${fi ? "," : ""}${JSON.stringify(key)}:[`;
      for (let i = 0; i < rows; i++) {
        const parts: string[] = [];
        for (let j = 0; j < cols; j++) parts.push(skip(m, i * cols + j) ? "null" : cell(m, i * cols + j));
        yield `${i ? "," : ""}[${parts.join(",")}]`;
      }
      yield "]";
    }
    yield "}";
  }
  yield "}}\n";
}

/** Header loss,w,b,<fields>; one line per (loss, start), losses in order, each b-major. */
export function* basinsCsvChunks(maps: BasinMap[]): Generator<string> {
  yield `loss,w,b,${FIELDS.map((f) => f[0]).join(",")}\n`;
  for (const m of maps) {
    const cols = m.w.length;
    for (let i = 0; i < m.b.length; i++) {
      const lines: string[] = [];
      for (let j = 0; j < cols; j++) {
        const k = i * cols + j;
        lines.push(`${m.loss},${m.w[j]},${m.b[i]},${FIELDS.map((f) => (skip(m, k) ? "" : f[2](m, k))).join(",")}\n`);
      }
      yield lines.join("");
    }
  }
}
