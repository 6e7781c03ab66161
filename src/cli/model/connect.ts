// `connect --model FILE.onnx A B`: mode connectivity between two keyed parameter files of one
// model: the loss along the straight line and along a Bezier or polychain curve whose bend is
// trained with the model optimizers (torch.optim's rules), on --data and --test-data; the same
// JSON, text and figure as for networks, and --save-bend as keyed safetensors.

import { resolve } from "node:path";
import { AlignmentError, alignableLayers, connectReportOf } from "../../api/connect.js";
import { DataError } from "../../data/csv.js";
import { writeKeyed } from "../../formats/keyed-safetensors.js";
import { npzData } from "../../model/model-data.js";
import type { Model, ModelData } from "../../model/model.js";
import { checkInput, checkTargets, DataShapeError } from "../../model/onnx-model.js";
import { MODEL_OPTIMIZERS, type ModelOptimizerName } from "../../model/optimizers.js";
import { parseSafetensors } from "../../formats/safetensors.js";
import { ParamsError } from "../../formats/params-json.js";
import type { LoadedModel } from "../../onnx/load.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { connectFigure, connectJson, connectText } from "../connect-format.js";
import {
  A_OPTION, ALIGN_OPTION, B_OPTION, CURVE_LR_OPTION, CURVE_MOMENTUM_OPTION, CURVE_OPTION, PLANE_GRID_OPTION, POINTS_OPTION, STEPS_OPTION,
} from "../connect-options.js";
import { UsageError, usageOn } from "../errors.js";
import { evaluationsSeconds, modelPassWork } from "../../estimate/cost.js";
import { requireFinite } from "../finite.js";
import { SVG_OPTION } from "../hessian-options.js";
import { MAX_CSV_BYTES, MAX_PARAMS_BYTES, readBufferCapped } from "../io.js";
import { writeOutputSet, type PlannedOutput } from "../output-set.js";
import { checkOutFile } from "../out-path.js";
import { choiceOption, valueOption } from "../options.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { quote } from "../quote.js";
import { JSON_OPTION, OUT_FILE_OPTION, seedOption } from "../shared-options.js";
import { modelWithData, readKeyedFile, readWhole } from "./model-io.js";
import { MODEL_DATA_FILE_OPTION, MODEL_LOSS_OPTION, MODEL_OPTION, TARGET_OPTION } from "./model-options.js";
import { parseTargetCsv } from "../../data/target-csv.js";

const SEED_OPTION = seedOption("seed of the bend's t draws");
const OPTIMIZER_OPTION = choiceOption<ModelOptimizerName>({ name: "optimizer", help: "update rule of the bend, exactly as torch.optim (SGD, SGD with momentum, Adam, AdamW without weight decay)", choices: MODEL_OPTIMIZERS, default: "adam" });
const BEND_OPTION = valueOption<string | undefined>({ name: "bend", arg: "FILE.safetensors", help: "start the bend here (keyed safetensors of the model's parameters) instead of the midpoint of A and B", default: undefined, defaultText: "the midpoint", parse: (t) => t });
const SAVE_BEND_OPTION = valueOption<string | undefined>({ name: "save-bend", arg: "FILE.safetensors", help: "write the trained bend as keyed safetensors (F64, one tensor per parameter name)", default: undefined, parse: (t) => (checkOutFile(t, "--save-bend"), t) });
const TEST_DATA_OPTION = valueOption<string | undefined>({ name: "test-data", arg: "FILE", help: "also evaluate every path on this data: an .npz with X and y, or a CSV (with the same --target column)", default: undefined, parse: (t) => t });

