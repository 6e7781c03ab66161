// `train` with a network: the start from --params or --init/--seed, training with
// PyTorch's semantics (../nn/train.ts, the optimizers of ../train/optimizers.ts), the run
// streamed as per-epoch records, and the final point and trajectory saved atomically.

import { parseInit, INIT_SCHEMES, type InitSpec } from "../init/initializers.js";
import { seededRandom, type Random } from "../init/random.js";
import { describeArchitecture, parameterCount, type Architecture } from "../nn/architecture.js";
import { isDataName } from "../nn/datasets.js";
import { evaluateNetwork, forward } from "../nn/forward.js";
import { MAX_TEST_FRACTION, splitTable } from "../nn/split.js";
import { describeNetworkInit, initializeNetwork, NETWORK_SCHEMES, parseNetworkInit, type NetworkInit } from "../nn/init.js";
import { serializeParams } from "../formats/params-json.js";
import type { Table } from "../nn/table.js";
import { trainNetworkStream, type EpochRecord } from "../nn/train.js";
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
import { networkMemory, networkTrainCost } from "./estimate.js";
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

/** θ₀ from --params or --init/--seed, and the seeded stream that then shuffles the batches. */
export function networkStart(values: Values, init: TrainInit, seed: number, data: Table, loss: string): Start {
  const given = values.given(HIDDEN_OPTION) ? values.get(HIDDEN_OPTION) : null;
  const activation = values.get(ACTIVATION_OPTION);
  const paramsPath = values.get(PARAMS_OPTION);
  const rng = seededRandom(seed);
  if (paramsPath !== undefined) {
    if (values.given(TRAIN_INIT_OPTION)) throw new UsageError("--params and --init exclude each other");
    const { arch, theta, warnings } = loadParamsModel(paramsPath, data.inputs, paramsRun(values, loss));
    return { arch, theta, rng, described: paramsPath, warnings };
  }
  const arch = checkedArchitecture({ inputs: data.inputs, hidden: given ?? [], activation });
  const P = parameterCount(arch);
  const explicit = values.given(TRAIN_INIT_OPTION);
  if (init.neuron?.kind === "fixed" && explicit) {
    if (P !== 2) throw new UsageError(`--init W,B is a start of the one-neuron model (2 parameters); this ${describeArchitecture(arch)} network has ${P}: give a scheme or --params (got ${quote(init.text)})`);
    return { arch, theta: Float64Array.of(init.neuron.w, init.neuron.b), rng, described: init.text, warnings: [] };
  }
  // No --init: the one-neuron default start when the network is the one neuron, else nn.Linear's default.
  if (!explicit && P === 2) return { arch, theta: Float64Array.of(-5, -10), rng, described: "-5,-10", warnings: [] };
  const scheme: NetworkInit = explicit && init.network ? init.network : { kind: "pytorch" };
  const { theta } = initializeNetwork(arch, scheme, rng, values.get(GAIN_OPTION), data);
  return { arch, theta, rng, described: `${describeNetworkInit(scheme)} (seed ${seed})`, warnings: [] };
}

/** Points kept over `totalSteps` steps every `every`: step 0, each multiple of K, and the last step. */
export function trajectoryPointCount(totalSteps: number, every: number): number {
  return Math.floor(totalSteps / every) + 1 + (totalSteps % every === 0 ? 0 : 1);
}

/** Epochs shown in the text table: all up to 20, else 20 evenly spaced ones ending at the last. */
const TEXT_ROWS = 20;

/** 7 significant digits; exponent form outside [1e-3, 1e7), so a column stays 13 characters wide. */
function numberText(v: number): string {
  return v !== 0 && Number.isFinite(v) && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e7) ? v.toExponential(6) : v.toPrecision(7);
}

/** Loss and accuracy on the held-out rows (the reference forward pass, as the explorer page computes them). */
interface TestRecord {
  testLoss: number;
  testAccuracy: number;
}

function testJson(t: TestRecord | null): string {
  return t === null ? "" : `,"testLoss":${t.testLoss},"testAccuracy":${t.testAccuracy}`;
}

function recordJson(r: EpochRecord, t: TestRecord | null): string {
  return `{"epoch":${r.epoch},"loss":${r.loss},"accuracy":${r.accuracy},"gradNorm":${r.gradNorm}${testJson(t)}}`;
}

function finite(theta: Float64Array): boolean {
  for (let i = 0; i < theta.length; i++) if (!Number.isFinite(theta[i])) return false;
  return true;
}

