// A tiled command's work as a list of points in the command's order, evaluated by a pure
// function: the CLI runs it into tile and checkpoint files (src/cli/tile-run.ts), the
// library functions in memory.

import type { Settings } from "./settings-hash.js";
import type { PointRange } from "./tile-spec.js";

/** Evaluates points [start, end), handing each finished block to onBlock; stops between blocks when shouldStop() is true. */
export type PointEvaluator = (range: PointRange, onBlock: (at: number, values: Float64Array[]) => void, shouldStop: () => boolean) => Promise<void>;

export interface PointJob {
  command: string;
  /** Points of the whole job. */
  total: number;
  fields: string[];
  settings: Settings;
  /** What the output needs besides the values (the same for every tile). */
  context: unknown;
  evaluate: PointEvaluator;
}

/** Every point of a job's evaluator in memory: one array per field. */
export async function evaluateAll(evaluate: PointEvaluator, fields: number, total: number): Promise<Float64Array[]> {
  const values = Array.from({ length: fields }, () => new Float64Array(total));
  await evaluate({ start: 0, end: total }, (at, v) => v.forEach((f, i) => values[i]!.set(f, at)), () => false);
  return values;
}
