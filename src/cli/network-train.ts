// `train` with a network: its flags, the start they name (--params, or --init/--seed), the
// call of the library's train (../api/train.ts), and the run printed as a table or JSON, the
// final point and trajectory saved atomically.

import { seededNetworkStart } from "../train/from-init.js";
import { parseInit, INIT_SCHEMES, type InitSpec } from "../init/initializers.js";
import { seededRandom, type Random } from "../init/random.js";
import { describeArchitecture, parameterCount, type Architecture } from "../nn/architecture.js";
import { isDataName } from "../nn/datasets.js";
import { MAX_TEST_FRACTION, splitTable } from "../nn/split.js";
import { describeNetworkInit, NETWORK_SCHEMES, parseNetworkInit, type NetworkInit } from "../nn/init.js";
import type { Table } from "../nn/table.js";
import { mlpModel, modelDataOfTable } from "../model/mlp-model.js";
import { train, TrainingDivergedError, type TrainMlpResult, type TrainProgressRecord } from "../api/train.js";
import { trajectoryOverLimit, trajectoryPointCount } from "../train/trajectory-limit.js";
import { MAX_TRAJECTORY_ENTRIES, MAX_TRAJECTORY_POINTS, trajectoryJsonChunks } from "../formats/trajectory.js";
import { stepsPerEpoch, type TrainConfig } from "../train/train.js";
import { bufferedOut } from "./buffered-out.js";
import type { CommandIO } from "./command.js";
import { UsageError } from "./errors.js";
import { checkDistinctOutputs, writeOutputSet } from "./output-set.js";
import { checkedArchitecture, loadParamsModel, printWarnings } from "./network-io.js";
import { paramsRun, ACTIVATION_OPTION, DATA_SEED_OPTION, GAIN_OPTION, HIDDEN_OPTION, NOISE_OPTION, PARAMS_OPTION, SAMPLES_OPTION } from "./network-options.js";
import { checkOutFile } from "./out-path.js";
import { PARAM_NAMES_OPTION, paramsFileBytes } from "./params-out.js";
import { intOption, numberOption, valueOption, type Option, type Values } from "./options.js";
import { startJob } from "./progress-options.js";
import { networkMemory, networkTrainCost } from "../estimate/cost.js";
import { quote } from "./quote.js";
import { accuracyText } from "./human-number.js";

/** --init of `train`: a one-neuron start (W,B or its four schemes) and/or a network scheme. */
export interface TrainInit {
  text: string;
  neuron: InitSpec | null;
  network: NetworkInit | null;
}

export function parseTrainInit(t: string): TrainInit {
  const neuron = parseInit(t);
  const net = parseNetworkInit(t);
  const network = typeof net === "string" ? null : net;
  if (!neuron && !network) {
    const more = NETWORK_SCHEMES.filter((s) => !(INIT_SCHEMES as readonly string[]).includes(s));
    throw new UsageError(`--init must be W,B with finite numbers or one of ${INIT_SCHEMES.join(", ")} (with a network also ${more.join(", ")}, normal:S, uniform:A, constant:C) (got ${quote(t)})`);
  }
  return { text: t, neuron, network };
}

export const TRAIN_INIT_OPTION = valueOption<TrainInit>({
  name: "init",
  arg: "SPEC",
  attached: true,
  help: "start: W,B or an init scheme (see docs/networks.md, Initializers); a network's default is pytorch, or -5,-10 when it is the one neuron",
  limits: `W,B (finite numbers) or ${INIT_SCHEMES.join(", ")}; with a network also ${NETWORK_SCHEMES.filter((s) => !(INIT_SCHEMES as readonly string[]).includes(s)).join(", ")}, normal:S, uniform:A, constant:C`,
  default: { text: "-5,-10", neuron: { kind: "fixed", w: -5, b: -10 }, network: null },
  defaultText: "-5,-10",
  example: "-5,-10",
  parse: parseTrainInit,
});

