// `sharpness --model FILE.onnx`: the sharpness command's measures (Keskar ε-sharpness, adaptive
// ∞/2-norm, average-case, λ_max and trace through the model's exact H·v) at one or more keyed
// parameter files of the model; the same JSON, text, figure and tiles as for a network.

import { basename, extname, resolve } from "node:path";
import { sharpnessRequest, DEFAULT_SHARPNESS_OPTIONS } from "../../api/sharpness.js";
import { MAX_SUBSPACE_ENTRIES } from "../../geometry/subspace.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { UsageError } from "../errors.js";
import { modelPassWork, sharpnessSeconds } from "../../estimate/cost.js";
import { SVG_OPTION } from "../hessian-options.js";
import { listOption } from "../options.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { runSharpnessJob } from "../sharpness-run.js";
import {
  AVERAGE_SAMPLES_OPTION, EPSILON_OPTION, ITERATIONS_OPTION, LABEL_OPTION, MAX_RUNS, RESTARTS_OPTION, RHO_OPTION, SHARPNESS_PROBES_OPTION, SIGMA_OPTION, SUBSPACE_OPTION,
} from "../sharpness-options.js";
import { JSON_OPTION, seedOption } from "../shared-options.js";
import { checkpointPath, OUT_PATH_OPTION, resolveTile, RESUME_OPTION, TILE_OPTIONS, tileFilePath } from "../tile-options.js";
import { modelWithData, readKeyedFile } from "./model-io.js";
import { MODEL_DATA_FILE_OPTION, MODEL_LOSS_OPTION, MODEL_OPTION, TARGET_OPTION } from "./model-options.js";

const SEED_OPTION = seedOption("seed of the random ascent starts, the subspace, the Gaussian draws and the Lanczos/Hutchinson vectors");

const MODEL_RUN_PARAMS_OPTION = listOption<string>({
  name: "params",
  arg: "FILE.safetensors",
  help: "a trained point: parameters by name (one tensor per parameter, F32 or F64); repeat to compare runs side by side",
  default: [],
  defaultText: "none: the model file's initializers",
  example: "he.safetensors",
  max: MAX_RUNS,
  parse: (t) => t,
});

export const modelSharpnessCommand: Command = {
  name: "sharpness",
  summary: "How sharp a model's minimum is: Keskar ε-sharpness, adaptive sharpness (∞- and 2-norm), average-case sharpness, and the Hessian's λ_max and trace, for one or more parameter files side by side.",
  options: [
    MODEL_OPTION, MODEL_DATA_FILE_OPTION, TARGET_OPTION, MODEL_LOSS_OPTION, MODEL_RUN_PARAMS_OPTION, LABEL_OPTION, SEED_OPTION,
    EPSILON_OPTION, RHO_OPTION, SUBSPACE_OPTION, SIGMA_OPTION, AVERAGE_SAMPLES_OPTION, RESTARTS_OPTION, ITERATIONS_OPTION, SHARPNESS_PROBES_OPTION,
    JSON_OPTION, OUT_PATH_OPTION, SVG_OPTION, ...TILE_OPTIONS, CONFIG_OPTION, ...PROGRESS_OPTIONS,
  ],
  details: `As 'loss-landscape sharpness --help' describes, on the model's loss over --data: the
ascent's gradients are the model's backward pass, λ_max (Lanczos) and the trace (Hutchinson)
use its exact H·v. The model is analysed as exported (from eval(): BatchNorm uses its
running statistics, Dropout is off). Without --params,
the point is the model file's own initializers. "accuracy" is R² for --loss mse. Each run's
"architecture" is the model file, "source" the parameter file. --tile K/N --out DIR and
'loss-landscape merge' work as for networks.

Example: loss-landscape sharpness --model cnn.onnx --data digits.npz --loss ce --params a.safetensors --params b.safetensors --json`,
  async run(values, io) {
    const file = values.get(MODEL_OPTION)!;
    const { model, data, loss } = modelWithData(values, io);
    const paths = values.get(MODEL_RUN_PARAMS_OPTION);
    const labels = values.get(LABEL_OPTION);
    if (labels.length > Math.max(1, paths.length)) throw new UsageError(`--label given ${labels.length} times for ${paths.length} --params file${paths.length === 1 ? "" : "s"}: give at most one per file`);
    const thetas = paths.length > 0 ? paths.map((p) => readKeyedFile(p, "--params", model)) : [model.theta];
    const sources = paths.length > 0 ? paths : [`${file} (its initializers)`];
    const opts = {
      ...DEFAULT_SHARPNESS_OPTIONS,
      epsilon: values.get(EPSILON_OPTION), rho: values.get(RHO_OPTION), subspace: values.get(SUBSPACE_OPTION), sigma: values.get(SIGMA_OPTION),
      averageSamples: values.get(AVERAGE_SAMPLES_OPTION), restarts: values.get(RESTARTS_OPTION), iterations: values.get(ITERATIONS_OPTION),
      probes: values.get(SHARPNESS_PROBES_OPTION), seed: values.get(SEED_OPTION),
    };
    if (opts.probes === 1) throw new UsageError("--probes must be 0 (no trace) or at least 2 (one probe has no standard error) (got 1)");
    const P = model.P;
    if (opts.subspace !== null && (opts.subspace > P || opts.subspace * P > MAX_SUBSPACE_ENTRIES)) {
      throw new UsageError(`--subspace random:K needs K ≤ P = ${P} and P·K ≤ ${MAX_SUBSPACE_ENTRIES} for ${file} (got K = ${opts.subspace})`);
    }
    const req = sharpnessRequest(opts);
    const svgPath = values.get(SVG_OPTION);
    const out = values.get(OUT_PATH_OPTION);
    const tile = resolveTile(values, io.env ?? {});
    const resume = values.get(RESUME_OPTION);
    if (tile !== null && out === undefined) throw new UsageError("--tile writes its tile file into the folder --out DIR: give --out");
    if (tile !== null && svgPath !== undefined) throw new UsageError("--svg is drawn when the tiles are merged: give it to `loss-landscape merge`, not to a --tile run");
    if (tile === null && resume && out === undefined) throw new UsageError("--resume continues a run that writes --out FILE (or a --tile); give --out");
    if (tile === null && svgPath !== undefined && out !== undefined && resolve(svgPath) === resolve(out)) throw new UsageError("--out and --svg name the same file: give two paths");
    const tilePath = tile !== null ? tileFilePath(out as string, "sharpness", tile) : out !== undefined ? checkpointPath(out) : null;
    const N = data.x.shape[0];
    const progress = startJob(values, io, "sharpness", {
      seconds: sharpnessSeconds(thetas.map(() => modelPassWork(P, N, data.x.data.length / N)), { ...req, probes: req.traceProbes }, tile ? 1 / tile.count : 1),
      what: `${thetas.length} run${thetas.length === 1 ? "" : "s"} × 6 measures of ${file} on ${N} samples${tile ? `, tile ${tile.index}/${tile.count}` : ""}`,
    });
    const options = {
      ...opts,
      loss,
      params: thetas,
      label: thetas.map((_, i) => labels[i] ?? (paths.length > 0 ? basename(paths[i], extname(paths[i])) : basename(file, extname(file)))),
      source: sources,
      architecture: file,
    };
    return runSharpnessJob(model, data, options, { tile, tilePath, resume, out, svg: svgPath, source: "--params", json: values.get(JSON_OPTION) }, io, progress);
  },
};
