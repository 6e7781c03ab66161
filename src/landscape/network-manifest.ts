// The networks section's entry in landscape.json: what was trained, measured and drawn,
// for docs and scripts (docs/networks.md documents every field).

import { describeArchitecture, parameterCount } from "../nn/architecture.js";
import type { NetworkStudy } from "./network-types.js";
import { geometryManifest } from "./network-geometry-manifest.js";

export function networkManifest(n: NetworkStudy): Record<string, unknown> {
  const t = n.settings.train;
  const sl = n.slice;
  const axis = (v: Float64Array): { min: number; max: number; count: number } => ({ min: v[0], max: v[v.length - 1], count: v.length });
  return {
    data: { name: n.settings.data, samples: n.data.y.length, dataSeed: n.settings.dataSeed },
    architecture: describeArchitecture(n.arch),
    parameters: parameterCount(n.arch),
    seed: n.seed,
    training: { optimizer: t.optimizer, lr: t.optimizerOptions.lr, momentum: t.optimizerOptions.momentum, batchSize: t.batchSize, epochs: t.epochs, shuffle: t.shuffle },
    runs: n.runs.map((r) => ({
      key: r.key,
      loss: r.loss,
      init: r.initText,
      startLoss: r.curve[0],
      startGradNorm: r.startGradNorm,
      finalLoss: r.finalLoss,
      accuracy: r.accuracy,
    })),
    mseStalls: n.claims.mseStalls,
    slice: {
      loss: sl.loss,
      planeRun: sl.planeRun,
      explainedVarianceRatio: sl.pca.explainedVarianceRatio,
      alpha: axis(sl.result.alpha),
      beta: axis(sl.result.beta),
      epsilon: sl.epsilon,
      scale: sl.scale,
      maxOffPlane: sl.maxOffPlane.map((v) => v * sl.scale),
      maxLossGap: sl.maxLossGap,
    },
    spectrum: n.spectrum.map((p) => ({
      point: p.key,
      loss: p.loss,
      lambdaMin: p.lambdaMin,
      lambdaMax: p.lambdaMax,
      trace: p.trace,
      negatives: p.negatives,
      zeros: p.zeros,
      top: Array.from(p.top),
      lanczosTop: p.summary.eigen ? Array.from(p.summary.eigen.top.values) : [],
      lanczosError: p.lanczosError,
      densitySeed: p.summary.density.seed,
    })),
    ...(n.geometry ? { geometry: geometryManifest(n.geometry) } : {}),
  };
}
