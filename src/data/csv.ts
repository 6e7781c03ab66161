// Parses user data from CSV text: a header naming the input columns, x for one input or
// x1, …, xd for d inputs (any order, other columns ignored), and the label y, then one
// sample per line with y in {0, 1}. Errors are one line naming the source and the line.
//
// Fields may be quoted as RFC 4180 and R's write.csv write them ("", "x", "y" headers,
// quoted row names, "" for a quote, line breaks inside quotes): any record holding a
// quote goes through d3-dsv's parser. Text arrives in chunks (pushCsv), so a large
// file is parsed line by line into growing Float64Arrays and is never one string.
// The one-input Dataset (endCsv) and the d-input Table (endCsvTable) come from this
// one parser, so both read a file the same way and fail with the same messages.

import { csvParseRows } from "d3-dsv";
import { parseFiniteNumber } from "../util/number.js";
import type { Table } from "../nn/table.js";
import type { Dataset } from "./dataset.js";

const EXPECTED_HEADER = 'expected a header line "x,y" or "x1,…,xd,y"';

export class DataError extends Error {
  override name = "DataError";
}

/** State of an incremental parse; create with csvParser, feed with pushCsv, finish with endCsv. */
export interface CsvParser {
  source: string;
  /** Text after the last complete line. */
  rest: string;
  /** Lines of a record whose quoted field spans a line break. */
  pending: string[];
  /** Physical line number of the next line, and of the pending record's first line. */
  line: number;
  recordLine: number;
  /** A blank line seen after data: an error unless only blank lines follow it. */
  blankLine: number;
  header: { width: number; xs: number[]; names: string[]; yi: number; line: number } | null;
  x: Float64Array;
  y: Float64Array;
  n: number;
}

export function csvParser(source: string): CsvParser {
  return { source, rest: "", pending: [], line: 1, recordLine: 1, blankLine: 0, header: null, x: new Float64Array(1024), y: new Float64Array(1024), n: 0 };
}

/** Input size d of the parse so far (0 before the header). */
export function csvInputs(p: CsvParser): number {
  return p.header === null ? 0 : p.header.xs.length;
}

/** Input column indexes (x1 … xd in order, or x) and the label's, from a header row; `where` is "source:line". */
export function tableColumns(header: string[], where: string): { xs: number[]; yi: number } {
  const names = header.map((h) => h.trim().toLowerCase());
  // A repeated name (x1,x1,y) would silently drop one column: refuse it.
  const twice = names.find((h, i) => h !== "" && names.indexOf(h) !== i);
  if (twice !== undefined) throw new DataError(`${where}: the header names column ${JSON.stringify(twice.slice(0, 40))} twice (${EXPECTED_HEADER}, each name once)`);
  const yi = names.indexOf("y");
  const numbered = new Map<number, number>();
  names.forEach((h, i) => {
    const m = /^x(\d+)$/.exec(h);
    if (m) numbered.set(Number(m[1]), i);
  });
  let xs: number[];
  if (numbered.size > 0) {
    xs = [];
    for (let k = 1; numbered.has(k); k++) xs.push(numbered.get(k)!);
    if (xs.length !== numbered.size) throw new DataError(`${where}: input columns must be x1, x2, … without gaps (found ${[...numbered.keys()].sort((a, b) => a - b).map((k) => `x${k}`).join(",")})`);
  } else {
    const xi = names.indexOf("x");
    xs = xi < 0 ? [] : [xi];
  }
  if (xs.length === 0 || yi < 0) {
    const missing = [xs.length === 0 ? "x (or x1, …, xd)" : null, yi < 0 ? "y" : null].filter(Boolean).join(" and ");
    throw new DataError(`${where}: header is missing column ${missing} (${EXPECTED_HEADER})`);
  }
  return { xs, yi };
}

/** Parses every complete line of `chunk` (with what was left from the previous chunk). */
export function pushCsv(p: CsvParser, chunk: string): void {
  let text = p.rest + chunk;
  if (p.line === 1 && p.pending.length === 0) text = text.replace(/^\uFEFF/, "");
  let start = 0;
  for (let nl = text.indexOf("\n", start); nl >= 0; nl = text.indexOf("\n", start)) {
    pushLine(p, text.slice(start, nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl));
    start = nl + 1;
  }
  p.rest = text.slice(start);
}

