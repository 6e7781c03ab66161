// A train/test split of a Table: the last round(fraction·n) rows held out for testing,
// the rest trained on. The built-in sets are already in a seeded random order
// (datasets.ts), so their tail is a random sample; a CSV is split as its rows stand.

import { sampleCount, tableRows, type Table } from "./table.js";

export interface Split {
  train: Table;
  /** Null when nothing is held out (fraction 0). */
  test: Table | null;
}

/** Largest held-out fraction: at least one row of a two-row set is left to train on. */
export const MAX_TEST_FRACTION = 0.9;

/** Rows held out of n by `fraction` (0 ≤ fraction ≤ MAX_TEST_FRACTION). */
export function testRows(n: number, fraction: number): number {
  return Math.round(fraction * n);
}

/**
 * Splits `t`; throws RangeError when the fraction is outside [0, MAX_TEST_FRACTION] or
 * leaves no row on either side while asking for a test set.
 */
export function splitTable(t: Table, fraction: number): Split {
  if (!(fraction >= 0 && fraction <= MAX_TEST_FRACTION)) throw new RangeError(`the test fraction must be in [0, ${MAX_TEST_FRACTION}] (got ${fraction})`);
  const n = sampleCount(t);
  const m = testRows(n, fraction);
  if (fraction === 0 || m === 0) {
    if (fraction > 0) throw new RangeError(`a test fraction of ${fraction} holds out no row of ${n}`);
    return { train: t, test: null };
  }
  if (m >= n) throw new RangeError(`a test fraction of ${fraction} leaves no row of ${n} to train on`);
  return { train: tableRows(t, 0, n - m), test: tableRows(t, n - m, n) };
}
