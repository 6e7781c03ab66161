// Per-sample losses as functions of the logit z = w·x + b and the label y.
// Each loss is written as (ℓ, dℓ/dz, d²ℓ/dz²) in one place, micrograd-style:
// the derivative rule stands next to the forward formula it differentiates.
//
// Notation: p = σ(z), q = σ(−z) = 1 − p (both from one exp, see sigmoid.ts),
// r = p − y, s = σ'(z) = p·q, σ''(z) = s·(q − p).

import { exp, log1p } from "./fdlibm.js";

export type LossName = "mse" | "bce";
export const LOSS_NAMES: readonly LossName[] = ["mse", "bce"];

export function isLossName(s: string): s is LossName {
  return (LOSS_NAMES as readonly string[]).includes(s);
}

/** Human-readable name used in figure legends and logs. */
export const LOSS_LABELS: Record<LossName, string> = {
  mse: "MSE",
  bce: "cross-entropy",
};

/**
 * Writes ℓ, ℓ', ℓ'' and p = σ(z) of one sample into out[0..3].
 * One exp per call; BCE adds one log1p of the same exp (softplus).
 *
 * MSE: ℓ = (p − y)²            ℓ' = 2 r s              ℓ'' = 2 s² + 2 r s (q − p)
 * BCE: ℓ = softplus(z) − y z   ℓ' = p − y              ℓ'' = p q
 *
 * The BCE form equals PyTorch's BCELoss(σ(z), y) = −[y log p + (1 − y) log(1 − p)]
 * wherever that is finite; unlike BCELoss it needs no clamp of log at −100.
 */
/** Length of the scratch array sampleTerms writes. */
export const TERM_SLOTS = 4;

export function sampleTerms(loss: LossName, z: number, y: number, out: Float64Array): void {
  const e = exp(-Math.abs(z));
  const a = 1 / (1 + e);
  const b = e * a;
  // Stryker disable next-line EqualityOperator: equivalent: at z = 0 both branches give the same values (e = 1), so z > 0 for z >= 0 changes nothing
  const p = z >= 0 ? a : b;
  // Stryker disable next-line EqualityOperator: equivalent: at z = 0 both branches give the same values (e = 1), so z > 0 for z >= 0 changes nothing
  const q = z >= 0 ? b : a;
  // r = p − y without cancellation for the labels we have: p − 1 = −q exactly (p − 0 is p).
  const r = y === 1 ? -q : p - y;
  const s = p * q;
  out[3] = p;
  if (loss === "mse") {
    out[0] = r * r;
    out[1] = 2 * r * s;
    out[2] = 2 * s * s + 2 * r * s * (q - p);
  } else {
    // softplus(z) − y z; for y = 1 this is softplus(−z), written so it does not cancel.
    const lp = log1p(e);
    out[0] = y === 1 ? Math.max(-z, 0) + lp : y === 0 ? Math.max(z, 0) + lp : Math.max(z, 0) + lp - y * z;
    out[1] = r;
    out[2] = s;
  }
}
