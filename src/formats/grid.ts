// The `grid` command's JSON and long CSV. Writers serialise a GridResult in chunks (one
// per row) so a 4096² grid never needs one giant string; readers give the same plain data
// back (NaN where a merge left a point out), so a file read and written again is the
// same bytes.

import ndarray from "ndarray";
import { isLossName } from "../numerics/losses.js";
import { MAX_GRID_POINTS, type Field, type GridResult } from "../numerics/grid.js";
import { cellOf, csvLines, matrixOf, objectOf, parseBoundedJson, vectorOf } from "./read-json.js";

/** What the formats hold: any GridResult, or a loss-and-gradient-only grid. */
export type GridFields = Pick<GridResult, "loss" | "w" | "b"> & { fields: Pick<GridResult["fields"], "loss" | "gradW" | "gradB" | "gradNorm"> };
/** A grid read from CSV, which does not name the loss. */
export type GridCsvFields = Omit<GridFields, "loss">;

export type GridFormat = "json" | "csv";
export const GRID_FORMATS: readonly GridFormat[] = ["json", "csv"];

/** Fields written by `grid`, with their JSON keys; "values" is the loss. */
const JSON_FIELDS = [
  ["values", "loss"],
  ["gradW", "gradW"],
  ["gradB", "gradB"],
  ["gradNorm", "gradNorm"],
] as const;

/** `grid --format json` as plain data (the library's `grid` result); null marks a point no tile computed. */
export interface GridJson {
  loss: GridFields["loss"];
  w: readonly number[];
  b: readonly number[];
  values: ReadonlyArray<ReadonlyArray<number | null>>;
  gradW: ReadonlyArray<ReadonlyArray<number | null>>;
  gradB: ReadonlyArray<ReadonlyArray<number | null>>;
  gradNorm: ReadonlyArray<ReadonlyArray<number | null>>;
}

// One run's values are all finite (the command refuses anything else); NaN or null marks a
// point no tile computed (merge --allow-missing): null in JSON, an empty cell in CSV.
const json = (v: number | null): string => (v === null || Number.isNaN(v) ? "null" : String(v));
const cell = (v: number | null): string => (v === null || Number.isNaN(v) ? "" : String(v));

/** Row i of each field, as the writers read it: the ndarrays' or the plain rows'. */
type RowOf = (key: (typeof JSON_FIELDS)[number][0], i: number) => ArrayLike<number | null>;

function* jsonChunks(loss: string, w: ArrayLike<number>, b: ArrayLike<number>, rowOf: RowOf): Generator<string> {
  yield `{"loss":${JSON.stringify(loss)},"w":[${Array.from(w, String).join(",")}],"b":[${Array.from(b, String).join(",")}]`;
  for (const [key] of JSON_FIELDS) {
    yield `,${JSON.stringify(key)}:[`;
    for (let i = 0; i < b.length; i++) yield `${i ? "," : ""}[${Array.from(rowOf(key, i), json).join(",")}]`;
    yield "]";
  }
  yield "}\n";
}

function* csvChunks(w: ArrayLike<number>, b: ArrayLike<number>, rowOf: RowOf): Generator<string> {
  yield "w,b,loss,gradW,gradB,gradNorm\n";
  for (let i = 0; i < b.length; i++) {
    const [loss, gradW, gradB, gradNorm] = JSON_FIELDS.map(([key]) => rowOf(key, i)) as [ArrayLike<number | null>, ArrayLike<number | null>, ArrayLike<number | null>, ArrayLike<number | null>];
    const lines: string[] = [];
    for (let j = 0; j < w.length; j++) lines.push(`${w[j]},${b[i]},${cell(loss[j]!)},${cell(gradW[j]!)},${cell(gradB[j]!)},${cell(gradNorm[j]!)}\n`);
    yield lines.join("");
  }
}

const fieldRows = (g: GridCsvFields): RowOf => {
  const cols = g.w.length;
  return (key, i) => g.fields[JSON_FIELDS.find((f) => f[0] === key)![1]].data.subarray(i * cols, (i + 1) * cols);
};

