// Optimizer updates for the two parameters (w, b), following torch.optim's rules
// (PyTorch 1.13, single-tensor path) so trajectories can be compared step by step.
//
//   sgd       p ← p − lr·g
//   momentum  buf ← g on the first step, else μ·buf + g  (dampening 0, no Nesterov);
//             p ← p − lr·buf
//   adam      m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;
//             p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
//             with βᵗ correctly rounded (powInt), as glibc's pow gives PyTorch, and the same
//             in every JavaScript engine (x ** t is not: see src/numerics/int-pow.ts)

import { powInt } from "../numerics/int-pow.js";

export type OptimizerName = "sgd" | "momentum" | "adam";
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ["sgd", "momentum", "adam"];

export interface OptimizerOptions {
  lr: number;
  /** Momentum coefficient μ for "momentum" (PyTorch has no default; ours is 0.9). */
  momentum: number;
  /** Adam's (β1, β2) and ε, PyTorch's defaults. */
  betas: [number, number];
  eps: number;
}

export const DEFAULT_OPTIMIZER_OPTIONS: OptimizerOptions = { lr: 2, momentum: 0.9, betas: [0.9, 0.999], eps: 1e-8 };

/** One optimizer's state for a parameter vector; `step` updates params in place. */
export interface Optimizer {
  step(params: Float64Array, grad: Float64Array): void;
}

export function makeOptimizer(name: OptimizerName, opts: OptimizerOptions, size = 2): Optimizer {
  const { lr } = opts;
  switch (name) {
    case "sgd":
      return {
        step(p, g) {
          // Stryker disable next-line EqualityOperator: <= for < only touches one element past a typed array (reads give undefined, writes are dropped), so no result changes
          for (let i = 0; i < size; i++) p[i] -= lr * g[i];
        },
      };
    case "momentum": {
      const mu = opts.momentum;
      const buf = new Float64Array(size);
      // Stryker disable next-line BooleanLiteral: equivalent: buf starts at 0, and μ·0 + g = g (PyTorch clones g on the first step; only the sign of a zero could differ)
      let first = true;
      return {
        step(p, g) {
          // Stryker disable next-line EqualityOperator: <= for < only touches one element past a typed array (reads give undefined, writes are dropped), so no result changes
          for (let i = 0; i < size; i++) {
            buf[i] = first ? g[i] : mu * buf[i] + g[i];
            p[i] -= lr * buf[i];
          }
          first = false;
        },
      };
    }
    case "adam": {
      const [b1, b2] = opts.betas;
      const m = new Float64Array(size);
      const v = new Float64Array(size);
      let t = 0;
      return {
        step(p, g) {
          t++;
          const bc1 = 1 - powInt(b1, t);
          const bc2Sqrt = Math.sqrt(1 - powInt(b2, t));
          const stepSize = lr / bc1;
          // Stryker disable next-line EqualityOperator: <= for < only touches one element past a typed array (reads give undefined, writes are dropped), so no result changes
          for (let i = 0; i < size; i++) {
            m[i] = m[i] * b1 + g[i] * (1 - b1);
            v[i] = v[i] * b2 + (1 - b2) * g[i] * g[i];
            p[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / bc2Sqrt + opts.eps);
          }
        },
      };
    }
  }
}
