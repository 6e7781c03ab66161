// `slice`: the loss of any model over a plane (or line) through parameter space,
// θ(α, β) = θ* + α·d1 + β·d2, along chosen directions, with a saved run projected onto it.

import { checkSliceSpec, MAX_SLICE_POINTS, type SliceSpec } from "../../slices/slice.js";
import type { Architecture } from "../../nn/architecture.js";
import { FIT_MARGIN } from "../../slices/fit-window.js";
import { planSlice, type SliceOptions, type SlicePlan } from "../../api/slice.js";
import { mlpModel, modelDataOfTable } from "../../model/mlp-model.js";
import type { Settings } from "../../tiles/settings-hash.js";
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
import { networkMemory } from "../../estimate/cost.js";
import { formatOption, LOSS_OPTION, seedOption } from "../shared-options.js";
import { addCosts, sliceCost, sliceStagesCost } from "../../estimate/slice-cost.js";
import { checkDirectionFlags, sliceDirections, sliceUsageError } from "../slice-directions.js";
import { drawSubsample } from "../../slices/subsample.js";
import { SLICE_FORMATS } from "../../formats/slice.js";
import { checkSliceFormat, sliceSvgOptions, writeSliceOutputs } from "../slice-output.js";
import { sliceContext, sliceDocument, slicePlanJob } from "../slice-tiles.js";
import { checkpointPath, OUT_PATH_OPTION, resolveTile, RESUME_OPTION, TILE_OPTIONS, tileFilePath } from "../tile-options.js";
import { evaluatePoints, SIGNAL_EXIT } from "../tile-run.js";
import { packageVersion } from "../version.js";
import { rmSync } from "node:fs";
import { INIT_SEED_OPTION, loadModel, loadTrajectory } from "../slice-inputs.js";
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
  const grid = sliceSpec(values, dims);
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
  // The draw is checked now (the library draws it again, with the same seed).
  if (subsampleM !== undefined) usageOn("--subsample", [RangeError], () => drawSubsample(full.data.y.length, subsampleM, values.get(SUBSAMPLE_SEED_OPTION)));
  const samples = subsampleM ?? full.data.y.length;
  const trajectory = loadTrajectory(values.get(TRAJECTORY_OPTION), full.P);
  if (spec.kind === "pca" && !trajectory) throw new UsageError("--directions pca needs --trajectory FILE (the saved points of a run)");
  if (fit === "path" && !trajectory) throw new UsageError("--fit path needs --trajectory FILE: the window covers the run's projection");
  const normalization = values.get(NORMALIZE_OPTION);
  checkDirectionFlags({ spec, dims, normalization, normalizeGiven: values.given(NORMALIZE_OPTION), biasGiven: values.given(BIAS_OPTION), toFiles, trajectory: trajectory !== null });
  const center = centerOptions(values, full, trajectory !== null && spec.kind === "pca");
  const directions = sliceDirections(spec, dims, toFiles, (f, flag) => loadParams(f, full.arch, flag));
  // Every stage is estimated (and --max-seconds checked) before the first: the directions
  // and the projected trajectory can cost more than the points.
  const T = trajectory?.points.length ?? 0;
  const cost = addCosts(sliceCost(grid.alpha.count, grid.beta?.count ?? 1, samples, full.P), sliceStagesCost(spec.kind, full.data.y.length, full.P, T));
  const progress = startJob(values, io, "slice", { ...cost, memory: networkMemory(full.arch, full.data.y.length) });
  const batch = values.get(BATCH_EVAL_OPTION);
  let plan: SlicePlan;
  try {
    plan = await planSlice(
      mlpModel(full.arch, full.params?.theta ?? new Float64Array(full.P)),
      modelDataOfTable(full.data),
      {
        loss,
        ...center,
        gain: values.get(GAIN_OPTION),
        directions,
        normalize: normalization,
        biasDirections: values.get(BIAS_OPTION),
        seed: values.get(SEED_OPTION),
        trajectory: trajectory ? { points: trajectory.points, steps: trajectory.stepOf } : null,
        fit,
        ...(values.given(ALPHA_OPTION) ? { alpha: grid.alpha } : {}),
        ...(values.given(BETA_OPTION) ? { beta: values.get(BETA_OPTION) } : {}),
        dims,
        subsample: subsampleM ?? null,
        subsampleSeed: values.get(SUBSAMPLE_SEED_OPTION),
        batchEval: batch ?? null,
      },
      { onProgress: (stage, fraction) => progress.update(stage, fraction) },
    );
  } catch (err) {
    throw sliceUsageError(err, normalization);
  }
  if (fit === "path" && !values.get(QUIET_OPTION)) io.err(`loss-landscape slice: ${windowText(plan.grid)} (--fit path: the projected trajectory and the center, with a ${FIT_MARGIN * 100}% margin)\n`);
  if (plan.trajectory) requireFinite(plan.trajectory, "--trajectory");
  const cols = plan.alpha.length, rows = plan.beta.length;
  const centerSource = String(plan.header.center);
  const svgOptions = sliceSvgOptions({ loss, epsilon: values.get(EPSILON_OPTION), samples: full.data.y.length, arch: full.arch, center: centerSource });
  const stage = tile ? `evaluating tile ${tile.index}/${tile.count} of ${cols}×${rows} points` : `evaluating ${cols}×${rows} points`;
  const onRow = (done: number, total: number): void => progress.update(stage, done / total);
  const context = sliceContext({ header: plan.header, d1: plan.d1, d2: plan.d2, directionMeta: plan.directionMeta, trajectory: plan.trajectory }, plan.alpha, plan.beta, svgOptions);
  const a = full.arch;
  const settings: Settings = {
    version: packageVersion(),
    data: plan.digests.data,
    model: JSON.stringify({ inputs: a.inputs, hidden: a.hidden, activation: a.activation }),
    params: plan.digests.params,
    directions: plan.digests.directions,
    loss,
    ranges: JSON.stringify(plan.grid),
    evaluation: plan.evaluation,
    subsample: subsampleM !== undefined ? JSON.stringify({ samples: subsampleM, seed: values.get(SUBSAMPLE_SEED_OPTION) }) : "none",
  };
  const job = slicePlanJob(plan, settings, context, onRow);
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

/**
 * θ*'s options: --params; else --init (seeded by --init-seed); else, for pca, the trajectory's
 * last point (the library's rule); else the origin for the one-neuron model (α and β are then
 * w and b themselves) and --init's default for a network.
 */
function centerOptions(values: Values, m: ReturnType<typeof loadModel>, pcaWithTrajectory: boolean): Partial<SliceOptions> {
  const path = values.get(PARAMS_OPTION);
  const initGiven = values.given(PROBE_INIT_OPTION);
  if (path !== undefined && initGiven) throw new UsageError("--params and --init exclude each other");
  if (path !== undefined && m.params) return { params: m.params.theta, paramsSource: path };
  const oneNeuron = m.arch.hidden.length === 0 && m.arch.inputs === 1;
  if (!initGiven && pcaWithTrajectory) return {};
  if (!initGiven && oneNeuron) return { params: new Float64Array(m.P), paramsSource: "the origin (w, b) = (0, 0)" };
  return { init: values.get(PROBE_INIT_OPTION), initSeed: values.get(INIT_SEED_OPTION) };
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