export function* gridJsonChunks(g: GridFields): Generator<string> {
  yield* jsonChunks(g.loss, g.w, g.b, fieldRows(g));
}

export function* gridCsvChunks(g: GridCsvFields): Generator<string> {
  yield* csvChunks(g.w, g.b, fieldRows(g));
}

/** `grid --format json` of the plain result, byte for byte JSON.stringify(r) + "\n" for a whole run. */
export function* gridResultJsonChunks(r: GridJson): Generator<string> {
  yield* jsonChunks(r.loss, r.w, r.b, (key, i) => r[key][i]!);
}

/** `grid --format csv` of the plain result. */
export function* gridResultCsvChunks(r: GridJson): Generator<string> {
  yield* csvChunks(r.w, r.b, (key, i) => r[key][i]!);
}

const field = (data: Float64Array, rows: number, cols: number): Field => ndarray(data, [rows, cols]);

/** Reads `grid --format json` text: the loss, the axes and the four fields (null read as NaN). */
export function parseGridJson(text: string): GridFields {
  const o = objectOf(parseBoundedJson(text, 4 * MAX_GRID_POINTS + 8 * 4096 + 100), '{"loss", "w", "b", "values", "gradW", "gradB", "gradNorm"}');
  if (typeof o.loss !== "string" || !isLossName(o.loss)) throw new RangeError(`"loss" must be "mse" or "bce"`);
  const w = vectorOf(o.w, "w");
  const b = vectorOf(o.b, "b");
  const rows = b.length, cols = w.length;
  const m = (key: string): Field => field(matrixOf(o[key], rows, cols, key), rows, cols);
  return { loss: o.loss, w, b, fields: { loss: m("values"), gradW: m("gradW"), gradB: m("gradB"), gradNorm: m("gradNorm") } };
}

/** Reads `grid --format csv` text (w,b,loss,gradW,gradB,gradNorm; b-major; empty cell: NaN). */
export function parseGridCsv(text: string): GridCsvFields {
  const lines = csvLines(text);
  if (lines[0] !== "w,b,loss,gradW,gradB,gradNorm") throw new RangeError('line 1 must be the header "w,b,loss,gradW,gradB,gradNorm"');
  if (lines.length - 1 > MAX_GRID_POINTS) throw new RangeError(`more than ${MAX_GRID_POINTS} points`);
  const rows: number[][] = lines.slice(1).map((line, k) => {
    const cells = line.split(",");
    if (cells.length !== 6) throw new RangeError(`line ${k + 2} has ${cells.length} cells, the header 6`);
    return cells.map((c, j) => cellOf(c, k + 2, ["w", "b", "loss", "gradW", "gradB", "gradNorm"][j]!));
  });
  // The first run of rows sharing b gives the w axis; every later row must follow it.
  let cols = 0;
  while (cols < rows.length && rows[cols]![1] === rows[0]?.[1]) cols++;
  if (cols === 0 || rows.length % cols !== 0) throw new RangeError("the points do not form a grid (b-major, one row of w per b)");
  const w = Float64Array.from(rows.slice(0, cols), (r) => r[0]!);
  const b = new Float64Array(rows.length / cols);
  const data = [0, 1, 2, 3].map(() => new Float64Array(rows.length));
  rows.forEach((r, k) => {
    const i = Math.floor(k / cols), j = k % cols;
    if (j === 0) b[i] = r[1]!;
    if (r[0] !== w[j] || r[1] !== b[i]) throw new RangeError(`line ${k + 2}: (w, b) = (${r[0]}, ${r[1]}) breaks the grid's order, expected (${w[j]}, ${b[i]})`);
    for (let f = 0; f < 4; f++) data[f]![k] = r[f + 2]!;
  });
  const [loss, gradW, gradB, gradNorm] = data.map((d) => field(d, b.length, cols)) as [Field, Field, Field, Field];
  return { w, b, fields: { loss, gradW, gradB, gradNorm } };
}
