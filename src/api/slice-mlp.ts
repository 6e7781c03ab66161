// `slice` of an MLP (mlpModel): θ*, the directions (../slices/slice-directions.ts), the
// window (fitted to the projected run with fit "path"), the projected trajectory, and the
// points on the nn engine. The one-neuron (w, b) plane along axes w,b goes through the same
// WebAssembly grid kernel as `grid` (so the two print the same numbers to the last bit);
// every other slice runs the network kernel on all cores (../fast/nn-slice-fast.ts), or
// ../slices/slice.ts where the kernel does not apply. With a subsample the points are
// evaluated on the subset, and each point's mean loss gets its standard error.

import { evaluateGridParallel } from "../fast/grid-parallel.js";
import { evaluateSliceBlocks } from "../fast/nn-slice-fast.js";
import { usingKernelPool } from "../fast/pool.js";
import { seededRandom } from "../init/random.js";
import { describeArchitecture, parameterCount, type Architecture } from "../nn/architecture.js";
import { describeNetworkInit, initializeNetwork } from "../nn/init.js";
import { axisValues } from "../numerics/grid.js";
import type { LossName } from "../numerics/losses.js";
import { FIT_MARGIN, fitWindow } from "../slices/fit-window.js";
import { planeCoordinates, projectTrajectory } from "../slices/projection.js";
import { resolveDirections, type SliceDirections } from "../slices/slice-directions.js";
import { SliceError, sliceErrorOn } from "../slices/slice-error.js";
import { checkSliceSpec, evaluateSliceRange, SLICE_FIELDS, slicePoint, type SliceInput, type SliceSpec } from "../slices/slice.js";
import { drawSubsample, meanLossStandardError, subsetTable } from "../slices/subsample.js";
import { contentDigest } from "../tiles/settings-hash.js";
import type { PointRange } from "../tiles/tile-spec.js";
import { STANDARD_ERROR_FIELD } from "../formats/slice.js";
import { tableOf, type MlpModel } from "../model/mlp-model.js";
import type { ModelData } from "../model/model.js";
import type { ProgressCallback } from "./run-control.js";
import type { SliceOptions, SlicePlan, SliceTrajectoryPoint } from "./slice-types.js";

/** The one-neuron model: one input, no hidden layer (its two parameters are w and b). */
const isOneNeuron = (arch: Architecture): boolean => arch.hidden.length === 0 && arch.inputs === 1;

/**
 * Default directions: random, except for the one-neuron model, whose two parameters span the
 * whole space: there random directions filter-normalized with zero bias entries are both along
 * w (parallel), and its default center is the origin, where filter normalization zeroes them.
 * Its plane is (w, b) itself.
 */
export function defaultMlpDirections(arch: Architecture): SliceDirections {
  return isOneNeuron(arch) ? { kind: "axes", names: ["w", "b"] } : { kind: "random" };
}

/** Whether the slice is the one-neuron (w, b) plane: α along w, β along b. */
export function isWbPlane(arch: Architecture, spec: SliceDirections, grid: SliceSpec): boolean {
  return arch.inputs === 1 && arch.hidden.length === 0 && spec.kind === "axes" && grid.beta !== null && spec.names[0].trim() === "w" && spec.names[1]?.trim() === "b";
}

function mlpLoss(loss: SliceOptions["loss"]): LossName {
  if (loss === "auto") return "mse";
  if (loss === "ce") throw new RangeError("an MLP has one sigmoid output: loss bce or mse");
  return loss;
}

/** checkSliceSpec as a SliceError about the window. */
export function checkedWindow(spec: SliceSpec): SliceSpec {
  sliceErrorOn("window", () => checkSliceSpec(spec));
  return spec;
}

