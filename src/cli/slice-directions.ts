// `slice --directions`: from the parsed kind and its companion flags (--to, --trajectory,
// --normalize, --bias-directions, --seed) to the vectors d1 (and d2) and the metadata the
// JSON reports. Every refusal is a UsageError naming the flag: exit 2, one line.
// Which kinds are rescaled: random and file directions have an arbitrary scale, so
// --normalize applies to them (Li et al.); interp (α = 1 lands on θ_to), pca and eigen
// (unit vectors) and axes (one parameter, unit step) keep the scale that gives α meaning.

import type { Architecture } from "../nn/architecture.js";
import { parameterCount } from "../nn/architecture.js";
import type { Table } from "../nn/table.js";
import type { LossName } from "../numerics/losses.js";
import { axisDirection, eigenDirections, pointDirection, randomDirections } from "../slices/directions.js";
import { normalizeDirection, type BiasRule, type Normalization } from "../slices/normalize.js";
import { trajectoryPca } from "../slices/pca.js";
import { dot } from "../slices/vector.js";
import { UsageError, usageOn } from "./errors.js";
import type { Dims, DirectionSpec } from "./slice-options.js";

export interface DirectionInputs {
  arch: Architecture;
  theta: Float64Array;
  data: Table;
  loss: LossName;
  spec: DirectionSpec;
  dims: Dims;
  normalization: Normalization;
  bias: BiasRule;
  /** Whether --normalize / --bias-directions were given (refused for kinds they do not apply to). */
  normalizeGiven: boolean;
  biasGiven: boolean;
  seed: number;
  /** Loaded --to points. */
  to: Float64Array[];
  toFiles: string[];
  /** Loaded --directions files. */
  files: Float64Array[];
  /** Trajectory points (pca). */
  trajectory: Float64Array[] | null;
}

export interface ResolvedDirections {
  d1: Float64Array;
  d2: Float64Array | null;
  /** JSON metadata written before d1 and d2 under "directions". */
  meta: Record<string, unknown>;
}

/** Whether the kind's scale is arbitrary, so --normalize and --bias-directions apply. */
export const rescaled = (kind: DirectionSpec["kind"]): boolean => kind === "random" || kind === "files";

function checkApplicable(x: DirectionInputs): void {
  const k = x.spec.kind;
  if (x.normalizeGiven && x.normalization !== "none" && !rescaled(k)) {
    throw new UsageError(`--normalize ${x.normalization} applies to random and file directions; ${k} directions keep their own scale (give --normalize none or leave it out)`);
  }
  if (x.biasGiven && !rescaled(k) && k !== "pca") {
    throw new UsageError(`--bias-directions applies to random, file and pca directions, not to ${k}`);
  }
  if (x.toFiles.length > 0 && k !== "interp") throw new UsageError("--to is the end point of --directions interp");
}

/** Raw directions of the kind, as many as dims, before normalization. */
function raw(x: DirectionInputs): { dirs: Float64Array[]; meta: Record<string, unknown> } {
  const P = parameterCount(x.arch);
  const n = x.dims;
  const s = x.spec;
  switch (s.kind) {
    case "random":
      return { dirs: randomDirections(P, n, x.seed), meta: { seed: x.seed } };
    case "files":
      if (x.files.length < n) throw new UsageError(`--directions: a plane needs two files FILE1,FILE2 (got one; or give --dims 1)`);
      return { dirs: x.files.slice(0, n), meta: { files: s.files.slice(0, n) } };
    case "axes":
      if (s.names.length < n) throw new UsageError(`--directions axes: a plane needs two parameter names, e.g. axes:w,b (or give --dims 1)`);
      return { dirs: usageOn("--directions", [RangeError], () => s.names.slice(0, n).map((name) => axisDirection(x.arch, name))), meta: { names: s.names.slice(0, n) } };
    case "interp": {
      if (x.to.length === 0) throw new UsageError("--directions interp needs --to FILE (the end point; twice for a plane)");
      if (x.to.length < n) throw new UsageError("--directions interp with one --to is a line: give --dims 1, or --to twice for the plane through three points");
      return { dirs: x.to.slice(0, n).map((p) => pointDirection(x.theta, p)), meta: { to: x.toFiles.slice(0, n) } };
    }
    case "pca": {
      if (!x.trajectory) throw new UsageError("--directions pca needs --trajectory FILE (the saved points of a run)");
      const traj = x.trajectory;
      const r = usageOn("--trajectory", [RangeError], () => trajectoryPca(x.arch, traj, x.bias));
      return {
        dirs: r.directions.slice(0, n),
        meta: { points: r.points, explainedVarianceRatio: r.explainedVarianceRatio.slice(0, n), explainedVariance: r.explainedVariance.slice(0, n), singularValues: r.singularValues.slice(0, n) },
      };
    }
    case "eigen": {
      const e = usageOn("--directions eigen", [RangeError], () => eigenDirections(x.arch, x.theta, x.data, x.loss, x.seed));
      return { dirs: e.directions.slice(0, n), meta: { seed: x.seed, eigenvalues: e.eigenvalues.slice(0, n), lanczosSteps: e.steps, converged: e.converged } };
    }
  }
}

const norm = (v: Float64Array): number => Math.sqrt(dot(v, v));

/** d1 and d2 of the slice, normalized where the kind calls for it, checked non-zero and not parallel. */
export function resolveDirections(x: DirectionInputs): ResolvedDirections {
  checkApplicable(x);
  const { dirs, meta } = raw(x);
  dirs.forEach((d, k) => {
    if (norm(d) === 0) throw new UsageError(`--directions: direction d${k + 1} is the zero vector${x.spec.kind === "interp" ? " (the --to point equals the center)" : ""}`);
  });
  const scaled = rescaled(x.spec.kind);
  const flag = scaled ? `--normalize ${x.normalization}` : "--directions";
  const out = scaled ? usageOn(flag, [RangeError], () => dirs.map((d) => normalizeDirection(x.arch, x.theta, d, x.normalization, x.bias))) : dirs;
  out.forEach((d, k) => {
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) throw new UsageError(`--directions: d${k + 1} entry ${i} is not a finite number`);
    if (norm(d) === 0) {
      // Only rescaling can zero a direction that was not zero before.
      throw new UsageError(`${flag}: direction d${k + 1} is zero after ${x.normalization} normalization with --bias-directions ${x.bias} (θ*'s weights are zero where it scales them); try --normalize none or another center`);
    }
  });
  if (out.length === 2) {
    const [a, b] = out;
    if (Math.abs(dot(a, b)) >= (1 - 1e-12) * norm(a) * norm(b)) throw new UsageError(`${flag}: directions d1 and d2 are parallel, so they span no plane`);
  }
  return {
    d1: out[0],
    d2: out.length === 2 ? out[1] : null,
    meta: { kind: x.spec.kind, normalization: scaled ? x.normalization : "none", biasDirections: scaled || x.spec.kind === "pca" ? x.bias : null, ...meta },
  };
}
