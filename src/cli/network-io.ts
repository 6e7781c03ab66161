// Reading a network command's inputs: built-in or CSV data and params files. Library
// errors (data, params, limits) become UsageErrors: exit 2, one line, nothing written.

import { checkArchitecture, type Architecture } from "../nn/architecture.js";
import { builtinTable, isDataName } from "../nn/datasets.js";
import { layersToTheta, ParamsError, parseParamsJson } from "../nn/params-io.js";
import { safetensorsLayers } from "../nn/safetensors.js";
import type { Table } from "../nn/table.js";
import { UsageError } from "./errors.js";
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

/** θ from a params file (.safetensors by extension, else JSON), shape-checked against arch. */
export function loadParams(path: string, arch: Architecture, flag = "--params"): Float64Array {
  const bytes = readBufferCapped(path, flag, MAX_PARAMS_BYTES);
  try {
    const layers = path.toLowerCase().endsWith(".safetensors") ? safetensorsLayers(new Uint8Array(bytes), path) : parseParamsJson(bytes.toString("utf8"), path);
    return layersToTheta(layers, arch, path);
  } catch (err) {
    if (err instanceof ParamsError) throw new UsageError(`${flag}: ${err.message}`);
    throw err;
  }
}
