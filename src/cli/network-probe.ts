// `probe` for a network (--hidden, --params, --init, --hvp or a built-in 2-D --data):
// loss, flat gradient, per-layer gradient norms, accuracy and, for P ≤ 2000, the exact
// Hessian's full spectrum and trace; --hvp FILE adds H v for a vector in the params format.

import { seededRandom } from "../init/random.js";
import { describeArchitecture, layerShapes, type Architecture } from "../nn/architecture.js";
import { evaluateNetwork, norm2 } from "../nn/forward.js";
import { denseHessian, MAX_DENSE_HESSIAN_PARAMS, spectrumOf } from "../nn/hessian.js";
import { hessianVector } from "../nn/hvp.js";
import { initializeNetwork, parseNetworkInit, type NetworkInit } from "../nn/init.js";
import type { LossName } from "../numerics/losses.js";
import type { CommandIO } from "./command.js";
import { UsageError } from "./errors.js";
import { requireFinite } from "./finite.js";
import { checkedArchitecture, loadParams, loadParamsModel, loadTable, printWarnings } from "./network-io.js";
import type { Table } from "../nn/table.js";
import { orUsage, paramsRun, ACTIVATION_OPTION, DATA_SEED_OPTION, GAIN_OPTION, HIDDEN_OPTION, NOISE_OPTION, PARAMS_OPTION, SAMPLES_OPTION } from "./network-options.js";
import { flagOption, valueOption, type Option, type Values } from "./options.js";
import { seedOption } from "./shared-options.js";
import { networkMemory, networkProbeCost } from "./estimate.js";
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
  const theta = initializeNetwork(arch, values.get(PROBE_INIT_OPTION), seededRandom(values.get(PROBE_SEED_OPTION)), values.get(GAIN_OPTION), data).theta;
  return { arch, theta, paramsPath, warnings: [] };
}

export function probeNetwork(values: Values, loss: LossName, data: Table, asJson: boolean, io: CommandIO): number {
  const { arch, theta, paramsPath, warnings } = networkPoint(values, data, loss);
  printWarnings(io, "probe", warnings);
  const P = theta.length;
  const hvpPath = values.get(HVP_OPTION);
  // Why the dense Hessian is not computed (null: it is): asked, or too many parameters.
  const skipped = values.get(NO_HESSIAN_OPTION) ? "--no-hessian" : P > MAX_DENSE_HESSIAN_PARAMS ? `P > ${MAX_DENSE_HESSIAN_PARAMS}` : null;
  const dense = skipped === null;
  // Read before the work: a bad --hvp file costs nothing.
  const v = hvpPath !== undefined ? loadParams(hvpPath, arch, "--hvp") : undefined;
  const progress = startJob(values, io, "probe", { ...networkProbeCost(P, data.y.length, dense, v !== undefined), memory: networkMemory(arch, data.y.length) });
  progress.update("loss and gradient");
  const p = evaluateNetwork(arch, theta, data, loss);
  const layers = layerShapes(arch).map((s) => ({
    weightGradNorm: norm2(p.grad.subarray(s.weightOffset, s.biasOffset)),
    biasGradNorm: norm2(p.grad.subarray(s.biasOffset, s.biasOffset + s.fanOut)),
  }));
  const stage = `the ${P}×${P} Hessian`;
  if (dense) progress.update(stage, 0);
  const H = dense ? denseHessian(arch, theta, data, loss, (f) => progress.update(stage, f)) : null;
  const flag = paramsPath !== undefined ? "--params" : "--init";
  // A Hessian beyond float64 has no spectrum: refuse it by name before the eigensolver.
  if (H) requireFinite({ hessian: H }, flag);
  if (H) progress.update("its spectrum");
  const spectrum = H ? spectrumOf(H, P) : null;
  const hessian = spectrum ? { eigenvalues: Array.from(spectrum.eigenvalues), trace: spectrum.trace, lambdaMin: spectrum.lambdaMin, lambdaMax: spectrum.lambdaMax } : null;
  if (v) progress.update("H v");
  const hvp = v ? Array.from(hessianVector(arch, theta, data, loss, v)) : undefined;
  progress.finish();
  // H·v overflowing with a finite H is the --hvp vector's doing: name that file.
  if (hvp) requireFinite({ hvp }, "--hvp");
  const doc = { loss: p.loss, gradient: Array.from(p.grad), gradNorm: p.gradNorm, accuracy: p.accuracy, layers, hessian, hessianSkipped: skipped, ...(hvp ? { hvp } : {}) };
  requireFinite(doc, flag);
  if (asJson) {
    io.out(JSON.stringify(doc) + "\n");
    return 0;
  }
  const e = (v: number): string => v.toExponential(6);
  const lines = [
    `${loss}, ${describeArchitecture(arch)} (${P} parameters), ${data.y.length} samples of ${data.source}`,
    `loss         ${p.loss.toPrecision(10)}`,
    `|grad|       ${e(p.gradNorm)}`,
    ...layers.map((l, i) => `layer ${i}      |∇W| ${e(l.weightGradNorm)}  |∇b| ${e(l.biasGradNorm)}`),
    `accuracy     ${accuracyText(p.accuracy)}`,
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
