// Reading a network command's inputs: built-in or CSV data and params files. Library
// errors (data, params, limits) become UsageErrors: exit 2, one line, nothing written.

import { checkArchitecture, type Architecture } from "../nn/architecture.js";
import type { ActivationName } from "../nn/activations.js";
import { builtinTable, isDataName } from "../nn/datasets.js";
import { hiddenFromLayers, layersToTheta, ParamsError, type RawLayer } from "../formats/params-json.js";
import { metaMismatches } from "../formats/params-meta.js";
import { parseParamsFile, paramsSpellingOf, type ParamsFile } from "../formats/params-file.js";
import { parseSafetensors } from "../formats/safetensors.js";
import type { Table } from "../nn/table.js";
import type { CommandIO } from "./command.js";
import { quote, safeLine } from "./quote.js";
import { UsageError, usageOn } from "./errors.js";
import { loadTableCsv, MAX_PARAMS_BYTES, readBufferCapped } from "./io.js";

/** A built-in data set by name, else the CSV file at that path. */
export function loadTable(spec: string, samples: number, noise: number | null, dataSeed: number): Table {
  if (isDataName(spec)) return builtinTable(spec, { samples, noise, dataSeed });
  return loadTableCsv(spec);
}

/** Checks the architecture (size limit) as a usage error naming `source` (--hidden, or the params file it came from). */
export function checkedArchitecture(arch: Architecture, source = "--hidden"): Architecture {
  try {
    checkArchitecture(arch);
  } catch (err) {
    throw new UsageError(`${source}: ${(err as Error).message}`);
  }
  return arch;
}

/** A params file (.safetensors by extension, else JSON): layers and metadata. */
export function readParamsFile(path: string, flag = "--params"): ParamsFile {
  const bytes = readBufferCapped(path, flag, MAX_PARAMS_BYTES);
  return usageOn(flag, [ParamsError], () => parseParamsFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path, paramsSpellingOf(path)));
}

/** The layers of a params file, not yet matched to an architecture. */
export function readParamsLayers(path: string, flag = "--params"): RawLayer[] {
  return readParamsFile(path, flag).layers;
}

/** θ from a params file, shape-checked against arch. */
export function loadParams(path: string, arch: Architecture, flag = "--params"): Float64Array {
  const layers = readParamsLayers(path, flag);
  return usageOn(flag, [ParamsError], () => layersToTheta(layers, arch, path));
}

export interface ParamsModel {
  arch: Architecture;
  theta: Float64Array;
  /** Disagreements between the file's metadata and this run (one line each, for stderr). */
  warnings: string[];
}

/**
 * A params file and the architecture it runs in. The hidden widths are the file's (its
 * layers' shapes) unless --hidden is given, which must then agree; the activation is
 * --activation if given, else the one the file records, else `defaultActivation`. A
 * record that disagrees with the run (activation, loss) becomes a warning, not an error.
 */
export function loadParamsModel(
  path: string,
  inputs: number,
  run: { hidden: readonly number[] | null; activation: ActivationName | null; defaultActivation: ActivationName; loss?: string },
  flag = "--params",
): ParamsModel {
  const { layers, meta } = readParamsFile(path, flag);
  const implied = hiddenFromLayers(layers);
  const widths = (h: readonly number[]): string => (h.length === 0 ? "none" : h.join(","));
  if (implied.inputs !== inputs) {
    throw new UsageError(`${flag}: ${quote(path)} takes ${implied.inputs} input${implied.inputs === 1 ? "" : "s"} (layer 0 weight is ${layers[0].rows}×${layers[0].cols}), the data has ${inputs}`);
  }
  if (run.hidden !== null && (run.hidden.length !== implied.hidden.length || run.hidden.some((w, i) => w !== implied.hidden[i]))) {
    throw new UsageError(`--hidden ${widths(run.hidden)} contradicts ${flag} ${quote(path)}, whose layers give hidden widths ${widths(implied.hidden)}: leave --hidden out or give --hidden ${widths(implied.hidden)}`);
  }
  // The widths are the file's: a network over the size limit is the file's doing, not --hidden's.
  const arch = checkedArchitecture({ inputs, hidden: implied.hidden, activation: run.activation ?? meta.activation ?? run.defaultActivation }, `${flag} ${quote(path)}`);
  const theta = usageOn(flag, [ParamsError], () => layersToTheta(layers, arch, path));
  return { arch, theta, warnings: metaMismatches(meta, { arch, loss: run.loss }, quote(path)) };
}

/** Each warning as one line on stderr: "loss-landscape CMD: warning: …". */
export function printWarnings(io: CommandIO, command: string, warnings: readonly string[]): void {
  for (const w of warnings) io.err(`${safeLine(`loss-landscape ${command}: warning: ${w}`)}\n`);
}

/** A .safetensors file's tensors as [name, shape], by name (null for a JSON params file, whose layers are unnamed). */
export function readTensorShapes(path: string, flag = "--params"): Array<[string, number[]]> | null {
  if (paramsSpellingOf(path) !== "safetensors") return null;
  const bytes = readBufferCapped(path, flag, MAX_PARAMS_BYTES);
  const tensors = usageOn(flag, [ParamsError], () => parseSafetensors(new Uint8Array(bytes), path));
  return [...tensors.entries()].map(([name, t]): [string, number[]] => [name, t.shape]).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
}
