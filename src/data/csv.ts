// Parses user data from CSV text: a header naming columns x and y (any order, other
// columns ignored), then one sample per line with y in {0, 1}. Errors name the line.

import { parseFiniteNumber } from "../util/number.js";
import type { Dataset } from "./dataset.js";

export class DataError extends Error {
  override name = "DataError";
}

export function parseDatasetCsv(text: string, source: string): Dataset {
  const lines = text.split(/\r?\n/);
  // Trailing blank lines are allowed; blank lines elsewhere are not data.
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  if (lines.length === 0) throw new DataError(`${source}: the file is empty (expected a header line "x,y")`);
  const header = lines[0].replace(/^\uFEFF/, "").split(",").map((h) => h.trim().toLowerCase());
  const xi = header.indexOf("x");
  const yi = header.indexOf("y");
  if (xi < 0 || yi < 0) {
    const missing = [xi < 0 ? "x" : null, yi < 0 ? "y" : null].filter(Boolean).join(" and ");
    throw new DataError(`${source}:1: header is missing column ${missing} (expected a header line "x,y")`);
  }
  const xs: number[] = [];
  const ys: number[] = [];
  for (let li = 1; li < lines.length; li++) {
    const raw = lines[li];
    const where = `${source}:${li + 1}`;
    if (raw.trim() === "") throw new DataError(`${where}: blank line inside the data`);
    const cells = raw.split(",").map((c) => c.trim());
    if (cells.length !== header.length) {
      throw new DataError(`${where}: expected ${header.length} columns as in the header, found ${cells.length}`);
    }
    const x = parseFiniteNumber(cells[xi]);
    if (x === null) throw new DataError(`${where}: x is not a finite number: "${cells[xi]}"`);
    const y = parseFiniteNumber(cells[yi]);
    if (y === null) throw new DataError(`${where}: y is not a number: "${cells[yi]}"`);
    if (y !== 0 && y !== 1) throw new DataError(`${where}: y must be 0 or 1, found ${cells[yi]}`);
    xs.push(x);
    ys.push(y);
  }
  if (xs.length === 0) throw new DataError(`${source}: no data rows after the header`);
  return { x: Float64Array.from(xs), y: Float64Array.from(ys), source };
}
