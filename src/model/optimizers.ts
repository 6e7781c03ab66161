// torch.optim's update rules (PyTorch 1.13, single-tensor path), step for step, on the flat θ:
//   sgd / momentum: d = g + wd·θ; buf = d on the first step, else μ·buf + d (dampening 0);
//                   d = nesterov ? d + μ·buf : buf (with momentum); θ −= lr·d
//   adam:  g += wd·θ (coupled L2); m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
//          θ −= (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
//   adamw: θ ·= 1 − lr·wd (decoupled), then adam without the L2 term
// with β1ᵗ and β2ᵗ correctly rounded (powInt), as glibc's pow gives torch's Python floats, and
// the schedules StepLR(step_size=E, gamma=G) and CosineAnnealingLR(T_max=T, eta_min=0),
// stepped once per epoch.

import { powInt } from "../numerics/int-pow.js";

export type ModelOptimizerName = "sgd" | "momentum" | "adam" | "adamw";
export const MODEL_OPTIMIZERS: readonly ModelOptimizerName[] = ["sgd", "momentum", "adam", "adamw"];

export interface OptimizerConfig {
  optimizer: ModelOptimizerName;
  lr: number;
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
  beta1: number;
  beta2: number;
  eps: number;
}

export type LrSchedule = { kind: "constant" } | { kind: "step"; every: number; gamma: number } | { kind: "cosine"; tMax: number };

/**
 * The learning rates of epochs 0, 1, 2, … as torch 1.13's schedulers set them, one scheduler.step()
 * per epoch. Torch uses each scheduler's recursive ("chainable") form, not the closed form, and
 * the two differ in the last bits, so the recursion is followed as written:
 *   StepLR:            lr ← lr·γ when e % E = 0 (e > 0), else unchanged;
 *   CosineAnnealingLR: lr ← lr + lr₀·(1 − cos(π/T))/2 when (e − 1 − T) % 2T = 0, else
 *                      lr ← (1 + cos(πe/T)) / (1 + cos(π(e − 1)/T)) · lr   (η_min = 0).
 */
export function lrScheduler(schedule: LrSchedule, lr0: number): () => number {
  let e = -1;
  let lr = lr0;
  return () => {
    e++;
    if (e === 0) return lr;
    if (schedule.kind === "step") {
      if (e % schedule.every === 0) lr = lr * schedule.gamma;
    } else if (schedule.kind === "cosine") {
      const T = schedule.tMax;
      if ((e - 1 - T) % (2 * T) === 0) lr = lr + (lr0 * (1 - Math.cos(Math.PI / T))) / 2;
      else lr = ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * lr;
    }
    return lr;
  };
}

/** The learning rate in epoch e (0-based), as the torch scheduler gives it after e scheduler.step() calls (O(e)). */
export function lrAt(schedule: LrSchedule, lr0: number, epoch: number): number {
  const next = lrScheduler(schedule, lr0);
  let lr = next();
  for (let k = 0; k < epoch; k++) lr = next();
  return lr;
}

export function parseSchedule(text: string): LrSchedule | string {
  const t = text.trim();
  if (t === "constant" || t === "none") return { kind: "constant" };
  let m = /^step:(\d+):([^:]+)$/.exec(t);
  if (m) {
    const every = Number(m[1]);
    const gamma = Number(m[2]);
    if (!(every >= 1) || !Number.isFinite(gamma) || !(gamma > 0)) return "step:E:G needs whole E ≥ 1 and finite G > 0";
    return { kind: "step", every, gamma };
  }
  m = /^cosine:(\d+)$/.exec(t);
  if (m) {
    const tMax = Number(m[1]);
    if (!(tMax >= 1)) return "cosine:T needs whole T ≥ 1";
    return { kind: "cosine", tMax };
  }
  return "must be constant, step:E:G (StepLR) or cosine:T (CosineAnnealingLR)";
}

export interface Optimizer {
  /** One update of θ in place with gradient g at learning rate lr. */
  step(theta: Float64Array, g: Float64Array, lr: number): void;
}

export function makeOptimizer(c: OptimizerConfig, P: number): Optimizer {
  const wd = c.weightDecay;
  if (c.optimizer === "sgd" || c.optimizer === "momentum") {
    const mu = c.optimizer === "momentum" ? c.momentum : 0;
    const buf = new Float64Array(P);
    let first = true;
    return {
      step(theta, g, lr) {
        for (let i = 0; i < P; i++) {
          let d = wd !== 0 ? g[i] + wd * theta[i] : g[i];
          if (mu !== 0) {
            buf[i] = first ? d : mu * buf[i] + d;
            d = c.nesterov ? d + mu * buf[i] : buf[i];
          }
          theta[i] -= lr * d;
        }
        first = false;
      },
    };
  }
  const m = new Float64Array(P);
  const v = new Float64Array(P);
  let t = 0;
  const decoupled = c.optimizer === "adamw";
  return {
    step(theta, g, lr) {
      t++;
      const bc1 = 1 - powInt(c.beta1, t);
      const bc2sqrt = Math.sqrt(1 - powInt(c.beta2, t));
      const stepSize = lr / bc1;
      for (let i = 0; i < P; i++) {
        if (decoupled) theta[i] *= 1 - lr * wd;
        const gi = !decoupled && wd !== 0 ? g[i] + wd * theta[i] : g[i];
        m[i] = m[i] * c.beta1 + (1 - c.beta1) * gi;
        v[i] = v[i] * c.beta2 + (1 - c.beta2) * gi * gi;
        const denom = Math.sqrt(v[i]) / bc2sqrt + c.eps;
        theta[i] -= stepSize * (m[i] / denom);
      }
    },
  };
}
