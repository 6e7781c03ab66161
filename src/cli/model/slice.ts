// `slice --model FILE.onnx`: its flags, the model, data and keyed files they name, the library's
// plan (../../api/slice.ts: directions, projected trajectory, the points' evaluation) run in
// memory, as a checkpoint or as a tile, and the slice written as JSON, CSV, HDF5 or VTP.

import { checkSliceSpec, MAX_SLICE_POINTS, type SliceSpec } from "../../slices/slice.js";
import type { Command, CommandIO } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { UsageError, usageOn } from "../errors.js";
import { requireFinite } from "../finite.js";
import type { Values } from "../options.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { formatOption, seedOption } from "../shared-options.js";
import { SLICE_FORMATS } from "../../formats/slice.js";
import { sliceUsageError } from "../slice-directions.js";
import { planSlice, SliceError, type SliceDirections, type SlicePlan } from "../../api/slice.js";
import { ALPHA_OPTION, BETA_OPTION, BIAS_OPTION, DIMS_OPTION, DIRECTIONS_OPTION, NORMALIZE_OPTION, TO_OPTION, TRAJECTORY_OPTION, VTP_LOG_OPTION, type Dims } from "../slice-options.js";
import { loadTrajectory, MAX_TRAJECTORY_BYTES } from "../slice-inputs.js";
import { readKeyedTrajectory } from "../../formats/keyed-trajectory.js";
import { trajectorySteps, type TrajectoryFile } from "../../formats/trajectory.js";
import type { Model } from "../../model/model.js";
import { ParamsError } from "../../formats/params-json.js";
import { readBufferCapped } from "../io.js";
import { checkSliceFormat, writeSliceOutputs } from "../slice-output.js";
import { modelPoint, readKeyedFile } from "./model-io.js";
import { rmSync } from "node:fs";
import type { Settings } from "../../tiles/settings-hash.js";
import { sliceContext, sliceDocument, slicePlanJob } from "../slice-tiles.js";
import { checkpointPath, OUT_PATH_OPTION, resolveTile, RESUME_OPTION, TILE_OPTIONS, tileFilePath } from "../tile-options.js";
import { evaluatePoints, SIGNAL_EXIT } from "../tile-run.js";
import { packageVersion } from "../version.js";
import { MODEL_POINT_OPTIONS } from "./model-options.js";

const SEED_OPTION = seedOption("seed of random directions (and of eigen's Lanczos start vector)");
const FORMAT_OPTION = formatOption(SLICE_FORMATS);

function sliceSpec(values: Values, dims: Dims): SliceSpec {
  const spec: SliceSpec = { alpha: values.get(ALPHA_OPTION), beta: dims === 2 ? values.get(BETA_OPTION) : null };
  try {
    checkSliceSpec(spec);
  } catch (err) {
    const m = (err as Error).message;
    throw new UsageError(/^(alpha|beta):/.test(m) ? `--${m}` : `--alpha/--beta: ${m}`);
  }
  return spec;
}

/** --trajectory: keyed safetensors (train --model --save-trajectory) or today's flat JSON/CSV; at least 2 points. */
function modelTrajectory(path: string | undefined, model: Model): (TrajectoryFile & { stepOf: number[] }) | null {
  if (path === undefined) return null;
  if (!path.toLowerCase().endsWith(".safetensors")) return loadTrajectory(path, model.P);
  const f = usageOn("--trajectory", [ParamsError], () => readKeyedTrajectory(readBufferCapped(path, "--trajectory", MAX_TRAJECTORY_BYTES), model.parameters, path));
  if (f.points.length < 2) throw new UsageError(`--trajectory: ${path} holds ${f.points.length} point${f.points.length === 1 ? "" : "s"}; a trajectory needs at least 2`);
  return { ...f, stepOf: trajectorySteps(f) };
}