export function runNetworkTrain(values: Values, config: TrainConfig, init: TrainInit, seed: number, all: Table, asJson: boolean, io: CommandIO): number {
  let split: ReturnType<typeof splitTable>;
  try {
    split = splitTable(all, values.get(TEST_FRACTION_OPTION));
  } catch (err) {
    throw new UsageError(`--test-fraction: ${(err as Error).message}`);
  }
  const data = split.train;
  const held = split.test;
  const testOf = (theta: Float64Array): TestRecord | null => {
    if (held === null) return null;
    const pass = forward(start.arch, theta, held, config.loss);
    return { testLoss: pass.loss, testAccuracy: pass.accuracy };
  };
  const start = networkStart(values, init, seed, data, config.loss);
  printWarnings(io, "train", start.warnings);
  const { arch, rng } = start;
  const P = start.theta.length;
  const n = data.y.length;
  const totalSteps = stepsPerEpoch(n, config.batchSize) * config.epochs;
  const trajectoryPath = values.get(SAVE_TRAJECTORY_OPTION);
  const paramsPath = values.get(SAVE_PARAMS_OPTION);
  const every = values.get(EVERY_OPTION);
  if (values.given(EVERY_OPTION) && trajectoryPath === undefined) throw new UsageError("--every applies only with --save-trajectory FILE");
  checkParamNames(values, paramsPath);
  if (trajectoryPath !== undefined) {
    const count = trajectoryPointCount(totalSteps, every);
    if (count > MAX_TRAJECTORY_POINTS || count * P > MAX_TRAJECTORY_ENTRIES) {
      const most = Math.min(MAX_TRAJECTORY_POINTS, Math.floor(MAX_TRAJECTORY_ENTRIES / P));
      const need = Math.ceil(totalSteps / Math.max(1, most - 2));
      throw new UsageError(
        `--every ${every}: ${totalSteps} steps would keep ${count} points of ${P} parameters; --save-trajectory keeps at most ${MAX_TRAJECTORY_POINTS} points and ${MAX_TRAJECTORY_ENTRIES} numbers, so use --every ${need} or more`,
      );
    }
  }
  checkDistinctOutputs([{ label: "--save-params", path: paramsPath }, { label: "--save-trajectory", path: trajectoryPath }]);
  const diverged = (k: number): UsageError =>
    new UsageError(`--lr ${config.optimizerOptions.lr}: training diverged (the loss or parameters left the float64 range at step ${k}); use a smaller --lr`);
  if (!finite(start.theta)) throw new UsageError("--init: the start has non-finite parameters");
  const kept: Float64Array[] = trajectoryPath !== undefined ? [Float64Array.from(start.theta)] : [];
  const keptSteps: number[] = trajectoryPath !== undefined ? [0] : [];
  const out = bufferedOut(io);
  const progress = startJob(values, io, "train", { ...networkTrainCost(n, P, config.epochs, totalSteps), memory: networkMemory(arch, n) });
  const pad = (v: number): string => " " + numberText(v).padStart(13);
  if (asJson) {
    out.write(`{"loss":${JSON.stringify(config.loss)},"optimizer":${JSON.stringify(config.optimizer)},"architecture":${JSON.stringify({ inputs: arch.inputs, hidden: arch.hidden, activation: arch.activation })},"parameters":${P},"start":${serializeParams(arch, start.theta).trimEnd()},"epochs":[`);
  } else {
    out.write(
      `# ${config.loss} loss, ${describeArchitecture(arch)} (${P} parameters), init ${start.described}, ${config.optimizer}, lr ${config.optimizerOptions.lr}, batch size ${config.batchSize}${config.shuffle ? " (shuffled)" : ""}, ${config.epochs} epochs, ${n} samples of ${data.source}${held ? ` (${held.y.length} more held out for testing)` : ""}\n`,
    );
    const s0 = evaluateNetwork(arch, start.theta, data, config.loss);
    out.write(`${"epoch".padStart(8)}${"loss".padStart(14)}${"accuracy".padStart(14)}${"|grad|".padStart(14)}\n`);
    out.write(`${"0".padStart(8)}${pad(s0.loss)}${pad(s0.accuracy)}${pad(s0.gradNorm)}\n`);
  }
  const { final, last } = trainNetworkStream(arch, start.theta, data, config, rng, {
    step(k, theta, l) {
      if (!Number.isFinite(l)) throw diverged(k);
      if (trajectoryPath !== undefined && (k % every === 0 || k === totalSteps)) {
        kept.push(Float64Array.from(theta));
        keptSteps.push(k);
      }
    },
    epoch(r, theta) {
      if (!(Number.isFinite(r.loss) && Number.isFinite(r.gradNorm))) throw diverged(r.epoch * stepsPerEpoch(n, config.batchSize));
      progress.update("training", r.epoch / config.epochs);
      if (asJson) out.write((r.epoch === 1 ? "" : ",") + recordJson(r, testOf(theta)));
      else if (config.epochs <= TEXT_ROWS || Math.floor((r.epoch * TEXT_ROWS) / config.epochs) > Math.floor(((r.epoch - 1) * TEXT_ROWS) / config.epochs)) {
        out.write(`${String(r.epoch).padStart(8)}${pad(r.loss)}${pad(r.accuracy)}${pad(r.gradNorm)}\n`);
      }
    },
  });
  if (!finite(final)) throw diverged(totalSteps);
  progress.finish();
  // One write set: neither file is replaced unless both are complete.
  writeOutputSet([
    ...(paramsPath !== undefined ? [{ label: "--save-params", path: paramsPath, chunks: () => [paramsFileBytes(paramsPath, arch, final, config.loss, values.get(PARAM_NAMES_OPTION))] }] : []),
    ...(trajectoryPath !== undefined ? [{ label: "--save-trajectory", path: trajectoryPath, chunks: () => trajectoryJsonChunks(kept, keptSteps, every) }] : []),
  ]);
  if (asJson) {
    out.write(`],"final":${serializeParams(arch, final).trimEnd()},"finalLoss":${last.loss},"accuracy":${last.accuracy},"gradNorm":${last.gradNorm}${testJson(testOf(final))}}\n`);
  } else {
    const t = testOf(final);
    out.write(`final: loss = ${numberText(last.loss)}, accuracy = ${accuracyText(last.accuracy)}, |grad| = ${numberText(last.gradNorm)}${t ? `; test loss = ${numberText(t.testLoss)}, test accuracy = ${accuracyText(t.testAccuracy)}` : ""}\n`);
  }
  out.flush();
  return 0;
}
