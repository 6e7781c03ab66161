// `slice`: the loss of any model over a plane (or line) through parameter space,
// θ(α, β) = θ* + α·d1 + β·d2, along chosen directions, with a saved run projected onto it.

import { checkSliceSpec, MAX_SLICE_POINTS, type SliceSpec } from "../../slices/slice.js";
import type { Architecture } from "../../nn/architecture.js";
import { planeCoordinates, projectTrajectory } from "../../slices/projection.js";
import { FIT_MARGIN, fitWindow } from "../../slices/fit-window.js";
import type { Command, CommandIO } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { UsageError, usageOn } from "../errors.js";
import { requireFinite } from "../finite.js";
import { checkDistinctOutputs } from "../output-set.js";
import { loadParams, printWarnings } from "../network-io.js";
import { ACTIVATION_OPTION, DATA_SEED_OPTION, GAIN_OPTION, HIDDEN_OPTION, NET_DATA_OPTION, NOISE_OPTION, PARAMS_OPTION, SAMPLES_OPTION } from "../network-options.js";
import { PROBE_INIT_OPTION } from "../network-probe.js";
import type { Values } from "../options.js";
import { checkMemory, PROGRESS_OPTIONS, QUIET_OPTION, startJob } from "../progress-options.js";
import { networkMemory } from "../estimate.js";
import { formatOption, LOSS_OPTION, seedOption } from "../shared-options.js";
import { addCosts, sliceCost, sliceStagesCost } from "../slice-cost.js";
import { resolveDirections } from "../slice-directions.js";
import { isWbPlane } from "../slice-evaluate.js";
import { drawSubsample, subsetTable } from "../../slices/subsample.js";
import { SLICE_FORMATS, type SliceDocument } from "../../formats/slice.js";
import { checkSliceFormat, sliceSvgOptions, writeSliceOutputs } from "../slice-output.js";
import { sliceContext, sliceDocument, slicePointJob, sliceSettings } from "../slice-tiles.js";
import { checkpointPath, OUT_PATH_OPTION, resolveTile, RESUME_OPTION, TILE_OPTIONS, tileFilePath } from "../tile-options.js";
import { evaluatePoints, SIGNAL_EXIT } from "../tile-run.js";
import { packageVersion } from "../version.js";
import { axisValues } from "../../numerics/grid.js";
import { rmSync } from "node:fs";
import { INIT_SEED_OPTION, loadCenter, loadModel, loadTrajectory, modelJson } from "../slice-inputs.js";
import {
  ALPHA_OPTION, BATCH_EVAL_OPTION, BETA_OPTION, BIAS_OPTION, DIMS_OPTION, DIRECTIONS_OPTION, EPSILON_OPTION, FIT_OPTION, NORMALIZE_OPTION, SUBSAMPLE_OPTION, SUBSAMPLE_SEED_OPTION, SVG_OPTION, TO_OPTION, TRAJECTORY_OPTION, VTP_LOG_OPTION, type Dims, type DirectionSpec,
} from "../slice-options.js";

const SEED_OPTION = seedOption("seed of random directions (and of eigen's Lanczos start vector)");
const FORMAT_OPTION = formatOption(SLICE_FORMATS);

function sliceSpec(values: Values, dims: Dims): SliceSpec {
  return checkedSpec({ alpha: values.get(ALPHA_OPTION), beta: dims === 2 ? values.get(BETA_OPTION) : null });
}

/** "window α ∈ [-0.41, 1.3], β ∈ [-0.2, 0.35]" (4 significant digits, for stderr). */
function windowText(g: SliceSpec): string {
  const r = (a: { min: number; max: number }): string => `[${Number(a.min.toPrecision(4))}, ${Number(a.max.toPrecision(4))}]`;
  return `window α ∈ ${r(g.alpha)}${g.beta ? `, β ∈ ${r(g.beta)}` : ""}`;
}

function checkedSpec(spec: SliceSpec): SliceSpec {
  try {
    checkSliceSpec(spec);
  } catch (err) {
    const m = (err as Error).message;
    throw new UsageError(/^(alpha|beta):/.test(m) ? `--${m}` : `--alpha/--beta: ${m}`);
  }
  return spec;
}

