// Initial parameters of a network, layer by layer from each weight matrix's fan_in and
// fan_out, drawn in θ's order (weight row-major, then bias) from one seeded Random.
//
//   pytorch            nn.Linear's default: weight and bias U(±1/√fan_in)
//   xavier             the tutorial's Xavier: U[±g/√fan_in]
//   xavier-normalized  Glorot & Bengio's normalized init, torch xavier_uniform_: U[±g·√(6/(fan_in+fan_out))]
//   xavier-normal      torch xavier_normal_: N(0, g²·2/(fan_in+fan_out))
//   he                 torch kaiming_normal_(nonlinearity="relu"): N(0, 2/fan_in)
//   he-uniform         torch kaiming_uniform_(nonlinearity="relu"): U[±√(6/fan_in)]
//   lecun              N(0, g²/fan_in)
//   orthogonal         torch orthogonal_(gain=g), see orthogonal.ts
//   lsuv               orthogonal, then rescaled on the data (lsuv.ts)
//   normal:S, uniform:A, constant:C   every weight N(0, S²), U(−A, A) or C
// g is the gain (default 1, as torch's xavier_*_ and orthogonal_; "auto" is
// torch.nn.init.calculate_gain of the activation). he and he-uniform carry ReLU's gain √2
// in their definition and ignore g. Biases are zero except under pytorch.
// With no hidden layer, today's four names keep their one-neuron meaning
// (../init/initializers.ts): w_1 … w_d and then b all drawn from the scheme's distribution.

import { parseFiniteNumber } from "../util/number.js";
import { sampler, schemeDistribution, INIT_SCHEMES as NEURON_SCHEMES, type Distribution, type InitScheme } from "../init/initializers.js";
import type { Random } from "../init/random.js";
import { activationGain } from "./activations.js";
import { layerShapes, parameterCount, type Architecture, type LayerShape } from "./architecture.js";
import { lsuvRescale, type LsuvReport } from "./lsuv.js";
import { orthogonalMatrix } from "./orthogonal.js";
import type { Table } from "./table.js";

export type NetworkScheme =
  | "pytorch"
  | "xavier"
  | "xavier-normalized"
  | "xavier-normal"
  | "he"
  | "he-uniform"
  | "lecun"
  | "orthogonal"
  | "lsuv";
export const NETWORK_SCHEMES: readonly NetworkScheme[] = [
  "pytorch",
  "xavier",
  "xavier-normalized",
  "xavier-normal",
  "he",
  "he-uniform",
  "lecun",
  "orthogonal",
  "lsuv",
];

export type NetworkInit =
  | { kind: NetworkScheme }
  | { kind: "normal"; std: number }
  | { kind: "uniform"; bound: number }
  | { kind: "constant"; value: number };

export type Gain = number | "auto";

/** Parses "he", "normal:0.01", "uniform:0.5", "constant:0"; returns an error message on bad text. */
export function parseNetworkInit(text: string): NetworkInit | string {
  if ((NETWORK_SCHEMES as readonly string[]).includes(text)) return { kind: text as NetworkScheme };
  const m = /^(normal|uniform|constant):(.*)$/.exec(text);
  if (!m) return `expected one of ${NETWORK_SCHEMES.join(", ")}, normal:S, uniform:A or constant:C`;
  const v = parseFiniteNumber(m[2]);
  if (v === null) return `${m[1]}: "${m[2]}" is not a finite number`;
  if (m[1] === "constant") return { kind: "constant", value: v };
  if (!(v > 0)) return `${m[1]}: ${m[1] === "normal" ? "S" : "A"} must be > 0 (got ${m[2]})`;
  return m[1] === "normal" ? { kind: "normal", std: v } : { kind: "uniform", bound: v };
}

export function describeNetworkInit(init: NetworkInit): string {
  switch (init.kind) {
    case "normal":
      return `normal:${init.std}`;
    case "uniform":
      return `uniform:${init.bound}`;
    case "constant":
      return `constant:${init.value}`;
    default:
      return init.kind;
  }
}

