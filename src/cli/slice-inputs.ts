// Reading `slice`'s inputs: the data and model (--params's layers give the architecture) and
// the trajectory. Library errors become one-line usage errors.

import { parameterCount, type Architecture } from "../nn/architecture.js";
import type { Table } from "../nn/table.js";
import { parseTrajectory, trajectorySteps, type TrajectoryFile } from "../formats/trajectory.js";
import { UsageError } from "./errors.js";
import { MAX_PARAMS_BYTES, readTextCapped } from "./io.js";
import { checkedArchitecture, loadParamsModel, loadTable } from "./network-io.js";
import { paramsRun, ACTIVATION_OPTION, DATA_SEED_OPTION, HIDDEN_OPTION, NET_DATA_OPTION, NOISE_OPTION, PARAMS_OPTION, SAMPLES_OPTION } from "./network-options.js";
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