/**
 * --directions when not given: random, except for the one-neuron model (one input, no
 * hidden layer), whose two parameters span the whole space: there random directions
 * filter-normalized with zero bias entries are both along w (parallel), and its default
 * center is the origin, where filter normalization zeroes them. Its plane is (w, b) itself.
 */
function defaultDirections(arch: Architecture): DirectionSpec {
  return arch.hidden.length === 0 && arch.inputs === 1 ? { kind: "axes", names: ["w", "b"] } : { kind: "random" };
}

async function run(values: Values, io: CommandIO): Promise<number> {
  const loss = values.get(LOSS_OPTION);
  const full = loadModel(values, loss);
  printWarnings(io, "slice", full.params?.warnings ?? []);
  // Before any pass over the data (directions included): too large a network for the memory is refused now.
  checkMemory(networkMemory(full.arch, full.data.y.length));
  const spec = values.given(DIRECTIONS_OPTION) ? values.get(DIRECTIONS_OPTION) : defaultDirections(full.arch);
  const toFiles = values.get(TO_OPTION);
  const dims: Dims = values.get(DIMS_OPTION) ?? (spec.kind === "interp" && toFiles.length === 1 ? 1 : 2);
  // Fitting applies to the axes whose range is not given; with all of them given there is nothing to fit.
  const allGiven = values.given(ALPHA_OPTION) && (dims === 1 || values.given(BETA_OPTION));
  if (values.get(FIT_OPTION) === "path" && allGiven) throw new UsageError(`--fit path and --alpha${dims === 2 ? "/--beta" : ""} both set the window: give one`);
  const fit = values.get(FIT_OPTION) ?? (spec.kind === "pca" && !allGiven ? "path" : "none");
  // The given (or default) window, checked now so a bad --alpha costs nothing; --fit path replaces what was not given.
  let grid = sliceSpec(values, dims);
  const format = values.get(FORMAT_OPTION);
  const out = values.get(OUT_PATH_OPTION);
  const svg = values.get(SVG_OPTION);
  const tile = resolveTile(values, io.env ?? {});
  // A tile's --out is a folder; one run's --out and --svg are two files.
  if (tile === null) checkDistinctOutputs([{ label: "--out", path: out }, { label: "--svg", path: svg }]);
  if (tile === null) checkSliceFormat(format, out, dims);
  const resume = values.get(RESUME_OPTION);
  if (tile !== null && out === undefined) throw new UsageError("--tile writes its tile file into the folder --out DIR: give --out");
  if (tile !== null && svg !== undefined) throw new UsageError("--svg is drawn when the tiles are merged: give it to `loss-landscape merge`, not to a --tile run");
  if (tile === null && resume && out === undefined) throw new UsageError("--resume continues a run that writes --out FILE (or a --tile); give --out");
  // Where the points go: the tile file in --out DIR, or the checkpoint beside --out FILE.
  const tilePath = tile !== null ? tileFilePath(out as string, "slice", tile) : out !== undefined ? checkpointPath(out) : null;
  const subsampleM = values.get(SUBSAMPLE_OPTION);
  const subsample = subsampleM === undefined ? null : usageOn("--subsample", [RangeError], () => drawSubsample(full.data.y.length, subsampleM, values.get(SUBSAMPLE_SEED_OPTION)));
  // The points (and the projected run's losses) are evaluated on the subset; directions on all the data.
  const m = subsample ? { ...full, data: subsetTable(full.data, subsample) } : full;
  const trajectory = loadTrajectory(values.get(TRAJECTORY_OPTION), m.P);
  if (spec.kind === "pca" && !trajectory) throw new UsageError("--directions pca needs --trajectory FILE (the saved points of a run)");
  if (fit === "path" && !trajectory) throw new UsageError("--fit path needs --trajectory FILE: the window covers the run's projection");
  const center = loadCenter(values, m, trajectory, spec.kind === "pca");
  const files = spec.kind === "files" ? spec.files.slice(0, dims).map((f) => loadParams(f, m.arch, "--directions")) : [];
  // Every stage is estimated (and --max-seconds checked) before the first: the directions
  // and the projected trajectory can cost more than the points.
  const T = trajectory?.points.length ?? 0;
  const cost = addCosts(sliceCost(grid.alpha.count, grid.beta?.count ?? 1, m.data.y.length, m.P), sliceStagesCost(spec.kind, full.data.y.length, m.P, T));
  const progress = startJob(values, io, "slice", { ...cost, memory: networkMemory(full.arch, full.data.y.length) });
  progress.update(`directions (${spec.kind})`);
  const dirs = resolveDirections({
    arch: m.arch,
    theta: center.theta,
    data: full.data,
    loss,
    spec,
    dims,
    normalization: values.get(NORMALIZE_OPTION),
    bias: values.get(BIAS_OPTION),
    normalizeGiven: values.given(NORMALIZE_OPTION),
    biasGiven: values.given(BIAS_OPTION),
    seed: values.get(SEED_OPTION),
    to: toFiles.map((f) => loadParams(f, m.arch, "--to")),
    toFiles,
    files,
    trajectory: trajectory?.points ?? null,
  });
  if (fit === "path" && trajectory) {
    const fitted = usageOn("--fit path", [RangeError], () => fitWindow(planeCoordinates(center.theta, dirs.d1, dirs.d2, trajectory.points), dims));
    const a = values.given(ALPHA_OPTION) ? grid.alpha : { ...grid.alpha, min: fitted.alpha[0], max: fitted.alpha[1] };
    const b = grid.beta && fitted.beta && !values.given(BETA_OPTION) ? { ...grid.beta, min: fitted.beta[0], max: fitted.beta[1] } : grid.beta;
    grid = checkedSpec({ alpha: a, beta: b });
    if (!values.get(QUIET_OPTION)) io.err(`loss-landscape slice: ${windowText(grid)} (--fit path: the projected trajectory and the center, with a ${FIT_MARGIN * 100}% margin)\n`);
  }
  const cols = grid.alpha.count, rows = grid.beta?.count ?? 1;
  const input = { arch: m.arch, theta: center.theta, d1: dirs.d1, d2: dirs.d2, data: m.data, loss, batch: values.get(BATCH_EVAL_OPTION) };
  let projected: SliceDocument["trajectory"] = null;
  if (trajectory) {
    try {
      const stage = `projecting ${T} saved points`;
      progress.update(stage, 0);
      projected = projectTrajectory(m.arch, center.theta, dirs.d1, dirs.d2, trajectory.points, m.data, loss, (t) => progress.update(stage, (t + 1) / T)).map((p, t) => ({ step: trajectory.stepOf[t], ...p }));
    } catch (err) {
      if (err instanceof RangeError) throw new UsageError(`--trajectory: ${err.message}`);
      throw err;
    }
    requireFinite(projected, "--trajectory");
  }
  const skeleton = {
    header: {
      loss,
      model: modelJson(m),
      center: center.source,
      samples: full.data.y.length,
      dims,
      window: { fit, margin: fit === "path" ? FIT_MARGIN : null, alpha: [grid.alpha.min, grid.alpha.max], beta: grid.beta ? [grid.beta.min, grid.beta.max] : null },
      ...(subsample ? { subsample: { samples: subsample.indices.length, of: subsample.of, seed: subsample.seed, indices: subsample.indices } } : {}),
    },
    d1: dirs.d1,
    d2: dirs.d2,
    directionMeta: dirs.meta,
    trajectory: projected,
  };
  const svgOptions = sliceSvgOptions({ loss, epsilon: values.get(EPSILON_OPTION), samples: full.data.y.length, arch: m.arch, center: center.source });
  const wb = isWbPlane(m.arch, spec, grid);
  const stage = tile ? `evaluating tile ${tile.index}/${tile.count} of ${cols}×${rows} points` : `evaluating ${cols}×${rows} points`;
  const onRow = (done: number, total: number): void => progress.update(stage, done / total);
  const context = sliceContext(skeleton, axisValues(grid.alpha), grid.beta ? axisValues(grid.beta) : Float64Array.of(0), svgOptions);
  const settings = sliceSettings(input, grid, wb, packageVersion(), { subsample: subsample ? JSON.stringify({ samples: subsample.indices.length, seed: subsample.seed }) : "none" });
  const job = slicePointJob(input, grid, wb, settings, context, onRow, subsample ? { populationSize: subsample.of } : null);
  const fields = await evaluatePoints(job, { path: tilePath, tile, resume, argv: io.argv ?? [] }, io.err);
  if (!Array.isArray(fields)) {
    progress.finish();
    return SIGNAL_EXIT[fields.stoppedBy];
  }
  if (tile !== null) {
    for (const v of fields) requireFinite(v, "--alpha/--beta");
    progress.finish();
    return 0;
  }
  const doc = sliceDocument(context, fields);
  requireFinite(doc.result.fields, "--alpha/--beta");
  await writeSliceOutputs(doc, svgOptions, { format, out, svg, vtpLog: values.get(VTP_LOG_OPTION) }, progress);
  if (tilePath !== null) rmSync(tilePath, { force: true });
  progress.finish();
  return 0;
}

