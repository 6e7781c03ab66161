// A model's data from a CSV with a header: the columns named by --target are y (one: shape [N];
// several, comma-separated: [N, K] for regression), every other column is a feature of X [N, d],
// in file order. Fields may be quoted (RFC 4180, one record per line); every value must be a
// finite number. Errors are DataErrors naming the file, the line and the column.

import { csvParseRows } from "d3-dsv";
import { parseFiniteNumber } from "../util/number.js";
import { DataError } from "./csv.js";

export interface TargetCsv {
  x: Float64Array;
  y: Float64Array;
  /** Feature count d and target count K. */
  d: number;
  K: number;
  N: number;
  features: string[];
  targets: string[];
}

const cells = (line: string): string[] => (line.includes('"') ? (csvParseRows(line)[0] ?? []) : line.split(","));

/** Parses the CSV text; `targets` are column names from the header (matched exactly, else ignoring case). */
export function parseTargetCsv(text: string, targets: readonly string[], source: string): TargetCsv {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  let at = 0;
  while (at < lines.length && lines[at].trim() === "") at++;
  if (at === lines.length) throw new DataError(`${source}: the file is empty (expected a header line naming the columns)`);
  const header = cells(lines[at]).map((h) => h.trim());
  const headerLine = at + 1;
  const index = targets.map((t) => {
    let i = header.indexOf(t);
    if (i < 0) i = header.findIndex((h) => h.toLowerCase() === t.toLowerCase());
    if (i < 0) {
      const shown = header.slice(0, 12).map((h) => JSON.stringify(h)).join(", ") + (header.length > 12 ? `, … (${header.length} columns)` : "");
      throw new DataError(`${source}:${headerLine}: --target ${t}: no such column (the header has ${shown})`);
    }
    return i;
  });
  if (new Set(index).size !== index.length) throw new DataError(`${source}:${headerLine}: --target names a column twice`);
  const featureCols = header.map((_, i) => i).filter((i) => !index.includes(i));
  if (featureCols.length === 0) throw new DataError(`${source}:${headerLine}: no feature columns besides the target`);
  const d = featureCols.length;
  const K = index.length;
  const xs: number[] = [];
  const ys: number[] = [];
  let N = 0;
  for (let l = at + 1; l < lines.length; l++) {
    if (lines[l].trim() === "") continue;
    const row = cells(lines[l]);
    if (row.length !== header.length) throw new DataError(`${source}:${l + 1}: ${row.length} fields, the header has ${header.length}`);
    const value = (i: number): number => {
      const v = parseFiniteNumber(row[i].trim());
      if (v === null) throw new DataError(`${source}:${l + 1}: column ${JSON.stringify(header[i])} is ${JSON.stringify(row[i].slice(0, 40))}, not a finite number`);
      return v;
    };
    for (const i of featureCols) xs.push(value(i));
    for (const i of index) ys.push(value(i));
    N++;
  }
  if (N === 0) throw new DataError(`${source}: no data rows after the header`);
  return { x: Float64Array.from(xs), y: Float64Array.from(ys), d, K, N, features: featureCols.map((i) => header[i]), targets: index.map((i) => header[i]) };
}