/** A and B: the same tensor names and shapes in both files (named when not), then read against the model. */
function endpoints(model: Model, aPath: string, bPath: string): { a: Float64Array; b: Float64Array } {
  const head = (path: string, label: string) => usageOn(label, [ParamsError], () => parseSafetensors(readBufferCapped(path, label, MAX_PARAMS_BYTES), path));
  const ta = head(aPath, "A"), tb = head(bPath, "B");
  const onlyA = [...ta.keys()].filter((k) => !tb.has(k)), onlyB = [...tb.keys()].filter((k) => !ta.has(k));
  if (onlyA.length > 0 || onlyB.length > 0) {
    throw new UsageError(`A and B name their tensors differently: only in ${quote(aPath)}: ${onlyA.join(", ") || "none"}; only in ${quote(bPath)}: ${onlyB.join(", ") || "none"}`);
  }
  for (const [name, t] of ta) {
    const u = tb.get(name)!;
    if (t.shape.join(",") !== u.shape.join(",")) throw new UsageError(`A and B differ in shape: tensor ${quote(name)} is [${t.shape.join(", ")}] in ${quote(aPath)} and [${u.shape.join(", ")}] in ${quote(bPath)}`);
  }
  return { a: readKeyedFile(aPath, "A", model), b: readKeyedFile(bPath, "B", model) };
}

/** --test-data: an .npz (X, y), or a CSV read with --data's --target. */
function readTestData(path: string, target: string | undefined, loaded: LoadedModel, loss: ReturnType<typeof modelWithData>["loss"]): ModelData {
  const lower = path.toLowerCase();
  const data = usageOn("--test-data", [DataError], (): ModelData => {
    if (lower.endsWith(".npz")) return npzData(readWhole(path, "--test-data", MAX_CSV_BYTES), path);
    if (lower.endsWith(".npy")) throw new UsageError("--test-data takes an .npz with arrays X and y, or a CSV; a single .npy has no targets");
    if (target === undefined || target.toLowerCase().endsWith(".npy")) throw new UsageError("--test-data FILE.csv needs --data FILE.csv --target COLUMN (the same columns); or give an .npz with X and y");
    const c = parseTargetCsv(readWhole(path, "--test-data", MAX_CSV_BYTES).toString("utf8"), target.split(",").map((t) => t.trim()), path);
    return { x: { shape: [c.N, c.d], data: c.x }, y: c.y, yShape: c.K === 1 ? [c.N] : [c.N, c.K], source: path };
  });
  usageOn("--test-data", [DataShapeError], () => checkTargets(checkInput(loaded.graph, data), data, loss));
  return data;
}

