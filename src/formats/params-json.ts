// Parameter files in PyTorch's layout, parsed and written as pure functions (the CLI
// reads and writes the files). JSON: {"layers":[{"weight":[[…]],"bias":[…]}, …]} with
// weight out × in as nn.Linear stores it, layer order = θ's order (architecture.ts).
// Errors are one line naming the layer and both shapes.

import { layerShapes, MAX_PARAMS, parameterCount, type Architecture } from "../nn/architecture.js";
import { jsonElementBound } from "../util/json-bound.js";
import { metaFromObject, type ParamsMeta } from "./params-meta.js";

export class ParamsError extends Error {
  override name = "ParamsError";
}

/** One layer as read from a file, before it is matched to an architecture. */
export interface RawLayer {
  /** Row-major rows × cols. */
  weight: Float64Array;
  rows: number;
  cols: number;
  bias: Float64Array;
}

/** A value for a message without walking into it: a nested array of any depth stays one short word. */
function shortValue(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  if (v !== null && typeof v === "object") return "an object";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
}

function finite(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new ParamsError(`${where} is not a finite number (${shortValue(v)})`);
  return v;
}

/** Reads the layers of a params JSON text; checks shapes are rectangular and numbers finite. */
export function parseParamsJson(text: string, source: string): RawLayer[] {
  return parseParamsDocument(text, source).layers;
}

/** The layers of a params JSON text and its optional "metadata" (see params-meta.ts). */
export function parseParamsDocument(text: string, source: string): { layers: RawLayer[]; meta: ParamsMeta } {
  // A weight row per "[" at most doubles the count for a legal file of MAX_PARAMS numbers.
  if (jsonElementBound(text) > 2 * MAX_PARAMS + 10_000) throw new ParamsError(`${source}: holds more than ${MAX_PARAMS.toLocaleString("en-US")} numbers, the most parameters a network may have`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    // Python's json.dump writes NaN and Infinity, which JSON (and so JSON.parse) does not have.
    const bad = /(?<![\w."])(-?Infinity|NaN)(?![\w"])/.exec(text);
    if (bad) throw new ParamsError(`${source}: holds ${bad[1]}, not a finite number (parameters must be finite; JSON has no NaN or Infinity)`);
    throw new ParamsError(`${source}: not valid JSON (${(e as Error).message})`);
  }
  const layers = (doc as { layers?: unknown } | null)?.layers;
  if (!Array.isArray(layers) || layers.length === 0) throw new ParamsError(`${source}: expected {"layers":[{"weight":[[…]],"bias":[…]}, …]}`);
  return { layers: rawLayers(layers, source), meta: metaFromObject((doc as { metadata?: unknown }).metadata) };
}

function rawLayers(layers: unknown[], source: string): RawLayer[] {
  return layers.map((layer: unknown, l): RawLayer => {
    const where = `${source}: layer ${l}`;
    const { weight, bias } = (layer ?? {}) as { weight?: unknown; bias?: unknown };
    if (!Array.isArray(weight) || weight.length === 0 || !weight.every(Array.isArray)) throw new ParamsError(`${where}: "weight" must be a non-empty array of rows`);
    if (!Array.isArray(bias)) throw new ParamsError(`${where}: "bias" must be an array`);
    const rows = weight.length;
    const cols = (weight[0] as unknown[]).length;
    const w = new Float64Array(rows * cols);
    weight.forEach((row: unknown[], r) => {
      if (row.length !== cols) throw new ParamsError(`${where}: weight row ${r} has ${row.length} entries, row 0 has ${cols}`);
      row.forEach((v, c) => (w[r * cols + c] = finite(v, `${where}: weight[${r}][${c}]`)));
    });
    const b = Float64Array.from(bias, (v: unknown, o) => finite(v, `${where}: bias[${o}]`));
    return { weight: w, rows, cols, bias: b };
  });
}

/** Widths of the hidden layers a list of layers implies, e.g. to default --hidden from a file. */
export function hiddenFromLayers(layers: RawLayer[]): { inputs: number; hidden: number[] } {
  return { inputs: layers[0].cols, hidden: layers.slice(0, -1).map((l) => l.rows) };
}

/** Flat θ from raw layers, checking every shape against `arch`. */
export function layersToTheta(layers: RawLayer[], arch: Architecture, source: string): Float64Array {
  const shapes = layerShapes(arch);
  if (layers.length !== shapes.length) {
    throw new ParamsError(`${source}: has ${layers.length} layers, the architecture ${shapes.map((s) => `${s.fanOut}×${s.fanIn}`).join(", ")} has ${shapes.length}`);
  }
  const theta = new Float64Array(parameterCount(arch));
  shapes.forEach((s, l) => {
    const r = layers[l];
    if (r.rows !== s.fanOut || r.cols !== s.fanIn) throw new ParamsError(`${source}: layer ${l} weight has shape ${r.rows}×${r.cols}, the architecture needs ${s.fanOut}×${s.fanIn}`);
    if (r.bias.length !== s.fanOut) throw new ParamsError(`${source}: layer ${l} bias has shape ${r.bias.length}, the architecture needs ${s.fanOut}`);
    theta.set(r.weight, s.weightOffset);
    theta.set(r.bias, s.biasOffset);
  });
  return theta;
}

/** θ as the params JSON object (weight out × in). */
export function thetaToLayers(arch: Architecture, theta: Float64Array): { layers: Array<{ weight: number[][]; bias: number[] }> } {
  if (theta.length !== parameterCount(arch)) throw new RangeError(`theta has ${theta.length} entries, the architecture ${parameterCount(arch)}`);
  return {
    layers: layerShapes(arch).map((s) => ({
      weight: Array.from({ length: s.fanOut }, (_, o) => Array.from(theta.subarray(s.weightOffset + o * s.fanIn, s.weightOffset + (o + 1) * s.fanIn))),
      bias: Array.from(theta.subarray(s.biasOffset, s.biasOffset + s.fanOut)),
    })),
  };
}

/**
 * The params JSON text of θ (shortest round-trip decimals, one trailing newline), with
 * {"metadata": meta} first when given.
 */
export function serializeParams(arch: Architecture, theta: Float64Array, meta?: ParamsMeta): string {
  const doc = thetaToLayers(arch, theta);
  return JSON.stringify(meta ? { metadata: meta, ...doc } : doc) + "\n";
}

/** θ as raw layers (views into θ), e.g. for serializeSafetensors. */
export function thetaToRawLayers(arch: Architecture, theta: Float64Array): RawLayer[] {
  if (theta.length !== parameterCount(arch)) throw new RangeError(`theta has ${theta.length} entries, the architecture ${parameterCount(arch)}`);
  return layerShapes(arch).map((s) => ({
    weight: theta.subarray(s.weightOffset, s.biasOffset),
    rows: s.fanOut,
    cols: s.fanIn,
    bias: theta.subarray(s.biasOffset, s.biasOffset + s.fanOut),
  }));
}
