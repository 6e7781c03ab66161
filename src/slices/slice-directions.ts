// A slice's directions d1 (and d2) of a kind: random (seeded), files or interp (given
// vectors or end points), axes (one parameter each), pca (of a trajectory) or eigen (the
// top Hessian eigenvectors), normalized where the kind calls for it, and the metadata the
// JSON reports. Which kinds are rescaled: random and file directions have an arbitrary
// scale, so normalization applies to them (Li et al.); interp (α = 1 lands on θ_to), pca
// and eigen (unit vectors) and axes (one parameter, unit step) keep the scale that gives α meaning.

import type { Architecture } from "../nn/architecture.js";
import { parameterCount } from "../nn/architecture.js";
import type { Table } from "../nn/table.js";
import type { LossName } from "../numerics/losses.js";
import { axisDirection, eigenDirections, pointDirection, randomDirections } from "./directions.js";
import { normalizeDirection, type BiasRule, type Normalization } from "./normalize.js";
import { trajectoryPca } from "./pca.js";
import { SliceError, sliceErrorOn } from "./slice-error.js";
import { dot } from "./vector.js";

/** The directions of a slice, as plain data: files and interp carry their vectors and the names the JSON reports. */
export type SliceDirections =
  | { kind: "random" | "pca" | "eigen" }
  | { kind: "axes"; names: string[] }
  | { kind: "files"; files: string[]; vectors: Float64Array[] }
  | { kind: "interp"; to: string[]; points: Float64Array[] };

export interface DirectionInputs {
  arch: Architecture;
  theta: Float64Array;
  data: Table;
  loss: LossName;
  spec: SliceDirections;
  dims: 1 | 2;
  normalization: Normalization;
  bias: BiasRule;
  seed: number;
  /** Trajectory points (pca). */
  trajectory: readonly Float64Array[] | null;
}

export interface ResolvedDirections {
  d1: Float64Array;
  d2: Float64Array | null;
  /** JSON metadata written before d1 and d2 under "directions". */
  meta: Record<string, unknown>;
}

/** Whether the kind's scale is arbitrary, so normalization and the bias rule apply. */
export const rescaled = (kind: SliceDirections["kind"]): boolean => kind === "random" || kind === "files";

/** Raw directions of the kind, as many as dims, before normalization. */
function raw(x: DirectionInputs): { dirs: Float64Array[]; meta: Record<string, unknown> } {
  const P = parameterCount(x.arch);
  const n = x.dims;
  const s = x.spec;
  const enough = (have: number, what: string): void => {
    if (have < n) throw new SliceError("directions", `${s.kind} directions: a plane needs two ${what} (got ${have})`);
  };
  switch (s.kind) {
    case "random":
      return { dirs: randomDirections(P, n, x.seed), meta: { seed: x.seed } };
    case "files":
      enough(s.vectors.length, "vectors");
      return { dirs: s.vectors.slice(0, n), meta: { files: s.files.slice(0, n) } };
    case "axes":
      enough(s.names.length, "parameter names");
      return { dirs: sliceErrorOn("directions", () => s.names.slice(0, n).map((name) => axisDirection(x.arch, name))), meta: { names: s.names.slice(0, n) } };
    case "interp":
      enough(s.points.length, "end points");
      return { dirs: s.points.slice(0, n).map((p) => pointDirection(x.theta, p)), meta: { to: s.to.slice(0, n) } };
    case "pca": {
      const traj = x.trajectory;
      if (!traj) throw new SliceError("directions", "pca directions need a trajectory");
      const r = sliceErrorOn("trajectory", () => trajectoryPca(x.arch, traj, x.bias));
      return {
        dirs: r.directions.slice(0, n),
        meta: { points: r.points, explainedVarianceRatio: r.explainedVarianceRatio.slice(0, n), explainedVariance: r.explainedVariance.slice(0, n), singularValues: r.singularValues.slice(0, n) },
      };
    }
    case "eigen": {
      const e = sliceErrorOn("eigen", () => eigenDirections(x.arch, x.theta, x.data, x.loss, x.seed));
      return { dirs: e.directions.slice(0, n), meta: { seed: x.seed, eigenvalues: e.eigenvalues.slice(0, n), lanczosSteps: e.steps, converged: e.converged } };
    }
  }
}

const norm = (v: Float64Array): number => Math.sqrt(dot(v, v));

/** d1 and d2 of the slice, normalized where the kind calls for it, checked non-zero and not parallel. */
export function resolveDirections(x: DirectionInputs): ResolvedDirections {
  const { dirs, meta } = raw(x);
  dirs.forEach((d, k) => {
    if (norm(d) === 0) throw new SliceError("directions", `direction d${k + 1} is the zero vector${x.spec.kind === "interp" ? " (the --to point equals the center)" : ""}`);
  });
  const scaled = rescaled(x.spec.kind);
  const option = scaled ? "normalize" : "directions";
  const out = scaled ? sliceErrorOn("normalize", () => dirs.map((d) => normalizeDirection(x.arch, x.theta, d, x.normalization, x.bias))) : dirs;
  out.forEach((d, k) => {
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) throw new SliceError("directions", `d${k + 1} entry ${i} is not a finite number`);
    if (norm(d) === 0) {
      // Only rescaling can zero a direction that was not zero before.
      throw new SliceError(option, `direction d${k + 1} is zero after ${x.normalization} normalization with --bias-directions ${x.bias} (θ*'s weights are zero where it scales them); try --normalize none or another center`);
    }
  });
  if (out.length === 2) {
    const [a, b] = out;
    if (Math.abs(dot(a, b)) >= (1 - 1e-12) * norm(a) * norm(b)) throw new SliceError(option, "directions d1 and d2 are parallel, so they span no plane");
  }
  return {
    d1: out[0],
    d2: out.length === 2 ? out[1] : null,
    meta: { kind: x.spec.kind, normalization: scaled ? x.normalization : "none", biasDirections: scaled || x.spec.kind === "pca" ? x.bias : null, ...meta },
  };
}