export const modelConnectCommand: Command = {
  name: "connect",
  summary: "Mode connectivity between two parameter files A and B of one model: loss and accuracy along the straight line and along a trained Bezier or one-bend polygonal curve, with barrier heights.",
  options: [
    A_OPTION, B_OPTION, MODEL_OPTION, MODEL_DATA_FILE_OPTION, TARGET_OPTION, MODEL_LOSS_OPTION, TEST_DATA_OPTION, POINTS_OPTION, ALIGN_OPTION, CURVE_OPTION, STEPS_OPTION,
    OPTIMIZER_OPTION, CURVE_LR_OPTION, CURVE_MOMENTUM_OPTION, SEED_OPTION, BEND_OPTION, SAVE_BEND_OPTION, PLANE_GRID_OPTION, JSON_OPTION, OUT_FILE_OPTION, SVG_OPTION, CONFIG_OPTION, ...PROGRESS_OPTIONS,
  ],
  details: `As 'loss-landscape connect --help' describes, on the model's loss over --data. A and B are
keyed safetensors files (one tensor per parameter name, as 'train --model --save-params' writes)
with the same names and shapes; buffers (BatchNorm's running statistics) are the model file's.
The bend is trained with the model optimizers (torch.optim's update rules, as 'train --model'),
each step on the whole --data at one t ~ U(0, 1). "accuracy" is R² for --loss mse.
--align weights works on a model that is a chain of nn.Linear layers (Gemm nodes) with elementwise
activations between them (checked: permuting its hidden units must leave its outputs unchanged);
models with convolutions are not supported yet, nor --align activations on a model file.

Example: loss-landscape connect --model cnn.onnx --data digits.npz a.safetensors b.safetensors --test-data test.npz --svg connect.svg`,
  async run(values, io) {
    const aPath = values.get(A_OPTION), bPath = values.get(B_OPTION);
    if (aPath === undefined || bPath === undefined) throw new UsageError("connect needs two parameter files: loss-landscape connect --model FILE.onnx --data FILE A.safetensors B.safetensors");
    const file = values.get(MODEL_OPTION)!;
    const { loaded, model, data, loss } = modelWithData(values, io);
    const align = values.get(ALIGN_OPTION);
    if (align === "activations") throw new UsageError("--align activations on a model file is not supported yet (it needs the hidden activations): --align weights works on chains of nn.Linear layers");
    if (align === "weights") usageOn("--align", [AlignmentError], () => alignableLayers(model, data));
    const { a, b } = endpoints(model, aPath, bPath);
    const testPath = values.get(TEST_DATA_OPTION);
    const test = testPath === undefined ? null : readTestData(testPath, values.get(TARGET_OPTION), loaded, loss);
    const curve = values.get(CURVE_OPTION);
    const optimizer = values.get(OPTIMIZER_OPTION);
    if (values.given(CURVE_MOMENTUM_OPTION) && optimizer !== "momentum") throw new UsageError(`--momentum applies only with --optimizer momentum (got --optimizer ${optimizer})`);
    if (curve === "none") {
      for (const o of [STEPS_OPTION, OPTIMIZER_OPTION, CURVE_LR_OPTION, CURVE_MOMENTUM_OPTION, BEND_OPTION, SAVE_BEND_OPTION]) if (values.given(o)) throw new UsageError(`--${o.name} sets up the curve: drop --curve none`);
    }
    const bendPath = values.get(BEND_OPTION);
    const bend = bendPath === undefined ? null : readKeyedFile(bendPath, "--bend", model);
    const saveBend = values.get(SAVE_BEND_OPTION);
    const svgPath = values.get(SVG_OPTION);
    const out = values.get(OUT_FILE_OPTION);
    const outs = [out, svgPath, saveBend].filter((p): p is string => p !== undefined).map((p) => resolve(p));
    if (new Set(outs).size !== outs.length) throw new UsageError("--out, --svg and --save-bend must name different files");
    const planeGrid = svgPath !== undefined || values.given(PLANE_GRID_OPTION) ? values.get(PLANE_GRID_OPTION) : 0;
    const points = values.get(POINTS_OPTION), steps = values.get(STEPS_OPTION);
    const N = data.x.shape[0] + (test ? test.x.shape[0] : 0);
    const evals = points * (curve !== "none" ? 2 : 1) + (curve !== "none" ? 2 * steps + planeGrid ** 2 : 0);
    const progress = startJob(values, io, "connect", { seconds: evaluationsSeconds(evals, modelPassWork(model.P, N, data.x.data.length / data.x.shape[0])), what: `about ${evals.toLocaleString("en-US")} loss evaluations of ${file} (P = ${model.P}) on ${N} samples` });
    const { report, context, seed } = await connectReportOf(model, data, a, b, {
      loss, testData: test, points, align, curve, steps, optimizer, lr: values.get(CURVE_LR_OPTION), momentum: values.get(CURVE_MOMENTUM_OPTION),
      seed: values.get(SEED_OPTION), bend, planeGrid, a: aPath, b: bPath, architecture: file,
    }, { onProgress: (stage, f) => progress.update(stage, f) });
    const doc = connectJson(report, context, seed);
    requireFinite(doc, "A and B");
    const text = values.get(JSON_OPTION) ? JSON.stringify(doc) + "\n" : connectText(report, context);
    const svg = svgPath === undefined ? null : await (async () => {
      const { JSDOM } = await import("jsdom");
      const { renderConnectFigure } = await import("../../render/figures/connect.js");
      return renderConnectFigure(new JSDOM("").window.document, connectFigure(report, context));
    })();
    const outputs: PlannedOutput[] = [];
    if (svgPath !== undefined && svg !== null) outputs.push({ label: "--svg", path: svgPath, chunks: () => [svg] });
    const trained = report.curve;
    if (saveBend !== undefined && trained) outputs.push({ label: "--save-bend", path: saveBend, chunks: () => [writeKeyed(trained.bend, model.parameters, () => "F64")] });
    if (out !== undefined) outputs.push({ label: "--out", path: out, chunks: () => [text] });
    writeOutputSet(outputs);
    if (out === undefined) io.out(text);
    progress.finish();
    return 0;
  },
};
