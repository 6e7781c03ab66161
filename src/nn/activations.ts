// Hidden-layer activations, each written as (f, f′, f″) in one place like the losses
// in ../numerics/losses.ts, so the backward pass and the R-operator use the derivative
// rule that sits beside the forward formula.
//
//   sigmoid   f = σ(z)               f′ = σ(1 − σ)        f″ = f′ (1 − 2σ)
//   tanh      f = tanh z             f′ = 1 − f²          f″ = −2 f f′
//   relu      f = max(z, 0)          f′ = [z > 0]         f″ = 0   (PyTorch: f′(0) = 0)
//   softsign  f = z / (1 + |z|)      f′ = 1 / (1 + |z|)²  f″ = −2 sign(z) / (1 + |z|)³
//   linear    f = z                  f′ = 1               f″ = 0

import { exp, tanh } from "../numerics/fdlibm.js";

export type ActivationName = "sigmoid" | "tanh" | "relu" | "softsign" | "linear";
export const ACTIVATION_NAMES: readonly ActivationName[] = ["sigmoid", "tanh", "relu", "softsign", "linear"];

export function isActivationName(s: string): s is ActivationName {
  return (ACTIVATION_NAMES as readonly string[]).includes(s);
}

/**
 * Applies the activation to every element of z, writing f into a, f′ into d1 and (when
 * given) f″ into d2. All arrays have z's length; a may alias z.
 */
export function activate(name: ActivationName, z: Float64Array, a: Float64Array, d1: Float64Array, d2: Float64Array | null): void {
  const n = z.length;
  switch (name) {
    case "sigmoid":
      // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
      for (let i = 0; i < n; i++) {
        const v = z[i];
        // σ and 1 − σ from one exp of −|z| (see ../numerics/sigmoid.ts).
        const e = exp(-Math.abs(v));
        const big = 1 / (1 + e);
        const small = e * big;
        // Stryker disable next-line EqualityOperator: at v = ±0, e = 1 and big = small = ½, so > for >= picks the same value
        const p = v >= 0 ? big : small;
        // Stryker disable next-line EqualityOperator: as above
        const q = v >= 0 ? small : big;
        const s = p * q;
        a[i] = p;
        d1[i] = s;
        if (d2) d2[i] = s * (q - p);
      }
      return;
    case "tanh":
      // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
      for (let i = 0; i < n; i++) {
        const f = tanh(z[i]);
        const s = 1 - f * f;
        a[i] = f;
        d1[i] = s;
        if (d2) d2[i] = -2 * f * s;
      }
      return;
    case "relu":
      // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
      for (let i = 0; i < n; i++) {
        const v = z[i];
        const on = v > 0;
        a[i] = on ? v : 0;
        d1[i] = on ? 1 : 0;
        if (d2) d2[i] = 0;
      }
      return;
    case "softsign":
      // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
      for (let i = 0; i < n; i++) {
        const v = z[i];
        const t = 1 + Math.abs(v);
        const s = 1 / (t * t);
        a[i] = v / t;
        d1[i] = s;
        if (d2) d2[i] = v > 0 ? (-2 * s) / t : v < 0 ? (2 * s) / t : 0;
      }
      return;
    case "linear":
      // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
      for (let i = 0; i < n; i++) {
        a[i] = z[i];
        d1[i] = 1;
        if (d2) d2[i] = 0;
      }
      return;
  }
}

/** torch.nn.init.calculate_gain for our activations; softsign, absent from torch's table, gets 1. */
export function activationGain(name: ActivationName): number {
  switch (name) {
    case "sigmoid":
    case "linear":
    case "softsign":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
  }
}

/** Whether one unit's value counts as saturated: see layer-stats.ts for the rule. */
export function isSaturated(name: ActivationName | "sigmoid-output", z: number, a: number): boolean {
  switch (name) {
    case "sigmoid":
    case "sigmoid-output":
      return a < 0.01 || a > 0.99;
    case "tanh":
    case "softsign":
      return Math.abs(a) > 0.99;
    case "relu":
      return z <= 0;
    case "linear":
      return false;
  }
}
