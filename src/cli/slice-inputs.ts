// Reading `slice`'s inputs: the data and model, the center θ*, the trajectory, and the
// files named by --directions and --to. Library errors become one-line usage errors.

import { seededRandom } from "../init/random.js";
import { describeArchitecture, parameterCount, type Architecture } from "../nn/architecture.js";
import { describeNetworkInit, initializeNetwork } from "../nn/init.js";
import type { Table } from "../nn/table.js";
import { parseTrajectory, trajectorySteps, type TrajectoryFile } from "../formats/trajectory.js";
import { UsageError } from "./errors.js";
import { MAX_PARAMS_BYTES, readTextCapped } from "./io.js";
import { checkedArchitecture, loadParamsModel, loadTable } from "./network-io.js";
import { paramsRun, ACTIVATION_OPTION, DATA_SEED_OPTION, GAIN_OPTION, HIDDEN_OPTION, NET_DATA_OPTION, NOISE_OPTION, PARAMS_OPTION, SAMPLES_OPTION } from "./network-options.js";
import { PROBE_INIT_OPTION } from "./network-probe.js";
import { intOption, type Values } from "./options.js";
import { quote } from "./quote.js";

export const INIT_SEED_OPTION = intOption({ name: "init-seed", help: "seed of --init's draws (apart from --seed, so θ* and random directions are independent)", default: 0, min: 0 });

/** Largest --trajectory file read (256 MiB). */
export const MAX_TRAJECTORY_BYTES = MAX_PARAMS_BYTES;

export interface Model {
  data: Table;
  arch: Architecture;
  P: number;
  /** θ from --params, whose layers gave the architecture, and what its metadata disagrees with. */
  params: { theta: Float64Array; warnings: string[] } | null;
}

/** The data and the architecture: --params's layers give the hidden widths unless --hidden is given. */
export function loadModel(values: Values, loss?: string): Model {
  const data = loadTable(values.get(NET_DATA_OPTION), values.get(SAMPLES_OPTION), values.get(NOISE_OPTION), values.get(DATA_SEED_OPTION));
  const path = values.get(PARAMS_OPTION);
  if (path !== undefined) {
    const { arch, theta, warnings } = loadParamsModel(path, data.inputs, paramsRun(values, loss));
    return { data, arch, P: theta.length, params: { theta, warnings } };
  }
  const arch = checkedArchitecture({ inputs: data.inputs, hidden: values.get(HIDDEN_OPTION), activation: values.get(ACTIVATION_OPTION) });
  return { data, arch, P: parameterCount(arch), params: null };
}

/** The saved trajectory named by --trajectory (at least 2 points), or null. */
export function loadTrajectory(path: string | undefined, P: number): (TrajectoryFile & { stepOf: number[] }) | null {
  if (path === undefined) return null;
  const text = readTextCapped(path, "--trajectory", MAX_TRAJECTORY_BYTES);
  let f: TrajectoryFile;
  try {
    f = parseTrajectory(text, P);
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(`--trajectory: ${quote(path)}: ${err.message}`);
    throw err;
  }
  if (f.points.length < 2) throw new UsageError(`--trajectory: ${quote(path)} holds ${f.points.length} point${f.points.length === 1 ? "" : "s"}; a trajectory needs at least 2`);
  return { ...f, stepOf: trajectorySteps(f) };
}

export interface Center {
  theta: Float64Array;
  /** What θ* is, for the JSON and the figure: a path, an init, the origin or the trajectory's end. */
  source: string;
}

/**
 * θ*: --params; else --init (seeded by --init-seed); else, for pca, the trajectory's last
 * point (Li et al. center the plane on the final weights); else the origin for the
 * one-neuron model (α and β are then w and b themselves) and --init's default for a network.
 */
export function loadCenter(values: Values, m: Model, trajectory: TrajectoryFile | null, pca: boolean): Center {
  const path = values.get(PARAMS_OPTION);
  const initGiven = values.given(PROBE_INIT_OPTION);
  if (path !== undefined && initGiven) throw new UsageError("--params and --init exclude each other");
  if (path !== undefined && m.params) return { theta: m.params.theta, source: path };
  const oneNeuron = m.arch.hidden.length === 0 && m.arch.inputs === 1;
  if (!initGiven && pca && trajectory) return { theta: Float64Array.from(trajectory.points[trajectory.points.length - 1]), source: "the trajectory's last point" };
  if (!initGiven && oneNeuron) return { theta: new Float64Array(m.P), source: "the origin (w, b) = (0, 0)" };
  const init = values.get(PROBE_INIT_OPTION);
  const seed = values.get(INIT_SEED_OPTION);
  const { theta } = initializeNetwork(m.arch, init, seededRandom(seed), values.get(GAIN_OPTION), m.data);
  return { theta, source: `--init ${describeNetworkInit(init)}, --init-seed ${seed}` };
}

/** "2-8-1 tanh" and the parameter count, for the JSON head. */
export function modelJson(m: Model): Record<string, unknown> {
  return { inputs: m.arch.inputs, hidden: m.arch.hidden, activation: m.arch.activation, parameters: m.P, description: describeArchitecture(m.arch) };
}