/** Parses the last line and returns the d-input data set. */
export function endCsvTable(p: CsvParser): Table {
  if (p.rest !== "") pushLine(p, p.rest.endsWith("\r") ? p.rest.slice(0, -1) : p.rest);
  p.rest = "";
  if (p.pending.length > 0) throw new DataError(`${p.source}:${p.recordLine}: a quoted field is not closed`);
  if (p.header === null) throw new DataError(`${p.source}: the file is empty (${EXPECTED_HEADER})`);
  if (p.n === 0) throw new DataError(`${p.source}: no data rows after the header`);
  const d = p.header.xs.length;
  // A view when the columns are at least half full (no copy at the peak), else a copy
  // that frees the unused capacity.
  const view = 2 * p.n >= p.y.length;
  const cut = (a: Float64Array, len: number): Float64Array => (view ? a.subarray(0, len) : a.slice(0, len));
  return { x: cut(p.x, p.n * d), y: cut(p.y, p.n), inputs: d, source: p.source };
}

/** Parses the last line and returns the one-input data set; a file with x1 … xd (d > 1) is an error. */
export function endCsv(p: CsvParser): Dataset {
  const t = endCsvTable(p);
  const h = p.header!;
  if (t.inputs !== 1) {
    throw new DataError(`${p.source}:${h.line}: the header names ${t.inputs} inputs (${h.xs.map((i) => h.names[i]).join(",")}); this model takes one input column x (a network takes d inputs: see --hidden)`);
  }
  return { x: t.x, y: t.y, source: t.source };
}

export function parseDatasetCsv(text: string, source: string): Dataset {
  const p = csvParser(source);
  pushCsv(p, text);
  return endCsv(p);
}

/** A whole CSV text as a d-input Table (the streaming parser fed once). */
export function parseTableCsv(text: string, source: string): Table {
  const p = csvParser(source);
  pushCsv(p, text);
  return endCsvTable(p);
}

function quotes(s: string): number {
  let k = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) k++;
  return k;
}

function pushLine(p: CsvParser, raw: string): void {
  const lineNo = p.line++;
  if (p.pending.length === 0) {
    p.recordLine = lineNo;
    if (raw.trim() === "") {
      if (p.header !== null && p.blankLine === 0) p.blankLine = lineNo;
      return;
    }
    if (!raw.includes('"')) return record(p, raw.split(","));
    p.pending.push(raw);
  } else p.pending.push(raw);
  // A record is complete when its quotes balance ("" inside a field counts twice).
  const joined = p.pending.join("\n");
  if (quotes(joined) % 2 === 1) return;
  p.pending = [];
  const rows = csvParseRows(joined);
  if (rows.length !== 1) throw new DataError(`${p.source}:${p.recordLine}: malformed quoted field`);
  record(p, rows[0]);
}

function record(p: CsvParser, cells: string[]): void {
  const where = `${p.source}:${p.recordLine}`;
  if (p.header === null) {
    const { xs, yi } = tableColumns(cells, where);
    p.header = { width: cells.length, xs, yi, names: cells.map((h) => h.trim().toLowerCase()), line: p.recordLine };
    // Room for the initial rows of d inputs each.
    p.x = new Float64Array(p.y.length * xs.length);
    return;
  }
  if (p.blankLine !== 0) throw new DataError(`${p.source}:${p.blankLine}: blank line inside the data`);
  const { width, xs, yi, names } = p.header;
  if (cells.length !== width) throw new DataError(`${where}: expected ${width} columns as in the header, found ${cells.length}`);
  const d = xs.length;
  if (p.n === p.y.length) {
    // Doubling keeps appends amortised O(1); only 8·(d + 1) bytes per row are kept.
    const grow = (a: Float64Array): Float64Array => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    p.x = grow(p.x);
    p.y = grow(p.y);
  }
  for (let k = 0; k < d; k++) {
    const xt = cells[xs[k]].trim();
    const x = parseFiniteNumber(xt);
    if (x === null) throw new DataError(`${where}: ${names[xs[k]]} is not a finite number: ${JSON.stringify(xt.slice(0, 40))}`);
    p.x[p.n * d + k] = x;
  }
  const yt = cells[yi].trim();
  const y = parseFiniteNumber(yt);
  if (y === null) throw new DataError(`${where}: y is not a number: ${JSON.stringify(yt.slice(0, 40))}`);
  if (y !== 0 && y !== 1) throw new DataError(`${where}: y must be 0 or 1, found ${yt.slice(0, 40)}`);
  p.y[p.n] = y;
  p.n++;
}
