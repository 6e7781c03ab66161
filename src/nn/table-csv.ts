// Parses a d-input data set from CSV text: a header naming columns x1, …, xd and y (any
// order, other columns ignored), or x and y for one input as ../data/csv.ts reads it;
// then one sample per record, y in {0, 1}. Fields may be quoted as RFC 4180 (d3-dsv).
// Errors are one line naming the source and the record's line.

import { csvParseRows } from "d3-dsv";
import { DataError } from "../data/csv.js";
import { parseFiniteNumber } from "../util/number.js";
import type { Table } from "./table.js";

/** Input column indexes and the label's, from a header row. */
export function tableColumns(header: string[], source: string): { xs: number[]; yi: number } {
  const names = header.map((h) => h.trim().toLowerCase());
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
    if (xs.length !== numbered.size) throw new DataError(`${source}:1: input columns must be x1, x2, … without gaps (found ${[...numbered.keys()].sort((a, b) => a - b).map((k) => `x${k}`).join(",")})`);
  } else {
    const xi = names.indexOf("x");
    xs = xi < 0 ? [] : [xi];
  }
  if (xs.length === 0 || yi < 0) {
    const missing = [xs.length === 0 ? "x (or x1, …, xd)" : null, yi < 0 ? "y" : null].filter(Boolean).join(" and ");
    throw new DataError(`${source}:1: header is missing column ${missing} (expected a header line "x1,…,xd,y" or "x,y")`);
  }
  return { xs, yi };
}

export function parseTableCsv(text: string, source: string): Table {
  const rows = csvParseRows(text.replace(/^\uFEFF/, ""));
  const blank = (r: string[]): boolean => r.every((c) => c.trim() === "");
  while (rows.length > 0 && blank(rows[rows.length - 1])) rows.pop();
  if (rows.length === 0) throw new DataError(`${source}: the file is empty (expected a header line "x1,…,xd,y")`);
  const { xs, yi } = tableColumns(rows[0], source);
  const d = xs.length;
  const n = rows.length - 1;
  if (n === 0) throw new DataError(`${source}: no data rows after the header`);
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  const width = rows[0].length;
  for (let r = 1; r <= n; r++) {
    const cells = rows[r];
    const where = `${source}:${r + 1}`;
    if (blank(cells)) throw new DataError(`${where}: blank line inside the data`);
    if (cells.length !== width) throw new DataError(`${where}: expected ${width} columns as in the header, found ${cells.length}`);
    for (let k = 0; k < d; k++) {
      const v = parseFiniteNumber(cells[xs[k]]);
      if (v === null) throw new DataError(`${where}: ${rows[0][xs[k]].trim()} is not a finite number: "${cells[xs[k]]}"`);
      x[(r - 1) * d + k] = v;
    }
    const label = parseFiniteNumber(cells[yi]);
    if (label !== 0 && label !== 1) throw new DataError(`${where}: y must be 0 or 1, found "${cells[yi]}"`);
    y[r - 1] = label;
  }
  return { x, y, inputs: d, source };
}