export const SAVE_PARAMS_OPTION = valueOption<string | undefined>({
  name: "save-params",
  arg: "FILE",
  help: "a network: write the final parameters (atomically) as params JSON, or as F64 safetensors when FILE ends in .safetensors, with the architecture, loss and version as metadata",
  default: undefined,
  defaultText: "none",
  parse: (t) => (checkOutFile(t, "--save-params"), t),
});

export const SAVE_TRAJECTORY_OPTION = valueOption<string | undefined>({
  name: "save-trajectory",
  arg: "FILE",
  help: 'a network: write θ every --every steps (start and final included) as JSON {"every","steps","points"}',
  default: undefined,
  defaultText: "none",
  parse: (t) => (checkOutFile(t, "--save-trajectory"), t),
});

export const EVERY_OPTION = intOption({ name: "every", help: `with --save-trajectory: keep θ every K optimizer steps (at most ${MAX_TRAJECTORY_POINTS} points)`, default: 1, min: 1 });

export const TEST_FRACTION_OPTION = numberOption({
  name: "test-fraction",
  help: "a network: hold out the last round(F·n) rows (the built-in sets come shuffled) and report their loss and accuracy each epoch",
  default: 0,
  range: { ge: 0, le: MAX_TEST_FRACTION },
});

/** The network flags train adds (--init is TRAIN_INIT_OPTION, --data the one data flag). */
export const NETWORK_TRAIN_OPTIONS: Option<unknown>[] = [
  HIDDEN_OPTION,
  ACTIVATION_OPTION,
  SAMPLES_OPTION,
  NOISE_OPTION,
  DATA_SEED_OPTION,
  PARAMS_OPTION,
  GAIN_OPTION,
  SAVE_PARAMS_OPTION,
  PARAM_NAMES_OPTION,
  SAVE_TRAJECTORY_OPTION,
  EVERY_OPTION,
  TEST_FRACTION_OPTION,
];

/** --param-names names the tensors of a .safetensors --save-params; anywhere else it is a mistake. */
export function checkParamNames(values: Values, savePath: string | undefined): void {
  if (values.given(PARAM_NAMES_OPTION) && !(savePath !== undefined && savePath.toLowerCase().endsWith(".safetensors"))) {
    throw new UsageError("--param-names applies only with --save-params FILE.safetensors");
  }
}

/** Whether train's flags alone ask for a network (a multi-column CSV also does, once read). */
export function networkFlagsGiven(values: Values, init: TrainInit, dataSpec: string | undefined): boolean {
  return NETWORK_TRAIN_OPTIONS.some((o) => values.given(o)) || init.neuron === null || (dataSpec !== undefined && isDataName(dataSpec) && dataSpec !== "seed");
}

export interface Start {
  arch: Architecture;
  theta: Float64Array;
  rng: Random;
  described: string;
  warnings: string[];
}

/** Where a network starts: θ₀ (from --params, W,B or the one-neuron default) or the scheme to draw it with. */
export interface StartSpec {
  arch: Architecture;
  /** Null when `scheme` draws θ₀ from the stream seeded by --seed. */
  theta: Float64Array | null;
  scheme: NetworkInit | null;
  described: string;
  warnings: string[];
}

/** θ₀ from --params or --init (a W,B or a scheme, drawn later from --seed's stream). */
export function networkStartSpec(values: Values, init: TrainInit, seed: number, data: Table, loss: string): StartSpec {
  const given = values.given(HIDDEN_OPTION) ? values.get(HIDDEN_OPTION) : null;
  const activation = values.get(ACTIVATION_OPTION);
  const paramsPath = values.get(PARAMS_OPTION);
  if (paramsPath !== undefined) {
    if (values.given(TRAIN_INIT_OPTION)) throw new UsageError("--params and --init exclude each other");
    const { arch, theta, warnings } = loadParamsModel(paramsPath, data.inputs, paramsRun(values, loss));
    return { arch, theta, scheme: null, described: paramsPath, warnings };
  }
  const arch = checkedArchitecture({ inputs: data.inputs, hidden: given ?? [], activation });
  const P = parameterCount(arch);
  const explicit = values.given(TRAIN_INIT_OPTION);
  if (init.neuron?.kind === "fixed" && explicit) {
    if (P !== 2) throw new UsageError(`--init W,B is a start of the one-neuron model (2 parameters); this ${describeArchitecture(arch)} network has ${P}: give a scheme or --params (got ${quote(init.text)})`);
    return { arch, theta: Float64Array.of(init.neuron.w, init.neuron.b), scheme: null, described: init.text, warnings: [] };
  }
  // No --init: the one-neuron default start when the network is the one neuron, else nn.Linear's default.
  if (!explicit && P === 2) return { arch, theta: Float64Array.of(-5, -10), scheme: null, described: "-5,-10", warnings: [] };
  const scheme: NetworkInit = explicit && init.network ? init.network : { kind: "pytorch" };
  return { arch, theta: null, scheme, described: `${describeNetworkInit(scheme)} (seed ${seed})`, warnings: [] };
}

