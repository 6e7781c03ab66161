// How many θ a saved trajectory keeps (step 0, every K-th step and the last), and the bound
// on it that keeps a run's memory and its file bounded for any accepted input.

import { MAX_TRAJECTORY_ENTRIES, MAX_TRAJECTORY_POINTS } from "../formats/trajectory.js";

/** Points kept over `totalSteps` steps every `every`: step 0, each multiple of K, and the last step. */
export function trajectoryPointCount(totalSteps: number, every: number): number {
  return Math.floor(totalSteps / every) + 1 + (totalSteps % every === 0 ? 0 : 1);
}

/** A trajectory over the bound: the points it would keep, and the smallest `every` that fits. */
export interface TrajectoryOverLimit {
  count: number;
  need: number;
}

/** null when θ of P parameters every `every` of `totalSteps` steps fits the bound; else by how much it does not. */
export function trajectoryOverLimit(totalSteps: number, every: number, P: number): TrajectoryOverLimit | null {
  const count = trajectoryPointCount(totalSteps, every);
  if (count <= MAX_TRAJECTORY_POINTS && count * P <= MAX_TRAJECTORY_ENTRIES) return null;
  const most = Math.min(MAX_TRAJECTORY_POINTS, Math.floor(MAX_TRAJECTORY_ENTRIES / P));
  return { count, need: Math.ceil(totalSteps / Math.max(1, most - 2)) };
}

/** Throws RangeError when the trajectory would exceed the bound. */
export function checkTrajectoryLimit(totalSteps: number, every: number, P: number): void {
  const o = trajectoryOverLimit(totalSteps, every, P);
  if (o !== null) {
    throw new RangeError(`a trajectory of ${totalSteps} steps every ${every} keeps ${o.count} points of ${P} parameters; at most ${MAX_TRAJECTORY_POINTS} points and ${MAX_TRAJECTORY_ENTRIES} numbers are kept: use every ≥ ${o.need}`);
  }
}
