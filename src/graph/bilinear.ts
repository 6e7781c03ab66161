// Ops of the form y = P(a, b) + L(c): P bilinear (Gemm's product, MatMul, Conv), L linear (a bias).
// Given P and its two adjoints, every rule follows: backward ga = Pa(gy, b), gb = Pb(a, gy);
// R-forward Ry = P(Ra, b) + P(a, Rb) + L(Rc); R-backward Rga = Pa(Rgy, b) + Pa(gy, Rb),
// Rgb = Pb(Ra, gy) + Pb(a, Rgy), Rgc = Lᵀ(Rgy).

import type { Kernel } from "./op.js";
import { sumTerms, type Tensor } from "./tensor.js";
import type { Workspace } from "./workspace.js";

export interface Bilinear {
  /** (ws: where the forward and backward rules may take their arrays; see workspace.ts) */
  product(a: Tensor, b: Tensor, ws?: Workspace): Tensor;
  /** ∂/∂a of ⟨g, P(a, b)⟩: a-shaped. */
  adjointA(g: Tensor, b: Tensor, a: Tensor, ws?: Workspace): Tensor;
  /** ∂/∂b of ⟨g, P(a, b)⟩: b-shaped. */
  adjointB(a: Tensor, g: Tensor, b: Tensor, ws?: Workspace): Tensor;
  /** y += L(c) in place (the bias); absent when the op has no third input. */
  addBias?(y: Tensor, c: Tensor): void;
  biasAdjoint?(g: Tensor, c: Tensor): Tensor;
  /** P(a, b) + L(c) in one pass, the same numbers as product then addBias (optional: a fused forward). */
  productWithBias?(a: Tensor, b: Tensor, c: Tensor, ws?: Workspace): Tensor;
  /**
   * [adjointA(g, b, a), adjointB(a, g, b), biasAdjoint(g, c)] for the wanted ones at once, the same
   * numbers (optional: lets the three share their work on g).
   */
  adjoints?(a: Tensor, b: Tensor, c: Tensor | null, g: Tensor, want: boolean[], ws?: Workspace): Array<Tensor | null>;
}

export function bilinearKernel(p: Bilinear): Kernel {
  const withBias = (y: Tensor, c: Tensor | null | undefined): Tensor => {
    if (c && p.addBias) p.addBias(y, c);
    return y;
  };
  return {
    forward: (x, ws) => ({ y: x[2] && p.productWithBias ? p.productWithBias(x[0], x[1], x[2], ws) : withBias(p.product(x[0], x[1], ws), x[2]) }),
    backward: (x, _f, gy, want, ws) => p.adjoints ? p.adjoints(x[0], x[1], x[2] ?? null, gy, want, ws).slice(0, x.length) : [
      want[0] ? p.adjointA(gy, x[1], x[0], ws) : null,
      want[1] ? p.adjointB(x[0], gy, x[1], ws) : null,
      ...(x.length > 2 ? [want[2] && p.biasAdjoint ? p.biasAdjoint(gy, x[2]) : null] : []),
    ],
    rforward: (x, rx, f) => {
      // products are fresh arrays, so the bias may be added in place
      const terms = sumTerms(rx[0] ? p.product(rx[0], x[1]) : null, rx[1] ? p.product(x[0], rx[1]) : null);
      const rc = x.length > 2 ? rx[2] : null;
      if (!rc) return terms;
      return withBias(terms ?? zeroLike(f.y), rc);
    },
    rbackward: (x, rx, _f, gy, rgy, want) => [
      want[0] ? sumTerms(rgy ? p.adjointA(rgy, x[1], x[0]) : null, rx[1] ? p.adjointA(gy, rx[1], x[0]) : null) : null,
      want[1] ? sumTerms(rx[0] ? p.adjointB(rx[0], gy, x[1]) : null, rgy ? p.adjointB(x[0], rgy, x[1]) : null) : null,
      ...(x.length > 2 ? [want[2] && rgy && p.biasAdjoint ? p.biasAdjoint(rgy, x[2]) : null] : []),
    ],
  };
}

const zeroLike = (t: Tensor): Tensor => ({ shape: t.shape, data: new Float64Array(t.data.length) });
