// The saved-trajectory file: flat parameter vectors θ_t (PyTorch's parameters_to_vector
// order), one per saved point, start first. Two spellings are read:
//   JSON  {"every": K, "steps": [0, K, 2K, …, last], "points": [[θ_0], [θ_K], …]}
//         ("every" and "steps" optional; "steps", when present, one per point and
//         increasing: the optimizer step each θ was saved at);
//   CSV   one flat vector per line, comma-separated, no header needed (a first line that
//         is not all numbers is taken as a header and skipped); blank lines ignored.
// Points are checked against the model's parameter count as they are read, so a file of
// the wrong shape is refused with the line or index that breaks it. Memory is bounded by
// MAX_TRAJECTORY_ENTRIES (T·P float64 values).

import { jsonElementBound } from "../util/json-bound.js";
import { parseFiniteNumber } from "../util/number.js";

/** At most this many numbers in all (T·P): 2²⁴ float64 = 128 MiB. */
export const MAX_TRAJECTORY_ENTRIES = 1 << 24;
/** At most this many saved points. */
export const MAX_TRAJECTORY_POINTS = 100_000;

export interface TrajectoryFile {
  points: Float64Array[];
  /** The optimizer step of each point, or null when the file does not say. */
  steps: number[] | null;
  /** The saving interval K, or null. */
  every: number | null;
}

function checkCount(T: number, P: number): void {
  if (T > MAX_TRAJECTORY_POINTS) throw new RangeError(`more than ${MAX_TRAJECTORY_POINTS} points`);
  if (T * P > MAX_TRAJECTORY_ENTRIES) throw new RangeError(`${T} points × ${P} parameters exceed the limit of ${MAX_TRAJECTORY_ENTRIES} numbers (2²⁴)`);
}

function vectorOf(row: unknown, t: number, P: number): Float64Array {
  if (!Array.isArray(row)) throw new RangeError(`points[${t}] is not an array of numbers`);
  if (row.length !== P) throw new RangeError(`points[${t}] has ${row.length} entries, the model ${P}`);
  const v = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    const x = row[i];
    if (typeof x !== "number" || !Number.isFinite(x)) throw new RangeError(`points[${t}][${i}] is not a finite number`);
    v[i] = x;
  }
  return v;
}

function parseJson(text: string, P: number): TrajectoryFile {
  // Refused before JSON.parse builds them: more numbers than the limit allows in all.
  if (jsonElementBound(text) > MAX_TRAJECTORY_ENTRIES + 2 * MAX_TRAJECTORY_POINTS + 10_000) throw new RangeError(`holds more than the limit of ${MAX_TRAJECTORY_ENTRIES} numbers (2²⁴)`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new RangeError(`not valid JSON (${(err as Error).message})`);
  }
  const obj = Array.isArray(doc) ? { points: doc } : doc;
  if (obj === null || typeof obj !== "object" || !Array.isArray((obj as { points?: unknown }).points)) {
    throw new RangeError('expected {"every": K, "points": [[…], …]} with flat parameter vectors');
  }
  const o = obj as { points: unknown[]; steps?: unknown; every?: unknown };
  checkCount(o.points.length, P);
  const points = o.points.map((row, t) => vectorOf(row, t, P));
  let every: number | null = null;
  if (o.every !== undefined && o.every !== null) {
    if (typeof o.every !== "number" || !Number.isInteger(o.every) || o.every < 1) throw new RangeError('"every" must be a whole number ≥ 1');
    every = o.every;
  }
  let steps: number[] | null = null;
  if (o.steps !== undefined && o.steps !== null) {
    const s = o.steps;
    if (!Array.isArray(s) || s.length !== points.length) throw new RangeError(`"steps" must list one step per point (${points.length})`);
    s.forEach((x, t) => {
      if (typeof x !== "number" || !Number.isInteger(x) || x < 0) throw new RangeError(`steps[${t}] is not a whole number ≥ 0`);
      if (t > 0 && !(x > (s[t - 1] as number))) throw new RangeError(`steps must increase (steps[${t}] = ${x})`);
    });
    steps = s as number[];
  }
  return { points, steps, every };
}

function commaCount(s: string): number {
  let k = 0;
  for (let i = s.indexOf(","); i >= 0; i = s.indexOf(",", i + 1)) k++;
  return k;
}

function parseCsv(text: string, P: number): TrajectoryFile {
  const points: Float64Array[] = [];
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end).replace(/\r$/, "").trim();
    start = end + 1;
    line++;
    if (raw === "") continue;
    // Counted before splitting, so a line of millions of cells too many is never split into
    // strings (a header line, which names the P columns, is held to the same count).
    const entries = commaCount(raw) + 1;
    if (entries !== P) throw new RangeError(`line ${line} has ${entries} entries, the model ${P}`);
    const cells = raw.split(",");
    const nums = cells.map((c) => parseFiniteNumber(c.trim()));
    if (nums.some((x) => x === null)) {
      // A header (names, not numbers) may only come first.
      if (points.length === 0 && line === 1) continue;
      throw new RangeError(`line ${line}: entry ${nums.findIndex((x) => x === null)} is not a finite number`);
    }
    if (cells.length !== P) throw new RangeError(`line ${line} has ${cells.length} entries, the model ${P}`);
    checkCount(points.length + 1, P);
    points.push(Float64Array.from(nums as number[]));
  }
  return { points, steps: null, every: null };
}

/** Reads a trajectory file's text for a model of P parameters; throws RangeError saying what is wrong. */
export function parseTrajectory(text: string, P: number): TrajectoryFile {
  const first = text.trimStart()[0];
  return first === "{" || first === "[" ? parseJson(text, P) : parseCsv(text, P);
}

/** The step of each point: the file's steps, else t·every, else the point's index. */
export function trajectorySteps(f: TrajectoryFile): number[] {
  if (f.steps) return f.steps;
  const k = f.every ?? 1;
  return f.points.map((_, t) => t * k);
}

/** The JSON spelling, in chunks (one per point), for writers of trajectory files. */
export function* trajectoryJsonChunks(points: readonly Float64Array[], steps: readonly number[] | null, every: number | null): Generator<string> {
  yield `{"every":${every ?? "null"}`;
  if (steps) yield `,"steps":[${steps.join(",")}]`;
  yield ',"points":[';
  for (let t = 0; t < points.length; t++) yield `${t ? "," : ""}[${Array.from(points[t], String).join(",")}]`;
  yield "]}\n";
}
