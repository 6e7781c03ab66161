// A model's data from arrays: X (N×…, any float dtype) and y (class labels, 0/1, or regression
// targets of shape N or N×K), as read from .npz / .npy files or a CSV table.

import { DataError } from "../data/csv.js";
import type { NpyArray } from "../data/npy.js";
import { parseNpz } from "../data/npz.js";
import type { ModelData } from "./model.js";

export function modelDataOf(X: NpyArray, y: NpyArray, source: string): ModelData {
  if (X.shape.length < 1) throw new DataError(`${source}: X is a scalar; it needs shape N×…`);
  const x = X.shape.length === 1 ? { shape: [X.shape[0], 1], data: X.data } : { shape: X.shape, data: X.data };
  if (y.shape.length < 1 || y.shape.length > 2) throw new DataError(`${source}: y has shape [${y.shape.join(", ")}]; it needs N or N×K`);
  if (y.shape[0] !== x.shape[0]) throw new DataError(`${source}: X has shape [${X.shape.join(", ")}] and y has shape [${y.shape.join(", ")}]: the sample counts differ`);
  const bad = y.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new DataError(`${source}: y entry ${bad} is ${y.data[bad]}`);
  return { x, y: y.data, yShape: y.shape, source };
}

/** X and y from an .npz archive's arrays named X and y. */
export function npzData(bytes: Uint8Array, source: string): ModelData {
  const arrays = parseNpz(bytes, source);
  const X = arrays.get("X") ?? arrays.get("x");
  const y = arrays.get("y") ?? arrays.get("Y");
  if (!X || !y) throw new DataError(`${source}: an .npz needs arrays X and y (has ${[...arrays.keys()].join(", ") || "none"})`);
  return modelDataOf(X, y, source);
}