export const sliceCommand: Command = {
  name: "slice",
  summary: "Loss, accuracy and gradient norm of any model over a plane (or line) θ* + α·d1 + β·d2 through parameter space, with a saved trajectory projected onto it.",
  options: [
    LOSS_OPTION, HIDDEN_OPTION, ACTIVATION_OPTION, NET_DATA_OPTION, SAMPLES_OPTION, NOISE_OPTION, DATA_SEED_OPTION, PARAMS_OPTION, PROBE_INIT_OPTION, GAIN_OPTION, INIT_SEED_OPTION,
    DIRECTIONS_OPTION, NORMALIZE_OPTION, BIAS_OPTION, SEED_OPTION, TO_OPTION, TRAJECTORY_OPTION, FIT_OPTION, ALPHA_OPTION, BETA_OPTION, DIMS_OPTION, SUBSAMPLE_OPTION, SUBSAMPLE_SEED_OPTION, BATCH_EVAL_OPTION,
    FORMAT_OPTION, VTP_LOG_OPTION, OUT_PATH_OPTION, SVG_OPTION, EPSILON_OPTION, ...TILE_OPTIONS, CONFIG_OPTION, ...PROGRESS_OPTIONS,
  ],
  details: `The center θ*: --params FILE; else --init SCHEME (seeded by --init-seed); else, for pca,
the trajectory's last point; else the origin for the one-neuron model (so axes:w,b is the
(w, b) grid of \`grid\`) and --init pytorch for a network. At most ${MAX_SLICE_POINTS.toLocaleString("en-US")} (1024²) points.
The window: --alpha and --beta, or with --fit path (the default for pca directions) the
range of the projected --trajectory and the center with a ${FIT_MARGIN * 100}% margin on each side, for
each axis not given; the window used is printed on stderr (unless --quiet) and is the JSON's
"window". JSON: {"loss", "model", "center", "samples", "dims", "window": {"fit" (path or
none), "margin" (null for none), "alpha": [min, max], "beta": [min, max] or null},
"alpha": [N], "beta": [M] ([0] for
--dims 1), "directions": {"kind", "normalization", "biasDirections", kind's metadata
("seed"; "files"; "to"; "names"; pca's "explainedVarianceRatio", "explainedVariance",
"singularValues", "points"; eigen's "eigenvalues", "lanczosSteps", "converged"), "d1",
"d2" (flat, after normalization; d2 null for a line)}, "fields": {"loss", "accuracy",
"gradNorm"} (each M rows of N: [beta][alpha]), "trajectory" (with --trajectory: per saved
point {"step", "alpha", "beta", "offPlane", "offPlaneFraction", "loss", "planeLoss"})}.
CSV: header alpha,beta,loss,accuracy,gradNorm, one line per point, beta-major.`,
  run,
};
