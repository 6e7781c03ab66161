// Re-initializing a model's parameters the way torch.nn.init would, per tensor: a weight (2 or
// more dims, [out, in, …]) has fan_in = in·∏kernel and fan_out = out·∏kernel; 1-D tensors are
// biases (BatchNorm's scale: those named *.weight of one dimension are set to 1, shifts to 0).
//   pytorch: nn.Linear / nn.Conv2d's reset_parameters: W, b ~ U(±1/√fan_in)
//   he:      kaiming_normal_ (fan_in, ReLU gain √2): N(0, 2/fan_in); biases 0
//   xavier:  xavier_normal_: N(0, 2/(fan_in + fan_out)); biases 0
//   lecun:   N(0, 1/fan_in); biases 0
// Draws come from the seeded generator in parameter order (not torch's generator).

import type { Random } from "../init/random.js";
import type { ParamTensor } from "./model.js";

export type ModelInit = "model" | "pytorch" | "he" | "xavier" | "lecun";
export const MODEL_INITS: readonly ModelInit[] = ["model", "pytorch", "he", "xavier", "lecun"];

function gaussian(rand: Random): () => number {
  return () => {
    let u = 0;
    while (u === 0) u = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

/** θ for the scheme ("model": the given θ unchanged). */
export function initializeModel(params: readonly ParamTensor[], theta: Float64Array, scheme: ModelInit, rand: Random): Float64Array {
  if (scheme === "model") return Float64Array.from(theta);
  const out = new Float64Array(theta.length);
  const normal = gaussian(rand);
  // a bias's fan_in is its layer's: the weight of the same prefix
  const fanInOf = new Map<string, number>();
  for (const p of params) if (p.shape.length >= 2) fanInOf.set(p.name.replace(/weight$/, ""), p.size / p.shape[0]);
  for (const p of params) {
    const weight = p.shape.length >= 2;
    const fanIn = weight ? p.size / p.shape[0] : (fanInOf.get(p.name.replace(/bias$/, "")) ?? p.size);
    const fanOut = weight ? p.size / p.shape[1] : p.size;
    for (let i = p.offset; i < p.offset + p.size; i++) {
      if (!weight) {
        const isScale = /weight$/.test(p.name);
        out[i] = isScale ? 1 : scheme === "pytorch" && fanInOf.has(p.name.replace(/bias$/, "")) ? (2 * rand() - 1) / Math.sqrt(fanIn) : 0;
      } else if (scheme === "pytorch") out[i] = (2 * rand() - 1) / Math.sqrt(fanIn);
      else if (scheme === "he") out[i] = normal() * Math.sqrt(2 / fanIn);
      else if (scheme === "xavier") out[i] = normal() * Math.sqrt(2 / (fanIn + fanOut));
      else out[i] = normal() * Math.sqrt(1 / fanIn);
    }
  }
  return out;
}
