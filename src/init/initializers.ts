// Starting points (w, b) for the 1-input, 1-output logistic model.
//
// n = fan_in = 1 and m = fan_out = 1 here. Every random scheme draws w first, then b,
// from the same distribution, so a scheme's support is a box in the (w, b) plane:
//   pytorch            nn.Linear's default: weight kaiming_uniform(a=√5), i.e.
//                      U(−1/√n, 1/√n), and bias U(−1/√n, 1/√n)        → U(−1, 1)
//   xavier             the tutorial's Xavier, U[−1/√n, 1/√n]           → U(−1, 1)
//   xavier-normalized  U[−√(6/(n+m)), √(6/(n+m))]                      → U(−√3, √3)
//   he                 N(0, σ²) with σ = √(2/n)                        → σ = √2

import { randomUniform } from "d3-random";
import { seededNormal } from "./normal.js";
import { parseFiniteNumber } from "../util/number.js";
import type { Random } from "./random.js";

export type InitScheme = "pytorch" | "xavier" | "xavier-normalized" | "he";
export const INIT_SCHEMES: readonly InitScheme[] = ["pytorch", "xavier", "xavier-normalized", "he"];

export type InitSpec = { kind: "fixed"; w: number; b: number } | { kind: InitScheme };

const FAN_IN = 1;
const FAN_OUT = 1;

export type Distribution = { kind: "uniform"; bound: number } | { kind: "normal"; std: number };

/** The distribution each scheme draws w and b from. */
export function schemeDistribution(scheme: InitScheme): Distribution {
  switch (scheme) {
    case "pytorch":
    case "xavier":
      // Stryker disable next-line ArithmeticOperator: equivalent while FAN_IN = 1: 1/√1 = 1·√1
      return { kind: "uniform", bound: 1 / Math.sqrt(FAN_IN) };
    case "xavier-normalized":
      return { kind: "uniform", bound: Math.sqrt(6 / (FAN_IN + FAN_OUT)) };
    case "he":
      // Stryker disable next-line ArithmeticOperator: equivalent while FAN_IN = 1: 2/1 = 2·1
      return { kind: "normal", std: Math.sqrt(2 / FAN_IN) };
  }
}

/** A sampler for one distribution, drawing from `rng`. */
export function sampler(dist: Distribution, rng: Random): () => number {
  return dist.kind === "uniform"
    ? randomUniform.source(rng)(-dist.bound, dist.bound)
    : seededNormal(rng, 0, dist.std);
}

/** Resolves an InitSpec to a start (w, b); random schemes draw w then b from `rng`. */
export function initialize(spec: InitSpec, rng: Random): [w: number, b: number] {
  if (spec.kind === "fixed") return [spec.w, spec.b];
  const draw = sampler(schemeDistribution(spec.kind), rng);
  const w = draw();
  const b = draw();
  return [w, b];
}

/** "pytorch", "he", … or "W,B" for a fixed start. */
export function describeInit(spec: InitSpec): string {
  return spec.kind === "fixed" ? `${spec.w},${spec.b}` : spec.kind;
}

/**
 * Parses --init: a scheme name or "W,B" with two finite numbers.
 * Returns null when the text is neither.
 */
export function parseInit(text: string): InitSpec | null {
  if ((INIT_SCHEMES as readonly string[]).includes(text)) return { kind: text as InitScheme };
  const parts = text.split(",");
  if (parts.length !== 2) return null;
  const [w, b] = parts.map(parseFiniteNumber);
  if (w === null || b === null) return null;
  return { kind: "fixed", w, b };
}
