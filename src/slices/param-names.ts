// Names of single parameters in the flat vector θ, in PyTorch's state_dict spelling for
// an nn.Sequential of Linear layers indexed by layer: `layers.L.weight[o,i]` (row o =
// output unit, column i = input) and `layers.L.bias[o]`. For the one-neuron model
// (one input, no hidden layer) `w` and `b` name its two parameters, as the (w, b) plane does.

import { layerShapes, parameterCount, type Architecture } from "../nn/architecture.js";

/** The name of θ[index]. */
export function parameterName(arch: Architecture, index: number): string {
  for (const s of layerShapes(arch)) {
    if (index >= s.weightOffset && index < s.biasOffset) {
      const k = index - s.weightOffset;
      return `layers.${s.index}.weight[${Math.floor(k / s.fanIn)},${k % s.fanIn}]`;
    }
    if (index >= s.biasOffset && index < s.biasOffset + s.fanOut) return `layers.${s.index}.bias[${index - s.biasOffset}]`;
  }
  throw new RangeError(`parameter index ${index} is outside 0…${parameterCount(arch) - 1}`);
}

/** Whether θ[index] is a bias. */
export function isBiasIndex(arch: Architecture, index: number): boolean {
  return layerShapes(arch).some((s) => index >= s.biasOffset && index < s.biasOffset + s.fanOut);
}

/**
 * The index of a named parameter, or an error message saying what names exist
 * (for the CLI to print as one line).
 */
export function parameterIndex(arch: Architecture, name: string): number | string {
  const shapes = layerShapes(arch);
  const text = name.trim();
  const oneNeuron = arch.hidden.length === 0 && arch.inputs === 1;
  if (oneNeuron && text === "w") return 0;
  if (oneNeuron && text === "b") return 1;
  const m = /^layers\.(\d+)\.(weight|bias)\[\s*(\d+)\s*(?:,\s*(\d+)\s*)?\]$/.exec(text);
  const last = shapes.length - 1;
  const help = `name a parameter like layers.0.weight[0,1] or layers.${last}.bias[0]${oneNeuron ? " (or w, b)" : ""}`;
  if (!m) return `"${text}" is not a parameter name: ${help}`;
  const l = Number(m[1]);
  if (l > last) return `"${text}": layer ${l} does not exist (layers 0…${last})`;
  const s = shapes[l];
  const o = Number(m[3]);
  if (m[2] === "weight") {
    if (m[4] === undefined) return `"${text}": a weight needs [row,column]`;
    const i = Number(m[4]);
    if (o >= s.fanOut || i >= s.fanIn) return `"${text}": layers.${l}.weight is ${s.fanOut}×${s.fanIn}`;
    return s.weightOffset + o * s.fanIn + i;
  }
  if (m[4] !== undefined) return `"${text}": a bias takes one index [row]`;
  if (o >= s.fanOut) return `"${text}": layers.${l}.bias has ${s.fanOut} entries`;
  return s.biasOffset + o;
}
