// The page's data: a built-in set exactly as `train --data NAME --samples --noise
// --data-seed` makes it, or a dropped CSV read by the CLI's own parser (same rules, same
// messages), then split as `train --test-fraction` splits it. The page's own limits on a
// CSV (it plots 1 or 2 inputs; both classes must be present to train a classifier; a size
// a page trains interactively) are checked after the CLI's.

import { DataError, parseTableCsv } from "../data/csv.js";
import { builtinTable } from "../nn/datasets.js";
import { splitTable, type Split } from "../nn/split.js";
import type { Table } from "../nn/table.js";
import { MAX_SAMPLES, type NetState } from "./state.js";

/** Largest CSV text the page reads (a few thousand rows of two inputs take ~100 kB). */
export const MAX_CSV_CHARS = 1_000_000;

export interface PageData {
  all: Table;
  split: Split;
}

/** Checks a dropped CSV as the CLI and then the page do; the Table, or one line saying what is wrong. */
export function readCsv(text: string, name: string): Table | string {
  if (text.length > MAX_CSV_CHARS) return `${name}: ${text.length} characters, more than the ${MAX_CSV_CHARS} the page reads`;
  let t: Table;
  try {
    t = parseTableCsv(text, name);
  } catch (err) {
    if (err instanceof DataError) return err.message;
    throw err;
  }
  const n = t.y.length;
  if (t.inputs > 2) return `${name}: ${t.inputs} input columns; the page plots 1 (x) or 2 (x1,x2) — use the CLI for more`;
  if (n > MAX_SAMPLES) return `${name}: ${n} rows, more than the ${MAX_SAMPLES} the page trains interactively — use the CLI`;
  let ones = 0;
  for (let i = 0; i < n; i++) ones += t.y[i];
  if (ones === 0 || ones === n) return `${name}: every row has y = ${ones === 0 ? 0 : 1}; a classifier needs both classes`;
  return t;
}

/** The data of a state; `csv` is the dropped table (null when none is loaded). Throws RangeError on a split that cannot be made. */
export function pageData(s: NetState, csv: Table | null): PageData {
  let all: Table;
  if (s.data === "csv") {
    if (!csv) throw new RangeError(`no CSV is loaded${s.file ? ` (drop ${s.file} on the page again)` : ""}`);
    all = csv;
  } else all = builtinTable(s.data, { samples: s.samples, noise: s.noise, dataSeed: s.dataSeed });
  return { all, split: splitTable(all, s.test) };
}
