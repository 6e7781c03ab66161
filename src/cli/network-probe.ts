// `probe` for a network (--hidden, --params, --init, --hvp or a built-in 2-D --data): its flags,
// the network and data they name, and the text report; the numbers are api/probe.ts's.

import { seededNetworkStart } from "../train/from-init.js";
import { describeArchitecture, type Architecture } from "../nn/architecture.js";
import { norm2 } from "../nn/forward.js";
import { MAX_DENSE_HESSIAN_PARAMS } from "../nn/hessian.js";
import { probe } from "../api/probe.js";
import { mlpModel, modelDataOfTable } from "../model/mlp-model.js";
import { parseNetworkInit, type NetworkInit } from "../nn/init.js";
import type { LossName } from "../numerics/losses.js";
import type { CommandIO } from "./command.js";
import { UsageError } from "./errors.js";
import { finiteOr, requireFinite } from "./finite.js";
import { checkedArchitecture, loadParams, loadParamsModel, loadTable, printWarnings } from "./network-io.js";
import type { Table } from "../nn/table.js";
import { orUsage, paramsRun, ACTIVATION_OPTION, DATA_SEED_OPTION, GAIN_OPTION, HIDDEN_OPTION, NOISE_OPTION, PARAMS_OPTION, SAMPLES_OPTION } from "./network-options.js";
import { flagOption, valueOption, type Option, type Values } from "./options.js";
import { seedOption } from "./shared-options.js";
import { networkMemory, networkProbeCost } from "../estimate/cost.js";
import { startJob } from "./progress-options.js";
import { accuracyText } from "./human-number.js";

export const PROBE_INIT_OPTION = valueOption<NetworkInit>({
  name: "init",
  arg: "SCHEME",
  help: "a network's start when no --params is given (see layers --help for the schemes)",
  default: { kind: "pytorch" },
  defaultText: "pytorch",
  example: "he",
  parse: (t) => orUsage("--init", t, parseNetworkInit(t)),
});
export const PROBE_SEED_OPTION = seedOption("seed of a network's --init draws");
export const HVP_OPTION = valueOption<string | undefined>({
  name: "hvp",
  arg: "FILE",
  help: "a network: add H v for the vector v in FILE (params format)",
  default: undefined,
  defaultText: "none",
  parse: (t) => t,
});

/** The flags that place a network at one point θ (probe and gradcheck). */
export const NETWORK_POINT_OPTIONS: Option<unknown>[] = [HIDDEN_OPTION, ACTIVATION_OPTION, SAMPLES_OPTION, NOISE_OPTION, DATA_SEED_OPTION, PARAMS_OPTION, PROBE_INIT_OPTION, GAIN_OPTION, PROBE_SEED_OPTION];

export const NO_HESSIAN_OPTION = flagOption({ name: "no-hessian", help: `a network: skip the dense Hessian (by default computed when P ≤ ${MAX_DENSE_HESSIAN_PARAMS}, skipped above)` });

/** The network flags probe adds. */
export const NETWORK_PROBE_OPTIONS: Option<unknown>[] = [...NETWORK_POINT_OPTIONS, HVP_OPTION, NO_HESSIAN_OPTION];

/** Whether probe's flags ask for the network path. */
export function wantsNetwork(values: Values, dataSpec: string | undefined, isBuiltin: (s: string) => boolean): boolean {
  return [HIDDEN_OPTION, PARAMS_OPTION, PROBE_INIT_OPTION, HVP_OPTION].some((o) => values.given(o)) || (dataSpec !== undefined && isBuiltin(dataSpec) && dataSpec !== "seed");
}

/** The data of a network command: a built-in set by name (seed when none), else a CSV. */
export function networkTable(values: Values, dataSpec: string | undefined): Table {
  return loadTable(dataSpec ?? "seed", values.get(SAMPLES_OPTION), values.get(NOISE_OPTION), values.get(DATA_SEED_OPTION));
}

