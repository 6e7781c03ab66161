// A d-input binary classification data set: x row-major n × d, y ∈ {0, 1}.
// The one-input Dataset of ../data/dataset.ts is the case d = 1 and converts for free.

import type { Dataset } from "../data/dataset.js";

export interface Table {
  /** Inputs, row-major: sample i's features are x[i·d … i·d + d − 1]. */
  x: Float64Array;
  /** Labels y_i ∈ {0, 1}. */
  y: Float64Array;
  /** Input size d. */
  inputs: number;
  /** Where the data came from: a built-in name or a file path. */
  source: string;
}

/** Number of samples n. */
export function sampleCount(t: Table): number {
  return t.y.length;
}

/** The one-input Dataset as a Table (shares its arrays). */
export function tableFromDataset(data: Dataset): Table {
  return { x: data.x, y: data.y, inputs: 1, source: data.source };
}

/** Rows [start, end) as a Table sharing t's arrays. */
export function tableRows(t: Table, start: number, end: number): Table {
  return { x: t.x.subarray(start * t.inputs, end * t.inputs), y: t.y.subarray(start, end), inputs: t.inputs, source: t.source };
}
