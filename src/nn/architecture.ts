// A multi-layer perceptron's shape and the layout of its flat parameter vector.
//
// Layers l = 0 … L−1 map width[l] inputs to width[l+1] outputs: hidden layers apply the
// chosen activation, the last layer is one unit whose logit z feeds σ (inside the loss,
// see ../numerics/losses.ts). The flat vector θ is the order of PyTorch's
// torch.nn.utils.parameters_to_vector on an nn.Sequential of nn.Linear layers: layer by
// layer, the weight (out × in, row-major, as nn.Linear stores it) then the bias.
// No hidden layer is the one-neuron model p = σ(w·x + b) with θ = (w_1 … w_d, b).

import { isActivationName, type ActivationName } from "./activations.js";

export interface Architecture {
  /** Input size d. */
  inputs: number;
  /** Hidden widths, input side first; empty for the one-neuron model. */
  hidden: readonly number[];
  /** Activation of every hidden layer. */
  activation: ActivationName;
}

export interface LayerShape {
  /** 0-based layer index. */
  index: number;
  fanIn: number;
  fanOut: number;
  /** Offset of weight[0][0] in θ. */
  weightOffset: number;
  /** Offset of bias[0] in θ. */
  biasOffset: number;
}

/** Largest parameter count any network may have (a 2-(256x20)-1 net has 1.3 M). */
export const MAX_PARAMS = 5_000_000;
/** Largest width of one hidden layer and largest depth. */
export const MAX_WIDTH = 65536;
export const MAX_DEPTH = 1000;

/** Widths of all layers' inputs and the final output: [d, hidden…, 1]. */
export function widths(arch: Architecture): number[] {
  return [arch.inputs, ...arch.hidden, 1];
}

export function layerShapes(arch: Architecture): LayerShape[] {
  const w = widths(arch);
  const out: LayerShape[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < w.length; l++) {
    const fanIn = w[l], fanOut = w[l + 1];
    out.push({ index: l, fanIn, fanOut, weightOffset: offset, biasOffset: offset + fanIn * fanOut });
    offset += fanIn * fanOut + fanOut;
  }
  return out;
}

/** Number of parameters P. */
export function parameterCount(arch: Architecture): number {
  const w = widths(arch);
  let p = 0;
  for (let l = 0; l + 1 < w.length; l++) p += w[l] * w[l + 1] + w[l + 1];
  return p;
}

/** "2-16-16-1 tanh" style description. */
export function describeArchitecture(arch: Architecture): string {
  const shape = widths(arch).join("-");
  return arch.hidden.length === 0 ? shape : `${shape} ${arch.activation}`;
}

/**
 * Parses a hidden-layer list: "8", "16,16,16", "256x20" (20 layers of width 256), or
 * mixes like "64x2,32". Returns the widths or an error message saying what is allowed.
 */
export function parseHidden(text: string): number[] | string {
  const trimmed = text.trim();
  if (trimmed === "") return "expected a comma-separated list of widths like 16,16 or WxK like 256x20";
  const widthsOut: number[] = [];
  for (const part of trimmed.split(",")) {
    const m = /^\s*(\d+)\s*(?:[xX]\s*(\d+))?\s*$/.exec(part);
    if (!m) return `"${part.trim()}" is not a width (a positive integer) or WxK`;
    const width = Number(m[1]);
    const count = m[2] === undefined ? 1 : Number(m[2]);
    if (!Number.isSafeInteger(width) || width < 1 || width > MAX_WIDTH) return `width ${m[1]} is outside 1…${MAX_WIDTH}`;
    if (!Number.isSafeInteger(count) || count < 1 || count > MAX_DEPTH) return `layer count ${m[2]} is outside 1…${MAX_DEPTH}`;
    if (widthsOut.length + count > MAX_DEPTH) return `more than ${MAX_DEPTH} hidden layers`;
    for (let k = 0; k < count; k++) widthsOut.push(width);
  }
  return widthsOut;
}

/** Throws RangeError when the architecture is malformed or over MAX_PARAMS. */
export function checkArchitecture(arch: Architecture): void {
  if (!Number.isSafeInteger(arch.inputs) || arch.inputs < 1) throw new RangeError(`inputs must be a positive integer (got ${arch.inputs})`);
  for (const h of arch.hidden) {
    if (!Number.isSafeInteger(h) || h < 1) throw new RangeError(`hidden widths must be positive integers (got ${h})`);
  }
  if (!isActivationName(arch.activation)) throw new RangeError(`unknown activation "${arch.activation}"`);
  const p = parameterCount(arch);
  if (p > MAX_PARAMS) throw new RangeError(`network has ${p} parameters, over the limit of ${MAX_PARAMS}`);
}