async function run(values: Values, io: CommandIO): Promise<number> {
  const spec = values.get(DIRECTIONS_OPTION);
  const toFiles = values.get(TO_OPTION);
  const dims: Dims = values.get(DIMS_OPTION) ?? (spec.kind === "interp" && toFiles.length === 1 ? 1 : 2);
  const grid = sliceSpec(values, dims);
  const format = values.get(FORMAT_OPTION);
  const out = values.get(OUT_PATH_OPTION);
  const tile = resolveTile(values, io.env ?? {});
  const resume = values.get(RESUME_OPTION);
  if (tile !== null && out === undefined) throw new UsageError("--tile writes its tile file into the folder --out DIR: give --out");
  if (tile === null && resume && out === undefined) throw new UsageError("--resume continues a run that writes --out FILE (or a --tile); give --out");
  if (tile === null) checkSliceFormat(format, out, dims);
  // Where the points go: the tile file in --out DIR, or the checkpoint beside --out FILE.
  const tilePath = tile !== null ? tileFilePath(out as string, "slice", tile) : out !== undefined ? checkpointPath(out) : null;
  const point = modelPoint(values, io);
  const { model, data, loss } = point;
  const trajectory = modelTrajectory(values.get(TRAJECTORY_OPTION), model);
  if (spec.kind === "pca" && !trajectory) throw new UsageError("--directions pca needs --trajectory FILE (train --model … --save-trajectory FILE writes one)");
  const paramsGiven = values.given(MODEL_POINT_OPTIONS[4]);
  const normalization = values.get(NORMALIZE_OPTION);
  const bias = values.get(BIAS_OPTION);
  let directions: SliceDirections;
  switch (spec.kind) {
    case "random":
    case "eigen":
    case "pca":
      directions = { kind: spec.kind };
      break;
    case "files":
      if (spec.files.length < dims) throw new UsageError("--directions: a plane needs two files FILE1,FILE2 (or give --dims 1)");
      directions = { kind: "files", files: spec.files, vectors: spec.files.slice(0, dims).map((f) => readKeyedFile(f, "--directions", model)) };
      break;
    case "interp":
      if (toFiles.length < dims) throw new UsageError(`--directions interp needs --to FILE${dims === 2 ? " twice for a plane" : ""} (keyed safetensors)`);
      directions = { kind: "interp", to: toFiles, points: toFiles.slice(0, dims).map((f) => readKeyedFile(f, "--to", model)) };
      break;
    default:
      throw new UsageError(`--directions ${spec.kind} is not available with --model (random, FILE1,FILE2, interp, pca or eigen)`);
  }
  if (spec.kind === "pca" && values.given(NORMALIZE_OPTION) && normalization !== "none") throw new UsageError(`--normalize ${normalization} applies to random and file directions; pca directions are unit vectors`);
  const rescale = spec.kind === "random" || spec.kind === "files";
  if (!rescale && spec.kind !== "pca" && (values.given(NORMALIZE_OPTION) || values.given(BIAS_OPTION)) && normalization !== "none") {
    throw new UsageError(`--normalize applies to random and file directions; ${spec.kind} directions keep their own scale`);
  }
  const cols = grid.alpha.count;
  const rows = grid.beta?.count ?? 1;
  const N = data.x.shape[0];
  const progress = startJob(values, io, "slice", { seconds: cols * rows * (1e-7 * data.x.data.length + 4e-8 * model.P * N), what: `${cols}×${rows} points × ${N} samples` });
  let plan: SlicePlan;
  try {
    plan = await planSlice(
      model,
      data,
      {
        loss,
        params: paramsGiven ? point.theta : null,
        paramsSource: "--params",
        directions,
        normalize: normalization,
        biasDirections: bias,
        seed: values.get(SEED_OPTION),
        trajectory: trajectory ? { points: trajectory.points, steps: trajectory.stepOf } : null,
        alpha: grid.alpha,
        beta: values.get(BETA_OPTION),
        dims,
      },
      { onProgress: (stage, fraction) => progress.update(stage, fraction) },
    );
  } catch (err) {
    // A model's direction refusals (its normalization's too) name --directions.
    throw sliceUsageError(err instanceof SliceError && err.option === "normalize" ? new SliceError("directions", err.message) : err, normalization);
  }
  if (plan.trajectory) requireFinite(plan.trajectory, "--trajectory");
  // No figure for a model's slice (svg: null), so merge refuses --svg for its tiles.
  const context = sliceContext({ header: plan.header, d1: plan.d1, d2: plan.d2, directionMeta: plan.directionMeta, trajectory: plan.trajectory }, plan.alpha, plan.beta, null);
  const settings: Settings = {
    version: packageVersion(),
    data: plan.digests.data,
    model: point.loaded.sha256(),
    params: plan.digests.params,
    directions: plan.digests.directions,
    trajectory: plan.digests.trajectory,
    loss,
    ranges: JSON.stringify(plan.grid),
    evaluation: plan.evaluation,
  };
  const stage = tile ? `evaluating tile ${tile.index}/${tile.count} of ${cols}×${rows} points` : `evaluating ${cols}×${rows} points`;
  const job = slicePlanJob(plan, settings, context, (done, total) => progress.update(stage, done / total));
  const fields = await evaluatePoints(job, { path: tilePath, tile, resume, argv: io.argv ?? [] }, io.err);
  if (!Array.isArray(fields)) {
    progress.finish();
    return SIGNAL_EXIT[fields.stoppedBy];
  }
  for (const f of fields) requireFinite(f, "--alpha/--beta");
  if (tile !== null) {
    progress.finish();
    return 0;
  }
  await writeSliceOutputs(sliceDocument(context, fields), null, { format, out, svg: undefined, vtpLog: values.get(VTP_LOG_OPTION) }, progress);
  if (tilePath !== null) rmSync(tilePath, { force: true });
  progress.finish();
  return 0;
}

