// Reading a model command's inputs: the ONNX file (read once into one buffer, its tensors decoded
// from views of it), the data (.npz, .npy pair or CSV), keyed safetensors; every library error
// becomes one usage line naming the flag.

import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync, constants } from "node:fs";
import { DataError } from "../../data/csv.js";
import { parseNpy } from "../../data/npy.js";
import { parseTargetCsv } from "../../data/target-csv.js";
import { GraphError } from "../../graph/op.js";
import { readKeyed } from "../../formats/keyed-safetensors.js";
import { autoLoss, type ModelLossName } from "../../model/losses.js";
import type { ModelData } from "../../model/model.js";
import { modelDataOf, npzData } from "../../model/model-data.js";
import { checkInput, checkTargets, DataShapeError, graphModel } from "../../model/onnx-model.js";
import type { Model } from "../../model/model.js";
import { ParamsError } from "../../formats/params-json.js";
import { loadOnnx, MAX_MODEL_BYTES, type LoadedModel } from "../../onnx/load.js";
import { UsageError, usageOn } from "../errors.js";
import { loadTableCsv, MAX_CSV_BYTES, MAX_PARAMS_BYTES, readBufferCapped } from "../io.js";
import type { Values } from "../options.js";
import { quote, safeLine } from "../quote.js";
import type { CommandIO } from "../command.js";
import type { Tensor } from "../../graph/tensor.js";
import { MODEL_DATA_FILE_OPTION, MODEL_LOSS_OPTION, MODEL_OPTION, MODEL_PARAMS_OPTION, TARGET_OPTION } from "./model-options.js";

/** One read into one buffer of the file's size: a large model is never held twice. */
export function readWhole(path: string, label: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new UsageError(`${label}: cannot read ${quote(path)} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UsageError(`${label}: ${quote(path)} is not a regular file`);
    if (st.size > maxBytes) throw new UsageError(`${label}: ${quote(path)} is ${st.size} bytes, over the limit of ${maxBytes / 2 ** 20} MiB`);
    const buf = Buffer.allocUnsafe(st.size);
    let at = 0;
    while (at < st.size) {
      const got = readSync(fd, buf, at, st.size - at, null);
      if (got === 0) break;
      at += got;
    }
    return buf.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

/** A model file as read: the loaded model, its bytes, and their SHA-256 (the file is never read again). */
export interface ReadModel extends LoadedModel {
  bytes: Uint8Array;
  sha256(): string;
}

export function readModelFile(path: string): ReadModel {
  const bytes = readWhole(path, "--model", MAX_MODEL_BYTES);
  const loaded = usageOn("--model", [GraphError], () => loadOnnx(bytes, path));
  return { ...loaded, bytes, sha256: () => createHash("sha256").update(bytes).digest("hex") };
}

/** The data named by --data (and --target). */
export function readModelData(values: Values): ModelData {
  const path = values.get(MODEL_DATA_FILE_OPTION);
  if (path === undefined) throw new UsageError("--data FILE is required with --model (.npz with X and y, X.npy with --target y.npy, or a CSV with --target COLUMN)");
  const target = values.get(TARGET_OPTION);
  const lower = path.toLowerCase();
  return usageOn("--data", [DataError], () => {
    if (lower.endsWith(".npy")) {
      if (target === undefined) throw new UsageError("--data X.npy needs --target y.npy");
      const X = parseNpy(readWhole(path, "--data", MAX_CSV_BYTES), path);
      const y = usageOn("--target", [DataError], () => parseNpy(readWhole(target, "--target", MAX_CSV_BYTES), target));
      return modelDataOf(X, y, path);
    }
    if (lower.endsWith(".npz")) {
      if (target !== undefined) throw new UsageError("--target is for --data X.npy (a .npy file) or a CSV (a column name); an .npz holds its targets as y");
      return npzData(readWhole(path, "--data", MAX_CSV_BYTES), path);
    }
    if (target !== undefined) {
      const names = target.split(",").map((t) => t.trim());
      if (names.some((t) => t === "")) throw new UsageError(`--target: an empty column name in ${quote(target)}`);
      const c = parseTargetCsv(readWhole(path, "--data", MAX_CSV_BYTES).toString("utf8"), names, path);
      return { x: { shape: [c.N, c.d], data: c.x }, y: c.y, yShape: c.K === 1 ? [c.N] : [c.N, c.K], source: path };
    }
    const t = loadTableCsv(path);
    const N = t.y.length;
    return { x: { shape: [N, t.inputs], data: t.x }, y: t.y, yShape: [N], source: t.source };
  });
}

/** The loss: as given, or chosen from the output width and the targets. */
export function resolveLoss(values: Values, one: Tensor, data: ModelData): ModelLossName {
  const given = values.get(MODEL_LOSS_OPTION);
  if (given !== "auto") return given;
  return autoLoss(one.data.length, data.y, data.x.shape[0]);
}

export interface ModelPoint {
  loaded: ReadModel;
  model: Model;
  theta: Float64Array;
  data: ModelData;
  loss: ModelLossName;
}

/** Reads --model, --data, --params and checks them against each other; warnings go to stderr. */
export function modelPoint(values: Values, io: CommandIO): ModelPoint {
  const path = values.get(MODEL_OPTION)!;
  const loaded = readModelFile(path);
  const model = graphModel(loaded.graph, path, loaded.bytes);
  const paramsPath = values.get(MODEL_PARAMS_OPTION);
  const theta = paramsPath !== undefined ? readKeyedFile(paramsPath, "--params", model) : model.theta;
  return { ...modelWithData(values, io, loaded), theta };
}

/** --model (read once: pass it when already read), --data and --loss checked against each other; warnings go to stderr. */
export function modelWithData(values: Values, io: CommandIO, read?: ReadModel): Omit<ModelPoint, "theta"> {
  const path = values.get(MODEL_OPTION)!;
  const loaded = read ?? readModelFile(path);
  const model = graphModel(loaded.graph, path, loaded.bytes);
  const data = readModelData(values);
  const loss = usageOn("--data", [DataShapeError], () => {
    const out = checkInput(loaded.graph, data);
    const l = resolveLoss(values, out, data);
    checkTargets(out, data, l);
    return l;
  });
  for (const w of loaded.warnings) io.err(`${safeLine(`loss-landscape: warning: ${w}`)}\n`);
  return { loaded, model, data, loss };
}

export function readKeyedFile(path: string, flag: string, model: Pick<Model, "parameters">): Float64Array {
  const bytes = readBufferCapped(path, flag, MAX_PARAMS_BYTES);
  return usageOn(flag, [ParamsError], () => readKeyed(bytes, model.parameters, path));
}