/** θ₀ from --params or --init/--seed, and the seeded stream that then shuffles the batches. */
export function networkStart(values: Values, init: TrainInit, seed: number, data: Table, loss: string): Start {
  const s = networkStartSpec(values, init, seed, data, loss);
  if (s.theta !== null) return { arch: s.arch, theta: s.theta, rng: seededRandom(seed), described: s.described, warnings: s.warnings };
  const { theta, rng } = seededNetworkStart(s.arch, s.scheme!, seed, values.get(GAIN_OPTION), data);
  return { arch: s.arch, theta, rng, described: s.described, warnings: s.warnings };
}

export { trajectoryPointCount };

/** Epochs shown in the text table: all up to 20, else 20 evenly spaced ones ending at the last. */
const TEXT_ROWS = 20;

/** 7 significant digits; exponent form outside [1e-3, 1e7), so a column stays 13 characters wide. */
function numberText(v: number): string {
  return v !== 0 && Number.isFinite(v) && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e7) ? v.toExponential(6) : v.toPrecision(7);
}

/** The --every flag's refusal: the trajectory would not fit the bound. */
export function checkEvery(totalSteps: number, every: number, P: number): void {
  const o = trajectoryOverLimit(totalSteps, every, P);
  if (o !== null) {
    throw new UsageError(
      `--every ${every}: ${totalSteps} steps would keep ${o.count} points of ${P} parameters; --save-trajectory keeps at most ${MAX_TRAJECTORY_POINTS} points and ${MAX_TRAJECTORY_ENTRIES} numbers, so use --every ${o.need} or more`,
    );
  }
}

/** The --json object in chunks: one per epoch record, so a long run is never one string. */
function* trainJsonChunks(doc: Record<string, unknown>): Generator<string> {
  let first = true;
  for (const [k, v] of Object.entries(doc)) {
    if (v === undefined) continue;
    const key = `${first ? "{" : ","}${JSON.stringify(k)}:`;
    first = false;
    if (k !== "epochs" || !Array.isArray(v)) {
      yield key + JSON.stringify(v);
      continue;
    }
    yield key + "[";
    for (let i = 0; i < v.length; i++) yield (i ? "," : "") + JSON.stringify(v[i]);
    yield "]";
  }
  yield "}\n";
}