export const modelSliceCommand: Command = {
  name: "slice",
  summary: "A model's loss, accuracy and gradient norm over a line or plane θ* + α·d1 + β·d2 through its parameter space.",
  options: [...MODEL_POINT_OPTIONS, DIRECTIONS_OPTION, NORMALIZE_OPTION, BIAS_OPTION, SEED_OPTION, TO_OPTION, TRAJECTORY_OPTION, ALPHA_OPTION, BETA_OPTION, DIMS_OPTION, FORMAT_OPTION, VTP_LOG_OPTION, OUT_PATH_OPTION, ...TILE_OPTIONS, CONFIG_OPTION, ...PROGRESS_OPTIONS],
  details: `θ* is the model's parameters (or --params). Directions: random (seeded Gaussian), FILE1,FILE2
(keyed safetensors, one tensor per parameter name), interp (toward --to FILE, keyed), pca (the
top two principal directions of --trajectory FILE, as train --model --save-trajectory writes it,
around its last point unless --params; 1-D tensors left out under --bias-directions zero), eigen
(top Hessian eigenvectors). With --trajectory each saved point is projected onto the plane
("trajectory": step, alpha, beta, offPlane, loss, planeLoss). Random and file directions are normalized as in Li et al.: with
--normalize filter each filter (a Conv weight's output channel, a Gemm weight's row) gets θ*'s
norm; tensors of one dimension (biases, BatchNorm scale and shift) are zeroed (--bias-directions
zero, Li's biasbn) or set to θ*'s values (keep). With --normalize none a file's weight entries
are used exactly as given. The model runs in eval mode. At most ${MAX_SLICE_POINTS.toLocaleString("en-US")} points.
JSON and CSV as 'loss-landscape slice --help' describes ("fields": {"loss", "accuracy",
"gradNorm"}, [beta][alpha]); for --loss mse the accuracy field holds R² ("accuracyField": "r2").
Tiles: --tile K/N --out DIR (or --tile auto) computes a contiguous block of the points;
\`loss-landscape merge DIR --format F --out FILE\` writes one run's file (it draws no figure).

Example: loss-landscape slice --model cnn.onnx --data digits.npz --loss ce --dims 1 --directions d.safetensors --normalize none --alpha=-1:1:5 --format json`,
  run,
};