/** The window: as given, with fit "path" the axes not given fitted to the projected run and θ*. */
export function sliceWindow(o: SliceOptions, dims: 1 | 2, given: { alpha: boolean; beta: boolean }, fit: "none" | "path", center: Float64Array, d1: Float64Array, d2: Float64Array | null, points: readonly Float64Array[] | null): SliceSpec {
  const grid = checkedWindow({ alpha: o.alpha, beta: dims === 2 ? o.beta : null });
  if (fit !== "path") return grid;
  if (!points) throw new SliceError("fit", "fitting the window to the path needs a trajectory");
  const fitted = sliceErrorOn("fit", () => fitWindow(planeCoordinates(center, d1, d2, points), dims));
  const a = given.alpha ? grid.alpha : { ...grid.alpha, min: fitted.alpha[0], max: fitted.alpha[1] };
  const b = grid.beta && fitted.beta && !given.beta ? { ...grid.beta, min: fitted.beta[0], max: fitted.beta[1] } : grid.beta;
  return checkedWindow({ alpha: a, beta: b });
}

export async function planMlpSlice(model: MlpModel, all: ModelData, o: SliceOptions, given: { alpha: boolean; beta: boolean }, progress: ProgressCallback): Promise<SlicePlan> {
  const arch = model.architecture;
  const P = parameterCount(arch);
  const loss = mlpLoss(o.loss);
  const full = tableOf(all);
  const spec = o.directions ?? defaultMlpDirections(arch);
  const dims = o.dims ?? (spec.kind === "interp" && spec.points.length === 1 ? 1 : 2);
  const trajectory = o.trajectory;
  if (trajectory && trajectory.points.length < 2) throw new SliceError("trajectory", `a trajectory needs at least 2 points (got ${trajectory.points.length})`);
  for (const p of trajectory?.points ?? []) if (p.length !== P) throw new SliceError("trajectory", `a point has ${p.length} entries; the model has P = ${P} parameters`);
  const fit = o.fit ?? (spec.kind === "pca" && !(given.alpha && (dims === 1 || given.beta)) ? "path" : "none");
  const subsample = o.subsample === null ? null : sliceErrorOn("subsample", () => drawSubsample(full.y.length, o.subsample as number, o.subsampleSeed));
  // The points (and the projected run's losses) are evaluated on the subset; directions on all the data.
  const data = subsample ? subsetTable(full, subsample) : full;
  // θ*: params; else init (seeded by initSeed); else, for pca, the trajectory's last point (Li et al. center the plane on the final weights); else the model's θ.
  let center: { theta: Float64Array; source: string };
  if (o.params) center = { theta: o.params, source: o.paramsSource };
  else if (o.init) center = { theta: initializeNetwork(arch, o.init, seededRandom(o.initSeed), o.gain, data).theta, source: `--init ${describeNetworkInit(o.init)}, --init-seed ${o.initSeed}` };
  else if (spec.kind === "pca" && trajectory) center = { theta: Float64Array.from(trajectory.points[trajectory.points.length - 1]), source: "the trajectory's last point" };
  else center = { theta: model.theta, source: "the model's parameters" };
  if (center.theta.length !== P) throw new RangeError(`params has ${center.theta.length} entries; the model has P = ${P} parameters`);
  progress(`directions (${spec.kind})`);
  const dirs = resolveDirections({ arch, theta: center.theta, data: full, loss, spec, dims, normalization: o.normalize, bias: o.biasDirections, seed: o.seed, trajectory: trajectory?.points ?? null });
  const grid = sliceWindow(o, dims, given, fit, center.theta, dirs.d1, dirs.d2, trajectory?.points ?? null);
  let projected: SliceTrajectoryPoint[] | null = null;
  if (trajectory) {
    const T = trajectory.points.length;
    const stage = `projecting ${T} saved points`;
    progress(stage, 0);
    projected = sliceErrorOn("trajectory", () => projectTrajectory(arch, center.theta, dirs.d1, dirs.d2, trajectory.points, data, loss, (t) => progress(stage, (t + 1) / T))).map((p, t) => ({ step: trajectory.steps[t], ...p }));
  }
  const alpha = axisValues(grid.alpha);
  const beta = grid.beta ? axisValues(grid.beta) : Float64Array.of(0);
  const header = {
    loss,
    model: { inputs: arch.inputs, hidden: arch.hidden, activation: arch.activation, parameters: P, description: describeArchitecture(arch) },
    center: center.source,
    samples: full.y.length,
    dims,
    window: { fit, margin: fit === "path" ? FIT_MARGIN : null, alpha: [grid.alpha.min, grid.alpha.max], beta: grid.beta ? [grid.beta.min, grid.beta.max] : null },
    ...(subsample ? { subsample: { samples: subsample.indices.length, of: subsample.of, seed: subsample.seed, indices: subsample.indices } } : {}),
  };
  const input: SliceInput = { arch, theta: center.theta, d1: dirs.d1, d2: dirs.d2, data, loss, ...(o.batchEval !== null ? { batch: o.batchEval } : {}) };
  const wb = isWbPlane(arch, spec, grid);
  const cols = alpha.length;
  const point = new Float64Array(P);
  // The standard error of each point's mean loss over the subset, beside the kernel's three fields.
  const withError = (onBlock: (at: number, values: Float64Array[]) => void) => (at: number, v: Float64Array[]): void => {
    if (!subsample) return onBlock(at, v);
    const se = new Float64Array(v[0].length);
    for (let q = 0; q < se.length; q++) {
      const p = at + q;
      slicePoint(input.theta, input.d1, input.d2, alpha[p % cols], beta[Math.floor(p / cols)], point);
      se[q] = meanLossStandardError(arch, point, data, loss, subsample.of, input.batch);
    }
    onBlock(at, [...v, se]);
  };
  const evaluate = async (range: PointRange, onBlockRaw: (at: number, values: Float64Array[]) => void, shouldStop: () => boolean, onRow: (done: number, total: number) => void = () => {}): Promise<void> => {
    const onBlock = withError(onBlockRaw);
    if (wb && grid.beta) {
      // The one-neuron (w, b) plane goes through the grid kernel as a whole (it is cheap):
      // its points are then handed on in the range asked for.
      const [w0, b0] = input.theta;
      const shift = (a: SliceSpec["alpha"], c: number): SliceSpec["alpha"] => (c === 0 ? a : { min: c + a.min, max: c + a.max, count: a.count });
      const g = await usingKernelPool((pool) => evaluateGridParallel(loss, { x: data.x, y: data.y, source: data.source }, { w: shift(grid.alpha, w0), b: shift(grid.beta!, b0) }, { pool }));
      onRow(grid.beta.count, grid.beta.count);
      const f = { loss: g.fields.loss, accuracy: g.fields.accuracy, gradNorm: g.fields.gradNorm };
      onBlock(range.start, SLICE_FIELDS.map((name) => (f[name].data as Float64Array).subarray(range.start, range.end)));
      return;
    }
    const ran = await usingKernelPool((pool) => evaluateSliceBlocks(input, grid, { pool }, { range, onBlock, shouldStop }, onRow));
    if (!ran) evaluateSliceRange(input, grid, range.start, range.end, onBlock);
  };
  return {
    header,
    grid,
    alpha,
    beta,
    center: center.theta,
    d1: dirs.d1,
    d2: dirs.d2,
    directionMeta: dirs.meta,
    trajectory: projected,
    fields: subsample ? [...SLICE_FIELDS, STANDARD_ERROR_FIELD.name] : [...SLICE_FIELDS],
    total: alpha.length * beta.length,
    evaluation: wb ? "grid kernel" : "network kernel",
    digests: {
      data: contentDigest([String(data.inputs), data.x, data.y]),
      params: contentDigest([center.theta]),
      directions: contentDigest([dirs.d1, dirs.d2]),
      trajectory: trajectory ? contentDigest(trajectory.points) : "none",
    },
    evaluate,
  };
}
