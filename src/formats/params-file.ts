// A network's parameter file in either spelling: params JSON (params-json.ts) or F64
// safetensors (safetensors.ts), the spelling chosen by the file's extension as PyTorch
// users name them. Directions files (`slice --directions FILE1,FILE2`, `--to`) are the
// same files holding a direction instead of a point.

import type { Architecture } from "../nn/architecture.js";
import { layersToTheta, parseParamsDocument, serializeParams, thetaToRawLayers, type RawLayer } from "./params-json.js";
import type { ParamsMeta } from "./params-meta.js";
import { safetensorsLayers, safetensorsMeta, serializeSafetensors, type ParamNames } from "./safetensors.js";

export type ParamsSpelling = "json" | "safetensors";

/** "safetensors" for a name ending in .safetensors (any case), else "json". */
export function paramsSpellingOf(fileName: string): ParamsSpelling {
  return fileName.toLowerCase().endsWith(".safetensors") ? "safetensors" : "json";
}

/** A params file as read: its layers (not yet matched to an architecture) and its recorded metadata. */
export interface ParamsFile {
  layers: RawLayer[];
  meta: ParamsMeta;
}

/** Reads a params file's bytes in the given spelling; throws ParamsError naming `source`. */
export function parseParamsFile(bytes: Uint8Array, source: string, spelling: ParamsSpelling): ParamsFile {
  if (spelling === "json") return parseParamsDocument(new TextDecoder().decode(bytes), source);
  return { layers: safetensorsLayers(bytes, source), meta: safetensorsMeta(bytes) };
}

/** The file of θ in the given spelling, with `meta` recorded in it (tensor names per `names`). */
export function serializeParamsFile(arch: Architecture, theta: Float64Array, spelling: ParamsSpelling, options: { meta?: ParamsMeta; names?: ParamNames } = {}): string | Uint8Array {
  if (spelling === "json") return serializeParams(arch, theta, options.meta);
  return serializeSafetensors(thetaToRawLayers(arch, theta), options);
}

/** A direction (or point) from a params file's bytes, shape-checked against `arch`. */
export function parseDirection(bytes: Uint8Array, arch: Architecture, source: string, spelling: ParamsSpelling): Float64Array {
  return layersToTheta(parseParamsFile(bytes, source, spelling).layers, arch, source);
}

/** A direction as a params file (no metadata: it is not a network's state). */
export function serializeDirection(arch: Architecture, d: Float64Array, spelling: ParamsSpelling, names?: ParamNames): string | Uint8Array {
  return serializeParamsFile(arch, d, spelling, names === undefined ? {} : { names });
}
