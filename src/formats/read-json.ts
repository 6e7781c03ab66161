// Shared checks of the JSON readers (grid, slice): a bounded parse and typed arrays out of
// parsed arrays, each refusal a RangeError naming the member that breaks the format.
// null stands for a point no tile computed (merge --allow-missing) and reads back as NaN.

import { jsonElementBound } from "../util/json-bound.js";

/** JSON.parse after refusing a text that holds more than `maxElements` array values. */
export function parseBoundedJson(text: string, maxElements: number): unknown {
  if (jsonElementBound(text) > maxElements) throw new RangeError(`holds more than ${maxElements.toLocaleString("en-US")} values, more than the format allows`);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new RangeError(`not valid JSON (${(err as Error).message})`);
  }
}

/** The object at the top of a document, or a RangeError. */
export function objectOf(doc: unknown, expected: string): Record<string, unknown> {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new RangeError(`expected ${expected}`);
  return doc as Record<string, unknown>;
}

/** A flat array of finite numbers (null allowed as NaN when `missing`). */
export function vectorOf(v: unknown, where: string, missing = false): Float64Array {
  if (!Array.isArray(v)) throw new RangeError(`"${where}" must be an array of numbers`);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (missing && x === null) out[i] = NaN;
    else if (typeof x === "number" && Number.isFinite(x)) out[i] = x;
    else throw new RangeError(`${where}[${i}] is not a finite number`);
  }
  return out;
}

/** A rows × cols nested array as one row-major Float64Array (null as NaN). */
export function matrixOf(v: unknown, rows: number, cols: number, where: string): Float64Array {
  if (!Array.isArray(v) || v.length !== rows) throw new RangeError(`"${where}" must hold ${rows} rows`);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = vectorOf(v[i], `${where}[${i}]`, true);
    if (row.length !== cols) throw new RangeError(`${where}[${i}] has ${row.length} entries, the axis ${cols}`);
    out.set(row, i * cols);
  }
  return out;
}

/** A CSV cell as a number: empty is NaN (a point not computed), anything else must be finite. */
export function cellOf(text: string, line: number, column: string): number {
  const s = text.trim();
  if (s === "") return NaN;
  const v = Number(s);
  if (!Number.isFinite(v) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) throw new RangeError(`line ${line}: ${column} ${JSON.stringify(s)} is not a number`);
  return v;
}

/** The lines of a CSV text without the trailing empty line (CRLF read as LF). */
export function csvLines(text: string): string[] {
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}
