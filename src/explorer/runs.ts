// The list of runs on screen (the hash's `start`): init schemes resolve to the point
// `train --init SCHEME --seed S` draws; once a run is no longer the current one it is
// kept as that point, so a later seed does not move it.

import type { InitSpec } from "../init/initializers.js";
import { seededStart } from "../train/from-init.js";
import { MAX_RUNS } from "./state.js";

/** The point a start stands for under `seed`. */
export function resolveStart(spec: InitSpec, seed: number): [number, number] {
  return spec.kind === "fixed" ? [spec.w, spec.b] : seededStart(spec, seed).start;
}

const fixedAt = ([w, b]: [number, number]): InitSpec => ({ kind: "fixed", w, b });

/** Every start but the current (last) one as the point it was drawn at under `seed`. */
export function fixEarlier(list: readonly InitSpec[], seed: number): InitSpec[] {
  return list.map((s, k) => (k < list.length - 1 ? fixedAt(resolveStart(s, seed)) : s));
}

/** The list after a new run from `init`: it becomes the last; the same point is not kept twice; at most MAX_RUNS. */
export function withRun(list: readonly InitSpec[], init: InitSpec, seed: number): InitSpec[] {
  const [w, b] = resolveStart(init, seed);
  const earlier = list.map((s) => resolveStart(s, seed)).filter((p) => p[0] !== w || p[1] !== b);
  return [...earlier.map(fixedAt), init].slice(-MAX_RUNS);
}
