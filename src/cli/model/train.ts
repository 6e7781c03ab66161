// `train --model FILE.onnx`: its flags, the call of the library's train (../../api/train.ts: eval
// mode, torch.optim's rules), the per-epoch table or JSON, and the final parameters written by
// name (--save-params) or as a new ONNX file (--save-model).

import { writeKeyed } from "../../formats/keyed-safetensors.js";
import { writeKeyedTrajectory } from "../../formats/keyed-trajectory.js";
import { MAX_TRAJECTORY_POINTS } from "../../formats/trajectory.js";
import { MODEL_OPTIMIZERS, parseSchedule, type LrSchedule, type ModelOptimizerName } from "../../model/optimizers.js";
import { train } from "../../api/train.js";
import { encodeModelWith } from "../../onnx/save.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { UsageError } from "../errors.js";
import { requireFinite } from "../finite.js";
import { checkEvery } from "../network-train.js";
import { checkDistinctOutputs, writeOutputSet, type PlannedOutput } from "../output-set.js";
import { choiceOption, flagOption, intOption, numberOption, valueOption, type Values } from "../options.js";
import { checkOutFile } from "../out-path.js";
import { quote } from "../quote.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { JSON_OPTION, seedOption } from "../shared-options.js";
import { modelPoint } from "./model-io.js";
import { MODEL_POINT_OPTIONS } from "./model-options.js";

const OPTIMIZER = choiceOption<ModelOptimizerName>({ name: "optimizer", help: "update rule, exactly as torch.optim (SGD, SGD with momentum, Adam, AdamW)", choices: MODEL_OPTIMIZERS, default: "sgd" });
const LR = numberOption({ name: "lr", help: "learning rate", default: 0.01, range: { gt: 0 } });
const BATCH = intOption({ name: "batch-size", help: "mini-batch size (the last batch of an epoch may be smaller)", default: 64, min: 1 });
const EPOCHS = intOption({ name: "epochs", help: "epochs", default: 10, min: 1, max: 100_000 });
const MOMENTUM = numberOption({ name: "momentum", help: "momentum of --optimizer momentum (torch's SGD momentum, dampening 0)", default: 0.9, range: { ge: 0, lt: 1 } });
const NESTEROV = flagOption({ name: "nesterov", help: "Nesterov momentum (with --optimizer momentum)" });
const WEIGHT_DECAY = valueOption<number | undefined>({
  name: "weight-decay",
  arg: "X",
  help: "L2 weight decay: coupled (added to the gradient) for sgd, momentum and adam; decoupled for adamw",
  limits: "a finite number ≥ 0",
  default: undefined,
  defaultText: "0; 0.01 for adamw, as torch",
  parse: (t) => {
    const v = Number(t);
    if (t.trim() === "" || !Number.isFinite(v) || v < 0) throw new UsageError(`--weight-decay must be a finite number ≥ 0 (got ${quote(t)})`);
    return v;
  },
});
const SCHEDULE = valueOption<LrSchedule>({
  name: "lr-schedule",
  arg: "SPEC",
  help: "constant, step:E:G (StepLR: × G every E epochs) or cosine:T (CosineAnnealingLR, T_max = T epochs)",
  default: { kind: "constant" },
  defaultText: "constant",
  parse: (t) => {
    const r = parseSchedule(t);
    if (typeof r === "string") throw new UsageError(`--lr-schedule ${r} (got ${quote(t)})`);
    return r;
  },
});
const SHUFFLE = flagOption({ name: "shuffle", help: "reshuffle the samples every epoch (seeded by --seed); default: file order" });
const SEED = seedOption("seed of --shuffle");
const SAVE_PARAMS = valueOption<string | undefined>({ name: "save-params", arg: "FILE", help: "write the final parameters as safetensors, one tensor per parameter name", default: undefined, parse: (t) => (checkOutFile(t, "--save-params"), t) });
const DTYPE = choiceOption<"model" | "f32" | "f64">({ name: "dtype", help: "dtype of --save-params tensors: each initializer's own (model), f32 or f64", choices: ["model", "f32", "f64"], default: "model" });
const SAVE_TRAJECTORY = valueOption<string | undefined>({
  name: "save-trajectory",
  arg: "FILE",
  help: "write θ every --every steps (start and final included) as keyed safetensors: per parameter name one F64 tensor [points, ...shape]; slice --directions pca --trajectory reads it",
  default: undefined,
  parse: (t) => (checkOutFile(t, "--save-trajectory"), t),
});
const EVERY = intOption({ name: "every", help: `with --save-trajectory: keep θ every K optimizer steps (at most ${MAX_TRAJECTORY_POINTS} points)`, default: 1, min: 1 });
const SAVE_MODEL = valueOption<string | undefined>({ name: "save-model", arg: "FILE.onnx", help: "write the ONNX model with the final parameters", default: undefined, parse: (t) => (checkOutFile(t, "--save-model"), t) });