export async function runNetworkTrain(values: Values, config: TrainConfig, init: TrainInit, seed: number, all: Table, asJson: boolean, io: CommandIO): Promise<number> {
  const testFraction = values.get(TEST_FRACTION_OPTION);
  let split: ReturnType<typeof splitTable>;
  try {
    split = splitTable(all, testFraction);
  } catch (err) {
    throw new UsageError(`--test-fraction: ${(err as Error).message}`);
  }
  const data = split.train;
  const held = split.test;
  const start = networkStartSpec(values, init, seed, data, config.loss);
  printWarnings(io, "train", start.warnings);
  const { arch } = start;
  const P = parameterCount(arch);
  const n = data.y.length;
  const totalSteps = stepsPerEpoch(n, config.batchSize) * config.epochs;
  const trajectoryPath = values.get(SAVE_TRAJECTORY_OPTION);
  const paramsPath = values.get(SAVE_PARAMS_OPTION);
  const every = values.get(EVERY_OPTION);
  if (values.given(EVERY_OPTION) && trajectoryPath === undefined) throw new UsageError("--every applies only with --save-trajectory FILE");
  checkParamNames(values, paramsPath);
  if (trajectoryPath !== undefined) checkEvery(totalSteps, every, P);
  checkDistinctOutputs([{ label: "--save-params", path: paramsPath }, { label: "--save-trajectory", path: trajectoryPath }]);
  const progress = startJob(values, io, "train", { ...networkTrainCost(n, P, config.epochs, totalSteps), memory: networkMemory(arch, n) });
  const lr = config.optimizerOptions.lr;
  const out = bufferedOut(io);
  const pad = (v: number): string => " " + numberText(v).padStart(13);
  // The text table is written as the run goes: the heading now, a row per (shown) epoch as the library reports it.
  if (!asJson) {
    out.write(
      `# ${config.loss} loss, ${describeArchitecture(arch)} (${P} parameters), init ${start.described}, ${config.optimizer}, lr ${lr}, batch size ${config.batchSize}${config.shuffle ? " (shuffled)" : ""}, ${config.epochs} epochs, ${n} samples of ${data.source}${held ? ` (${held.y.length} more held out for testing)` : ""}\n`,
    );
    out.write(`${"epoch".padStart(8)}${"loss".padStart(14)}${"accuracy".padStart(14)}${"|grad|".padStart(14)}\n`);
  }
  const row = (e: TrainProgressRecord): void => {
    if (e.epoch === 0 || config.epochs <= TEXT_ROWS || Math.floor((e.epoch * TEXT_ROWS) / config.epochs) > Math.floor(((e.epoch - 1) * TEXT_ROWS) / config.epochs)) {
      out.write(`${String(e.epoch).padStart(8)}${pad(e.loss)}${pad(e.accuracy)}${pad(e.gradNorm)}\n`);
    }
  };
  let r: TrainMlpResult;
  try {
    r = await train(mlpModel(arch, start.theta ?? new Float64Array(P)), modelDataOfTable(all), {
      loss: config.loss,
      optimizer: config.optimizer,
      lr,
      batchSize: config.batchSize,
      epochs: config.epochs,
      shuffle: config.shuffle,
      momentum: config.optimizerOptions.momentum,
      init: start.scheme,
      seed,
      gain: values.get(GAIN_OPTION),
      testFraction,
      saveTrajectory: trajectoryPath !== undefined,
      every,
    }, {
      onProgress: (stage, fraction, record) => {
        if (record !== undefined && !asJson) row(record);
        progress.update(stage, fraction);
      },
    });
  } catch (err) {
    if (err instanceof TrainingDivergedError) throw new UsageError(`--lr ${lr}: ${err.message}; use a smaller --lr`);
    if (err instanceof RangeError && err.message === "the start has non-finite parameters") throw new UsageError(`--init: ${err.message}`);
    throw err;
  }
  progress.finish();
  const { initial: _initial, theta: final, trajectory, ...doc } = r;
  // One write set: neither file is replaced unless both are complete.
  writeOutputSet([
    ...(paramsPath !== undefined ? [{ label: "--save-params", path: paramsPath, chunks: () => [paramsFileBytes(paramsPath, arch, final, config.loss, values.get(PARAM_NAMES_OPTION))] }] : []),
    ...(trajectoryPath !== undefined && trajectory ? [{ label: "--save-trajectory", path: trajectoryPath, chunks: () => trajectoryJsonChunks(trajectory.points, trajectory.steps, trajectory.every) }] : []),
  ]);
  if (asJson) {
    for (const c of trainJsonChunks(doc)) out.write(c);
    out.flush();
    return 0;
  }
  const test = r.testLoss !== undefined && r.testAccuracy !== undefined ? `; test loss = ${numberText(r.testLoss)}, test accuracy = ${accuracyText(r.testAccuracy)}` : "";
  out.write(`final: loss = ${numberText(r.finalLoss)}, accuracy = ${accuracyText(r.accuracy)}, |grad| = ${numberText(r.gradNorm)}${test}\n`);
  out.flush();
  return 0;
}