/**
 * The architecture and θ a network command runs at: --params (its layers give the hidden
 * widths when --hidden is not given) or --init/--seed/--gain on --hidden.
 */
export function networkPoint(values: Values, data: Table, loss?: string): { arch: Architecture; theta: Float64Array; paramsPath: string | undefined; warnings: string[] } {
  const paramsPath = values.get(PARAMS_OPTION);
  const hidden = values.given(HIDDEN_OPTION) ? values.get(HIDDEN_OPTION) : null;
  if (paramsPath !== undefined) {
    if (values.given(PROBE_INIT_OPTION)) throw new UsageError("--params and --init exclude each other");
    return { ...loadParamsModel(paramsPath, data.inputs, paramsRun(values, loss)), paramsPath };
  }
  const arch: Architecture = checkedArchitecture({ inputs: data.inputs, hidden: hidden ?? [], activation: values.get(ACTIVATION_OPTION) });
  const theta = seededNetworkStart(arch, values.get(PROBE_INIT_OPTION), values.get(PROBE_SEED_OPTION), values.get(GAIN_OPTION), data).theta;
  return { arch, theta, paramsPath, warnings: [] };
}

export async function probeNetwork(values: Values, loss: LossName, data: Table, asJson: boolean, io: CommandIO): Promise<number> {
  const { arch, theta, paramsPath, warnings } = networkPoint(values, data, loss);
  printWarnings(io, "probe", warnings);
  const P = theta.length;
  const hvpPath = values.get(HVP_OPTION);
  const noHessian = values.get(NO_HESSIAN_OPTION);
  const dense = !noHessian && P <= MAX_DENSE_HESSIAN_PARAMS;
  // Read before the work: a bad --hvp file costs nothing.
  const v = hvpPath !== undefined ? loadParams(hvpPath, arch, "--hvp") : null;
  const progress = startJob(values, io, "probe", { ...networkProbeCost(P, data.y.length, dense, v !== null), memory: networkMemory(arch, data.y.length) });
  const flag = paramsPath !== undefined ? "--params" : "--init";
  const doc = await finiteOr(flag, probe(mlpModel(arch, theta), modelDataOfTable(data), { loss, hvp: v, noHessian }, { onProgress: (s, f) => progress.update(s, f) }));
  progress.finish();
  // H·v overflowing with a finite H is the --hvp vector's doing: name that file.
  if (doc.hvp) requireFinite({ hvp: doc.hvp }, "--hvp");
  requireFinite(doc, flag);
  const { hessian, hessianSkipped: skipped, layers, hvp } = doc;
  if (asJson) {
    io.out(JSON.stringify(doc) + "\n");
    return 0;
  }
  const e = (v: number): string => v.toExponential(6);
  const lines = [
    `${loss}, ${describeArchitecture(arch)} (${P} parameters), ${data.y.length} samples of ${data.source}`,
    `loss         ${doc.loss.toPrecision(10)}`,
    `|grad|       ${e(doc.gradNorm)}`,
    ...layers.map((l, i) => `layer ${i}      |∇W| ${e(l.weightGradNorm)}  |∇b| ${e(l.biasGradNorm)}`),
    `accuracy     ${accuracyText(doc.accuracy)}`,
    hessian
      ? `hessian      λmin ${e(hessian.lambdaMin)}  λmax ${e(hessian.lambdaMax)}  trace ${e(hessian.trace)}`
      : skipped === "--no-hessian"
        ? "hessian      skipped (--no-hessian)"
        : `hessian      skipped: the dense Hessian is computed for P ≤ ${MAX_DENSE_HESSIAN_PARAMS} (here P = ${P}); \`hessian --top K\` estimates its extreme eigenvalues`,
  ];
  if (hvp) lines.push(`|H v|        ${e(norm2(Float64Array.from(hvp)))}`);
  io.out(lines.join("\n") + "\n");
  return 0;
}
