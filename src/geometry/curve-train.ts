// Training the bend of a curve between A and B (Garipov et al. 2018, §3): minimize
// E_{t ~ U(0,1)} L(φ_θb(t)) by stochastic gradient steps, one t per step from a seeded
// generator, the gradient c(t)·∇L(φ(t)) (paths.ts) handed to the toolkit's optimizers
// (torch.optim's rules, ../train/optimizers.ts). Full-batch loss at each sampled t.

import { seededRandom } from "../init/random.js";
import type { ModelOptimizerName } from "../model/optimizers.js";
import { makeOptimizer, type OptimizerName, type OptimizerOptions } from "../train/optimizers.js";
import type { Objective } from "./objective.js";
import { bendWeight, curvePath, type CurveKind } from "./paths.js";

export interface BendTraining {
  kind: CurveKind;
  steps: number;
  /** The networks' optimizers' names, or a model's (adamw: a BendOptimizer must be given). */
  optimizer: OptimizerName | ModelOptimizerName;
  options: OptimizerOptions;
  seed: number;
}

export interface BendStep {
  step: number;
  t: number;
  /** L(φ(t)) before the step. */
  loss: number;
}

export interface TrainedBend {
  bend: Float64Array;
  history: BendStep[];
}

/** The midpoint of A and B: the bend of the straight line, where training starts by default. */
export function midpoint(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => 0.5 * (v + b[i]));
}

/** The t sequence a seed draws (so a peer implementation can replay it). */
export function bendTimes(seed: number, steps: number): Float64Array {
  const rng = seededRandom(seed);
  return Float64Array.from({ length: steps }, () => rng());
}

/** An update rule of the bend: one step in place from its gradient. */
export interface BendOptimizer {
  step(bend: Float64Array, grad: Float64Array): void;
}

/** Makes the bend's optimizer for P parameters (default: the networks' torch.optim rules, ../train/optimizers.ts). */
export type BendOptimizerFactory = (cfg: BendTraining, P: number) => BendOptimizer;

const networkBendOptimizer: BendOptimizerFactory = (cfg, P) => {
  if (cfg.optimizer === "adamw") throw new RangeError("optimizer adamw is a model optimizer: give a BendOptimizerFactory for it");
  return makeOptimizer(cfg.optimizer, cfg.options, P);
};

export function trainBend(
  obj: Objective, a: Float64Array, b: Float64Array, start: Float64Array, cfg: BendTraining, onStep?: (step: number) => void, optimizer: BendOptimizerFactory = networkBendOptimizer,
): TrainedBend {
  const P = obj.size;
  if (a.length !== P || b.length !== P || start.length !== P) throw new RangeError("A, B and the bend must all have the objective's size");
  const bend = Float64Array.from(start);
  const opt = optimizer(cfg, P);
  const path = curvePath(cfg.kind, a, bend, b);
  const point = new Float64Array(P), grad = new Float64Array(P);
  const times = bendTimes(cfg.seed, cfg.steps);
  const history: BendStep[] = [];
  for (let k = 0; k < cfg.steps; k++) {
    const t = times[k];
    path(t, point);
    const loss = obj.lossGrad(point, grad);
    const c = bendWeight(cfg.kind, t);
    for (let i = 0; i < P; i++) grad[i] *= c;
    opt.step(bend, grad);
    history.push({ step: k + 1, t, loss });
    onStep?.(k + 1);
  }
  return { bend, history };
}
