// Parses user data from CSV text: a header naming columns x and y (any order, other
// columns ignored), then one sample per line with y in {0, 1}. Errors name the line.
//
// Fields may be quoted as RFC 4180 and R's write.csv write them ("", "x", "y" headers,
// quoted row names, "" for a quote, line breaks inside quotes): any record holding a
// quote goes through d3-dsv's parser. Text arrives in chunks (pushCsv), so a large
// file is parsed line by line into growing Float64Arrays and is never one string.

import { csvParseRows } from "d3-dsv";
import { parseFiniteNumber } from "../util/number.js";
import type { Dataset } from "./dataset.js";

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
  header: { width: number; xi: number; yi: number } | null;
  x: Float64Array;
  y: Float64Array;
  n: number;
}

export function csvParser(source: string): CsvParser {
  return { source, rest: "", pending: [], line: 1, recordLine: 1, blankLine: 0, header: null, x: new Float64Array(1024), y: new Float64Array(1024), n: 0 };
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

/** Parses the last line and returns the data set. */
export function endCsv(p: CsvParser): Dataset {
  if (p.rest !== "") pushLine(p, p.rest.endsWith("\r") ? p.rest.slice(0, -1) : p.rest);
  p.rest = "";
  if (p.pending.length > 0) throw new DataError(`${p.source}:${p.recordLine}: a quoted field is not closed`);
  if (p.header === null) throw new DataError(`${p.source}: the file is empty (expected a header line "x,y")`);
  if (p.n === 0) throw new DataError(`${p.source}: no data rows after the header`);
  // A view when the columns are at least half full (no copy at the peak), else a copy
  // that frees the unused capacity.
  const view = 2 * p.n >= p.x.length;
  const cut = (a: Float64Array): Float64Array => (view ? a.subarray(0, p.n) : a.slice(0, p.n));
  return { x: cut(p.x), y: cut(p.y), source: p.source };
}

export function parseDatasetCsv(text: string, source: string): Dataset {
  const p = csvParser(source);
  pushCsv(p, text);
  return endCsv(p);
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
    const names = cells.map((h) => h.trim().toLowerCase());
    const xi = names.indexOf("x");
    const yi = names.indexOf("y");
    if (xi < 0 || yi < 0) {
      const missing = [xi < 0 ? "x" : null, yi < 0 ? "y" : null].filter(Boolean).join(" and ");
      throw new DataError(`${where}: header is missing column ${missing} (expected a header line "x,y")`);
    }
    p.header = { width: names.length, xi, yi };
    return;
  }
  if (p.blankLine !== 0) throw new DataError(`${p.source}:${p.blankLine}: blank line inside the data`);
  const { width, xi, yi } = p.header;
  if (cells.length !== width) throw new DataError(`${where}: expected ${width} columns as in the header, found ${cells.length}`);
  const xt = cells[xi].trim();
  const yt = cells[yi].trim();
  const x = parseFiniteNumber(xt);
  if (x === null) throw new DataError(`${where}: x is not a finite number: ${JSON.stringify(xt.slice(0, 40))}`);
  const y = parseFiniteNumber(yt);
  if (y === null) throw new DataError(`${where}: y is not a number: ${JSON.stringify(yt.slice(0, 40))}`);
  if (y !== 0 && y !== 1) throw new DataError(`${where}: y must be 0 or 1, found ${yt.slice(0, 40)}`);
  if (p.n === p.x.length) {
    // Doubling keeps appends amortised O(1); only 16 bytes per row are kept.
    const grow = (a: Float64Array): Float64Array => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    p.x = grow(p.x);
    p.y = grow(p.y);
  }
  p.x[p.n] = x;
  p.y[p.n] = y;
  p.n++;
}
