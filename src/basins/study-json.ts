// The init-scheme study as a plain JSON-able object: the `init-study --format json`
// output and the "initStudy" entry of landscape.json share this one shape.

import type { InitStudy, StudyCell } from "./init-study.js";

function cellJson(c: StudyCell): Record<string, unknown> {
  return {
    n: c.reached.n,
    reached: c.reached.k,
    rate: c.reached.rate,
    ci95: c.reached.ci,
    stuck: c.stuck.k,
    stuckRate: c.stuck.rate,
    stuckCi95: c.stuck.ci,
    meanAccuracy: c.meanAccuracy,
  };
}

/** Plain JSON-able object; key order fixed so output is byte-identical on rerun. */
export function studyJson(s: InitStudy): Record<string, unknown> {
  const o = s.config.optimizerOptions;
  return {
    samples: s.samples,
    seed: s.seed,
    losses: s.losses,
    accuracyTarget: s.accuracyTarget,
    epsilon: s.epsilon,
    optimizer: s.config.optimizer,
    lr: o.lr,
    ...(s.config.optimizer === "momentum" ? { momentum: o.momentum } : {}),
    batchSize: s.config.batchSize,
    epochs: s.config.epochs,
    shuffle: s.config.shuffle,
    rows: s.rows.map((r) => ({
      scheme: r.scheme.kind,
      label: r.label,
      distribution: r.distribution,
      std: r.std,
      ...Object.fromEntries(s.losses.map((l) => [l, cellJson(r.results[l] as StudyCell)])),
    })),
  };
}

