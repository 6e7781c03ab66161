// The geometry part's entry in landscape.json (networks.geometry): every number
// sharpness.svg and connect.svg draw, for docs and scripts (docs/networks.md lists them).

import type { SharpnessResult } from "../geometry/sharpness.js";
import type { PathReport } from "../geometry/connect.js";
import type { NetworkGeometry } from "./network-geometry.js";

const worst = (r: SharpnessResult) => ({
  value: r.value,
  maxLoss: r.maxLoss,
  iterations: r.iterations,
  projectedGradientNorm: r.projectedGradientNorm,
  starts: r.starts.map((s) => s.maxLoss),
});

const path = (p: PathReport) => ({ loss: p.loss, accuracy: p.accuracy, barrier: p.barrier });

export function geometryManifest(g: NetworkGeometry): Record<string, unknown> {
  const q = g.sharpness.request;
  const c = g.connect;
  const r = c.report;
  return {
    sharpness: {
      loss: "mse",
      settings: { epsilon: q.epsilon, rho: q.rho, restarts: q.restarts, iterations: q.iterations, sigma: q.sigma, averageSamples: q.averageSamples, probes: q.traceProbes, seed: q.seed },
      runs: g.sharpness.runs.map(({ key, report: s }) => ({
        key,
        loss: s.loss,
        accuracy: s.accuracy,
        keskar: worst(s.keskar),
        adaptiveInf: worst(s.adaptiveInf),
        adaptive2: worst(s.adaptive2),
        average: { mean: s.average.mean, standardError: s.average.standardError, ci95: s.average.ci95 },
        lambdaMax: { value: s.lambdaMax.value, residual: s.lambdaMax.residual },
        trace: s.trace ? { estimate: s.trace.trace, standardError: s.trace.standardError } : null,
      })),
    },
    connect: {
      loss: "mse",
      init: c.init,
      seeds: c.seeds,
      a: { run: c.aKey, ...r.endpoints.a },
      b: r.endpoints.b,
      t: r.linear.t,
      linear: path(r.linear),
      alignment: r.alignment ? { method: r.alignment.method, permutations: r.alignment.perms.map((p) => Array.from(p)), moved: r.alignment.moved, sweeps: r.alignment.sweeps } : null,
      aligned: r.aligned ? path(r.aligned) : null,
      barrierDrop: r.barrierDrop,
      curve: r.curve ? { kind: r.curve.kind, steps: r.curve.training.steps, optimizer: r.curve.training.optimizer, lr: r.curve.training.options.lr, seed: r.curve.training.seed, ...path(r.curve) } : null,
    },
  };
}