async function run(values: Values, io: Parameters<Command["run"]>[1]): Promise<number> {
  const { loaded, model, theta, data, loss } = modelPoint(values, io);
  const optimizer = values.get(OPTIMIZER);
  if (values.get(NESTEROV) && optimizer !== "momentum") throw new UsageError("--nesterov needs --optimizer momentum");
  if (values.given(MOMENTUM) && optimizer !== "momentum") throw new UsageError("--momentum applies to --optimizer momentum");
  const N = data.x.shape[0];
  const epochs = values.get(EPOCHS);
  const trajectoryPath = values.get(SAVE_TRAJECTORY);
  const every = values.get(EVERY);
  if (values.given(EVERY) && trajectoryPath === undefined) throw new UsageError("--every applies only with --save-trajectory FILE");
  if (trajectoryPath !== undefined) checkEvery(Math.ceil(N / values.get(BATCH)) * epochs, every, model.P);
  checkDistinctOutputs([
    { label: "--save-params", path: values.get(SAVE_PARAMS) },
    { label: "--save-model", path: values.get(SAVE_MODEL) },
    { label: "--save-trajectory", path: trajectoryPath },
  ]);
  const progress = startJob(values, io, "train", { seconds: epochs * 3 * (1e-7 * data.x.data.length + 2e-8 * model.P * N), what: `${epochs} epochs of ${N} samples` });
  const r = await train(
    model,
    data,
    {
      loss,
      params: theta,
      optimizer,
      lr: values.get(LR),
      batchSize: values.get(BATCH),
      epochs,
      momentum: values.get(MOMENTUM),
      nesterov: values.get(NESTEROV),
      weightDecay: values.get(WEIGHT_DECAY) ?? null,
      lrSchedule: values.get(SCHEDULE),
      shuffle: values.get(SHUFFLE),
      seed: values.get(SEED),
      saveTrajectory: trajectoryPath !== undefined,
      every,
    },
    { onProgress: (stage, fraction) => progress.update(stage, fraction) },
  );
  progress.finish();
  const { theta: final, trajectory, ...doc } = r;
  requireFinite(doc, "--lr");
  requireFinite(final, "--lr");
  // one write set: every file is complete before any is renamed into place
  const dtype = values.get(DTYPE);
  const paramsPath = values.get(SAVE_PARAMS);
  const modelPath = values.get(SAVE_MODEL);
  const outputs: PlannedOutput[] = [];
  if (paramsPath !== undefined) {
    outputs.push({ label: "--save-params", path: paramsPath, chunks: () => [writeKeyed(final, model.parameters, (name) => (dtype === "f64" ? "F64" : dtype === "f32" ? "F32" : loaded.graph.paramTypes.get(name) === 11 ? "F64" : "F32"))] });
  }
  if (modelPath !== undefined) outputs.push({ label: "--save-model", path: modelPath, chunks: () => [encodeModelWith(loaded.proto, loaded.graph, final, loaded.renamed, loaded.untied)] });
  if (trajectoryPath !== undefined && trajectory) outputs.push({ label: "--save-trajectory", path: trajectoryPath, chunks: () => [writeKeyedTrajectory(trajectory.points, trajectory.steps, every, model.parameters)] });
  writeOutputSet(outputs);
  if (values.get(JSON_OPTION)) {
    io.out(JSON.stringify(doc) + "\n");
    return 0;
  }
  const lines = [`${loss}, ${doc.model.file} (${model.P} parameters), ${N} samples, ${optimizer} lr ${doc.optimizer.lr}, batch ${doc.optimizer.batchSize}, eval mode`];
  for (const e of r.epochs) lines.push(`epoch ${String(e.epoch).padStart(4)}  lr ${e.lr.toPrecision(4)}  batch loss ${e.meanBatchLoss.toPrecision(8)}  loss ${e.loss.toPrecision(8)}  ${e.accuracy !== null ? `accuracy ${e.accuracy.toFixed(4)}` : `R² ${e.r2}`}`);
  io.out(lines.join("\n") + "\n");
  return 0;
}

export const modelTrainCommand: Command = {
  name: "train",
  summary: "Train a model (eval mode: BatchNorm statistics frozen, Dropout off) with torch.optim's SGD, momentum, Adam or AdamW.",
  options: [...MODEL_POINT_OPTIONS, OPTIMIZER, LR, BATCH, EPOCHS, MOMENTUM, NESTEROV, WEIGHT_DECAY, SCHEDULE, SHUFFLE, SEED, SAVE_PARAMS, DTYPE, SAVE_MODEL, SAVE_TRAJECTORY, EVERY, JSON_OPTION, CONFIG_OPTION, ...PROGRESS_OPTIONS],
  details: `Mini-batches in file order (or --shuffle), the mean loss of each batch backpropagated, one
step per batch; the schedule steps once per epoch. JSON: {"model", "optimizer", "epochs":
[{"epoch", "lr", "meanBatchLoss", "loss", "accuracy", "r2"}], "steps", "finalLoss",
"finalAccuracy", "finalR2"} (loss and accuracy on all the data after each epoch).
--save-params writes safetensors that torch loads with model.load_state_dict(load_file(F),
strict=False). --save-trajectory writes keyed safetensors: per parameter name one F64 tensor
[points, ...shape] (load_file(F)["0.weight"][t] is point t's tensor) with the optimizer step of
each point in its metadata; slice --model --directions pca --trajectory FILE reads it.

Example: loss-landscape train --model cnn.onnx --data digits.npz --loss ce --optimizer sgd --lr 0.05 --batch-size 64 --epochs 2 --json --save-params out.safetensors --dtype f64`,
  run,
};
