// Gradient (and Hessian) check of a network against central finite differences, with
// the criterion and noise model of ../numerics/gradcheck.ts applied to every parameter:
//   ∂L/∂θ_j ≈ (L(θ + s_j e_j) − L(θ − s_j e_j)) / 2s_j
//   H_kj    ≈ (g_k(θ + s_j e_j) − g_k(θ − s_j e_j)) / 2s_j,   g the analytic gradient
// with the one-neuron check's relative step s_j = h·max(1, |θ_j|), so a large weight moves.
// each judged against the Richardson estimate |D(h) − D(2h)| and a rounding bound, so an
// entry too small for the difference to resolve is reported "unresolved", not passed.

import type { LossName } from "../numerics/losses.js";
import { checkEntry, DEFAULT_GRADCHECK_OPTIONS, roundingNoise, type CheckStatus, type EntryCheck, type GradcheckOptions, type GradcheckTotals } from "../numerics/gradcheck.js";
import { parameterCount, type Architecture } from "./architecture.js";
import { backward, forward } from "./forward.js";
import { curvatureState, hessianVectorInto } from "./hvp.js";
import { sampleCount, type Table } from "./table.js";

/** Largest P for which the P × P Hessian is checked entry by entry. */
export const MAX_HESSIAN_CHECK_PARAMS = 400;

export interface NetworkCheck extends GradcheckTotals {
  loss: LossName;
  /** One entry per parameter, θ's order. */
  grad: EntryCheck[];
  /** Row-major P × P Hessian entries from R-operator products e_j ↦ H e_j; empty when not requested. */
  hessian: EntryCheck[];
  status: CheckStatus;
}

export interface NetworkCheckOptions extends GradcheckOptions {
  /** Check the Hessian too (needs P ≤ MAX_HESSIAN_CHECK_PARAMS). */
  hessian: boolean;
}

export function gradcheckNetwork(
  arch: Architecture,
  theta: Float64Array,
  data: Table,
  loss: LossName,
  o: NetworkCheckOptions = { ...DEFAULT_GRADCHECK_OPTIONS, hessian: true },
): NetworkCheck {
  const P = parameterCount(arch);
  if (theta.length !== P) throw new RangeError(`theta has ${theta.length} entries, the architecture ${P}`);
  if (o.hessian && P > MAX_HESSIAN_CHECK_PARAMS) throw new RangeError(`Hessian check needs P ≤ ${MAX_HESSIAN_CHECK_PARAMS} (got ${P})`);
  const n = sampleCount(data);
  const shifted = Float64Array.from(theta);
  const at = (j: number, step: number): { loss: number; grad: Float64Array } => {
    shifted[j] = theta[j] + step;
    const pass = forward(arch, shifted, data, loss);
    const grad = o.hessian ? backward(pass, shifted).grad : new Float64Array(0);
    shifted[j] = theta[j];
    return { loss: pass.loss, grad };
  };
  const state = curvatureState(arch, theta, data, loss);
  const analyticGrad = state.back.grad;
  const grad: EntryCheck[] = [];
  const columns: EntryCheck[][] = [];
  const e = new Float64Array(P);
  const hcol = new Float64Array(P);
  for (let j = 0; j < P; j++) {
    const h = o.h * Math.max(1, Math.abs(theta[j]));
    const p = at(j, h), m = at(j, -h), p2 = at(j, 2 * h), m2 = at(j, -2 * h);
    const scale = Math.max(Math.abs(p.loss), Math.abs(m.loss));
    grad.push(checkEntry(analyticGrad[j], (p.loss - m.loss) / (2 * h), (p2.loss - m2.loss) / (4 * h), roundingNoise(scale, n, h), o));
    if (!o.hessian) continue;
    e[j] = 1;
    hessianVectorInto(state, e, hcol);
    e[j] = 0;
    const col: EntryCheck[] = [];
    // Stryker disable next-line EqualityOperator: an entry k = P would only be pushed past the P the Hessian list reads
    for (let k = 0; k < P; k++) {
      const gs = Math.max(Math.abs(p.grad[k]), Math.abs(m.grad[k]));
      col.push(checkEntry(hcol[k], (p.grad[k] - m.grad[k]) / (2 * h), (p2.grad[k] - m2.grad[k]) / (4 * h), roundingNoise(gs, n, h), o));
    }
    columns.push(col);
  }
  const hessian: EntryCheck[] = [];
  for (let k = 0; k < columns.length; k++) for (let j = 0; j < columns.length; j++) hessian.push(columns[j][k]);
  let maxAbsErr = 0, maxRelErr = 0, maxUnresolvedAbsErr = 0, passed = 0, failed = 0, unresolved = 0;
  for (const list of [grad, hessian]) {
    for (const c of list) {
      maxAbsErr = Math.max(maxAbsErr, c.absErr);
      if (c.status === "unresolved") {
        maxUnresolvedAbsErr = Math.max(maxUnresolvedAbsErr, c.absErr);
        unresolved++;
      } else {
        maxRelErr = Math.max(maxRelErr, c.relErr);
        if (c.status === "pass") passed++;
        else failed++;
      }
    }
  }
  const status: CheckStatus = failed > 0 ? "fail" : unresolved > 0 ? "unresolved" : "pass";
  return { loss, grad, hessian, status, maxAbsErr, maxRelErr, maxUnresolvedAbsErr, passed, failed, unresolved };
}
