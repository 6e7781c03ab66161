// Reading a network command's inputs: built-in or CSV data and params files. Library
// errors (data, params, limits) become UsageErrors: exit 2, one line, nothing written.

import { checkArchitecture, type Architecture } from "../nn/architecture.js";
import type { ActivationName } from "../nn/activations.js";
import { builtinTable, isDataName } from "../nn/datasets.js";
import { hiddenFromLayers, layersToTheta, ParamsError, parseParamsJson, type RawLayer } from "../nn/params-io.js";
import { parseSafetensors, safetensorsLayers } from "../nn/safetensors.js";
import type { Table } from "../nn/table.js";
import { UsageError, usageOn } from "./errors.js";
import { loadTableCsv, MAX_PARAMS_BYTES, readBufferCapped } from "./io.js";

/** A built-in data set by name, else the CSV file at that path. */
export function loadTable(spec: string, samples: number, noise: number | null, dataSeed: number): Table {
  if (isDataName(spec)) return builtinTable(spec, { samples, noise, dataSeed });
  return loadTableCsv(spec);
}

/** Checks the architecture (size limit) as a usage error. */
export function checkedArchitecture(arch: Architecture): Architecture {
  try {
    checkArchitecture(arch);
  } catch (err) {
    throw new UsageError(`--hidden: ${(err as Error).message}`);
  }
  return arch;
}

/** The layers of a params file (.safetensors by extension, else JSON), not yet matched to an architecture. */
export function readParamsLayers(path: string, flag = "--params"): RawLayer[] {
  const bytes = readBufferCapped(path, flag, MAX_PARAMS_BYTES);
  return usageOn(flag, [ParamsError], () => (path.toLowerCase().endsWith(".safetensors") ? safetensorsLayers(new Uint8Array(bytes), path) : parseParamsJson(bytes.toString("utf8"), path)));
}

/** θ from a params file, shape-checked against arch. */
export function loadParams(path: string, arch: Architecture, flag = "--params"): Float64Array {
  const layers = readParamsLayers(path, flag);
  return usageOn(flag, [ParamsError], () => layersToTheta(layers, arch, path));
}

/**
 * A params file and the architecture it runs in: the given hidden widths, or (hidden
 * null: no --hidden) the widths the file's layers imply. The shapes are then checked
 * against the data's input size, so a mismatch names the layer and both shapes.
 */
export function loadParamsArchitecture(path: string, inputs: number, hidden: readonly number[] | null, activation: ActivationName): { arch: Architecture; theta: Float64Array } {
  const layers = readParamsLayers(path);
  const arch = checkedArchitecture({ inputs, hidden: hidden ?? hiddenFromLayers(layers).hidden, activation });
  return { arch, theta: usageOn("--params", [ParamsError], () => layersToTheta(layers, arch, path)) };
}

/** A .safetensors file's tensors as [name, shape], by name (null for a JSON params file, whose layers are unnamed). */
export function readTensorShapes(path: string, flag = "--params"): Array<[string, number[]]> | null {
  if (!path.toLowerCase().endsWith(".safetensors")) return null;
  const bytes = readBufferCapped(path, flag, MAX_PARAMS_BYTES);
  const tensors = usageOn(flag, [ParamsError], () => parseSafetensors(new Uint8Array(bytes), path));
  return [...tensors.entries()].map(([name, t]): [string, number[]] => [name, t.shape]).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}
