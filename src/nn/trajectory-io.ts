// A saved training trajectory: flat parameter vectors θ_t (architecture.ts's order, the
// order of torch.nn.utils.parameters_to_vector) kept every K optimizer steps, the start
// (step 0) and the final point always included. The file is JSON
//   {"every": K, "steps": [0, K, 2K, …, S], "points": [[θ_0…], [θ_K…], …, [θ_S…]]}
// one point per line, so it streams out and reads back as plain JSON anywhere.
// Serializing and parsing are pure; the CLI writes and reads the file.

import { ParamsError } from "./params-io.js";

/** Most points one trajectory file keeps, and most numbers (points × parameters). */
export const MAX_TRAJECTORY_POINTS = 10_000;
export const MAX_TRAJECTORY_VALUES = 1 << 24;

export interface Trajectory {
  every: number;
  /** The step after which each point was taken (0 = the start). */
  steps: number[];
  points: Float64Array[];
}

/** Points kept over `totalSteps` steps every `every`: step 0, each multiple of K, and the last step. */
export function trajectoryPointCount(totalSteps: number, every: number): number {
  return Math.floor(totalSteps / every) + 1 + (totalSteps % every === 0 ? 0 : 1);
}

/** The trajectory's JSON text in chunks, one point per chunk (never one string for the whole file). */
export function* trajectoryChunks(t: Trajectory): Generator<string> {
  yield `{"every":${t.every},"steps":[${t.steps.join(",")}],"points":[`;
  for (let i = 0; i < t.points.length; i++) yield `${i === 0 ? "" : ","}\n[${t.points[i].join(",")}]`;
  yield "\n]}\n";
}

/** Reads a trajectory file's text; `parameters` (when given) is the P every point must have. */
export function parseTrajectoryJson(text: string, source: string, parameters?: number): Trajectory {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ParamsError(`${source}: not valid JSON (${(e as Error).message})`);
  }
  const { every, steps, points } = (doc ?? {}) as { every?: unknown; steps?: unknown; points?: unknown };
  if (!Number.isSafeInteger(every) || (every as number) < 1) throw new ParamsError(`${source}: "every" must be a positive integer`);
  if (!Array.isArray(points) || points.length === 0) throw new ParamsError(`${source}: expected {"every":K,"steps":[…],"points":[[…],…]} with at least one point`);
  if (!Array.isArray(steps) || steps.length !== points.length || !steps.every((s) => Number.isSafeInteger(s) && s >= 0)) {
    throw new ParamsError(`${source}: "steps" must list one non-negative integer step per point (${points.length})`);
  }
  const P = parameters ?? (Array.isArray(points[0]) ? points[0].length : 0);
  const out = points.map((p: unknown, t): Float64Array => {
    if (!Array.isArray(p) || p.length !== P) throw new ParamsError(`${source}: point ${t} has ${Array.isArray(p) ? p.length : "no"} entries, expected ${P}`);
    return Float64Array.from(p, (v: unknown, i) => {
      if (typeof v !== "number" || !Number.isFinite(v)) throw new ParamsError(`${source}: point ${t} entry ${i} is not a finite number`);
      return v;
    });
  });
  return { every: every as number, steps: steps as number[], points: out };
}
