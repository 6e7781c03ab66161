// Serialises the `basins` command's result (plain data, the library's `basins` result) as its
// JSON or long CSV, in chunks (one per row), with the same grid conventions as
// formats/grid.ts: axes "w" (columns) and "b" (rows), each field M rows of N, CSV b-major.

export type BasinsFormat = "json" | "csv";
export const BASINS_FORMATS: readonly BasinsFormat[] = ["json", "csv"];

/** A map's cells: a number, or null where no tile trained the start (merge --allow-missing). */
type Cells<T> = ReadonlyArray<ReadonlyArray<T | null>>;

/**
 * One loss's map as plain data. A diverged run's outcomes stay NaN or ±∞ here: JSON writes
 * them as null (as JSON.stringify does), the CSV as NaN, Infinity or -Infinity.
 */
export interface BasinsMapJson {
  finalLoss: Cells<number>;
  accuracy: Cells<number>;
  /** 0-based epoch whose end first reaches the target; null = never. */
  firstEpoch: Cells<number>;
  endsFlat: Cells<boolean>;
  finalGradNorm: Cells<number>;
  finalW: Cells<number>;
  finalB: Cells<number>;
}

/** `basins --format json` as plain data, keys in the file's order. */
export interface BasinsJson {
  w: readonly number[];
  b: readonly number[];
  losses: readonly string[];
  accuracyTarget: number;
  epsilon: number;
  optimizer: string;
  lr: number;
  /** Only with the momentum optimizer. */
  momentum?: number;
  batchSize: number;
  epochs: number;
  shuffle: boolean;
  seed: number;
  data: string;
  maps: Readonly<Partial<Record<string, BasinsMapJson>>>;
}

/** Per-loss fields in output order. */
const FIELDS = ["finalLoss", "accuracy", "firstEpoch", "endsFlat", "finalGradNorm", "finalW", "finalB"] as const;

/** JSON has no NaN or ±Infinity (a diverged run, e.g. at a huge --lr): those are null, as is a start not trained. */
const jsonCell = (v: number | boolean | null): string => (v === null || (typeof v === "number" && !Number.isFinite(v)) ? "null" : String(v));
/** CSV: an empty cell for a start not trained (and for a target never reached); endsFlat 1/0. */
const csvCell = (v: number | boolean | null): string => (v === null ? "" : typeof v === "boolean" ? (v ? "1" : "0") : String(v));

const nums = (a: readonly number[]): string => a.map(String).join(",");

function mapsOf(r: BasinsJson): Array<[string, BasinsMapJson]> {
  const maps = r.losses.map((loss) => [loss, r.maps[loss]] as [string, BasinsMapJson | undefined]);
  if (maps.length === 0) throw new RangeError("basins: no maps");
  for (const [loss, m] of maps) if (m === undefined) throw new RangeError(`basins: no map of ${loss}`);
  return maps as Array<[string, BasinsMapJson]>;
}

/** {"w", "b", settings…, "maps": {"<loss>": {field: M rows of N, …}, …}}: JSON.stringify(r) + "\n", in chunks. */
export function* basinsJsonChunks(r: BasinsJson): Generator<string> {
  const maps = mapsOf(r);
  const settings = {
    losses: r.losses,
    accuracyTarget: r.accuracyTarget,
    epsilon: r.epsilon,
    optimizer: r.optimizer,
    lr: r.lr,
    ...(r.momentum !== undefined ? { momentum: r.momentum } : {}),
    batchSize: r.batchSize,
    epochs: r.epochs,
    shuffle: r.shuffle,
    seed: r.seed,
    data: r.data,
  };
  yield `{"w":[${nums(r.w)}],"b":[${nums(r.b)}],${JSON.stringify(settings).slice(1, -1)},"maps":{`;
  for (const [mi, [loss, m]] of maps.entries()) {
    yield `${mi ? "," : ""}${JSON.stringify(loss)}:{`;
    for (const [fi, key] of FIELDS.entries()) {
      yield `${fi ? "," : ""}${JSON.stringify(key)}:[`;
      const rows = m[key];
      for (let i = 0; i < r.b.length; i++) yield `${i ? "," : ""}[${Array.from(rows[i]!, jsonCell).join(",")}]`;
      yield "]";
    }
    yield "}";
  }
  yield "}}\n";
}

/** Header loss,w,b,<fields>; one line per (loss, start), losses in order, each b-major. */
export function* basinsCsvChunks(r: BasinsJson): Generator<string> {
  yield `loss,w,b,${FIELDS.join(",")}\n`;
  for (const [loss, m] of mapsOf(r)) {
    for (let i = 0; i < r.b.length; i++) {
      const lines: string[] = [];
      for (let j = 0; j < r.w.length; j++) lines.push(`${loss},${r.w[j]},${r.b[i]},${FIELDS.map((key) => csvCell(m[key][i]![j]!)).join(",")}\n`);
      yield lines.join("");
    }
  }
}