/** The weight distribution of one layer under a random scheme (null for orthogonal/lsuv/constant). */
export function weightDistribution(init: NetworkInit, s: LayerShape, gain: number): Distribution | null {
  const { fanIn, fanOut } = s;
  switch (init.kind) {
    case "pytorch":
      return { kind: "uniform", bound: 1 / Math.sqrt(fanIn) };
    case "xavier":
      return { kind: "uniform", bound: gain / Math.sqrt(fanIn) };
    case "xavier-normalized":
      return { kind: "uniform", bound: gain * Math.sqrt(6 / (fanIn + fanOut)) };
    case "xavier-normal":
      return { kind: "normal", std: gain * Math.sqrt(2 / (fanIn + fanOut)) };
    case "he":
      return { kind: "normal", std: Math.sqrt(2 / fanIn) };
    case "he-uniform":
      return { kind: "uniform", bound: Math.sqrt(6 / fanIn) };
    case "lecun":
      return { kind: "normal", std: gain / Math.sqrt(fanIn) };
    case "normal":
      return { kind: "normal", std: init.std };
    case "uniform":
      return { kind: "uniform", bound: init.bound };
    case "orthogonal":
    case "lsuv":
    case "constant":
      return null;
  }
}

export interface NetworkInitResult {
  theta: Float64Array;
  /** For lsuv: each layer's pre-activation variance before and after, and the passes it took. */
  lsuv: LsuvReport[] | null;
}

/**
 * Draws θ for `arch`. `data` is needed by lsuv only. Throws RangeError when lsuv has
 * no data or a gain is not a positive finite number.
 */
export function initializeNetwork(arch: Architecture, init: NetworkInit, rng: Random, gain: Gain = 1, data: Table | null = null): NetworkInitResult {
  const g = gain === "auto" ? activationGain(arch.activation) : gain;
  if (!(g > 0) || !Number.isFinite(g)) throw new RangeError(`gain must be a positive finite number (got ${gain})`);
  const theta = new Float64Array(parameterCount(arch));
  const shapes = layerShapes(arch);
  if (arch.hidden.length === 0 && (NEURON_SCHEMES as readonly string[]).includes(init.kind)) {
    // The one-neuron meaning: every weight, then the bias, from the scheme's distribution.
    const dist = schemeDistribution(init.kind as InitScheme);
    const draw = sampler(arch.inputs === 1 ? dist : (weightDistribution(init, shapes[0], 1) ?? dist), rng);
    for (let j = 0; j < theta.length; j++) theta[j] = draw();
    return { theta, lsuv: null };
  }
  for (const s of shapes) {
    const nw = s.fanIn * s.fanOut;
    if (init.kind === "orthogonal" || init.kind === "lsuv") {
      theta.set(orthogonalMatrix(s.fanOut, s.fanIn, init.kind === "lsuv" ? 1 : g, rng), s.weightOffset);
    } else if (init.kind === "constant") {
      theta.fill(init.value, s.weightOffset, s.weightOffset + nw);
    } else {
      const dist = weightDistribution(init, s, g);
      // Stryker disable next-line StringLiteral: unreachable: the kinds without a distribution (orthogonal, lsuv, constant) are handled above
      if (!dist) throw new Error(`no distribution for ${init.kind}`);
      const draw = sampler(dist, rng);
      for (let j = 0; j < nw; j++) theta[s.weightOffset + j] = draw();
      if (init.kind === "pytorch") for (let j = 0; j < s.fanOut; j++) theta[s.biasOffset + j] = draw();
    }
  }
  if (init.kind !== "lsuv") return { theta, lsuv: null };
  if (!data) throw new RangeError("lsuv needs data to measure pre-activation variances");
  return { theta, lsuv: lsuvRescale(arch, theta, data) };
}
