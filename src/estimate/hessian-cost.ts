// What a `hessian` job will cost before it starts, for --max-seconds and the announcement
// of long jobs. One exact H·v product costs what one column of probe's dense Hessian
// costs (estimate.ts's hessianParam2Sample per sample·parameter; `hessian --trace` on a
// 2-16-16-16-1 network, P = 609, 1000 samples, measured 100 products in 0.36 s, 5.9 ns),
// the dense eigensolver estimate.ts's eigenParam3; full reorthogonalization ~1 ns per
// basis entry touched (two Gram–Schmidt passes) and one Gaussian term of the smoothed
// density ~20 ns, both measured here. Lanczos step counts are not known in advance: the estimate assumes
// 2K + 40 steps and one multiplicity check run, which is what converged runs take on
// the networks of the tests. Meant to be right within ~2×.

import { COST_NS, type Cost } from "./cost.js";
import type { HessianRequest } from "../curvature/report.js";

const NS = { reorthEntry: 1, smoothTerm: 20 };

/** Lanczos steps a top/bottom-K run is assumed to take on a space of dimension n. */
function lanczosSteps(k: number, n: number): number {
  return Math.min(n, 2 * k + 40);
}

/** The work of a `hessian` job: H·v products, reorthogonalization entries and density terms. */
export interface HessianWork {
  products: number;
  reorth: number;
  smoothTerms: number;
}

export function hessianWork(req: HessianRequest, P: number, blockSizes: readonly number[], exact: boolean): HessianWork {
  let products = 0;
  let reorth = 0;
  const run = (steps: number, n: number, runs = 1): void => {
    products += runs * steps;
    reorth += runs * 2 * steps * steps * n;
  };
  if (exact) products += P;
  const k = Math.max(req.top, req.bottom);
  if (k > 0) run(lanczosSteps(k, P), P, 2);
  // The trace: Hutchinson's probes, Hutch++'s as many again, and the repeats over seeds
  // (the first repeat reuses the estimates above).
  const estimators = req.hutchpp ? 2 : 1;
  products += req.traceProbes * estimators * Math.max(1, req.traceRepeats ?? 1);
  if (req.density) run(Math.min(req.density.steps, P), P, req.density.probes);
  if (req.perLayer) {
    for (const size of blockSizes) {
      run(lanczosSteps(1, size), size, 2);
      // Each block's Hutchinson trace and SLQ density, as for the whole matrix (a block
      // product costs a full H·v: the vector is zero outside the block).
      products += req.traceProbes;
      if (req.density) run(Math.min(req.density.steps, size), size, req.density.probes);
    }
  }
  const blockNodes = req.density && req.perLayer ? blockSizes.reduce((n, size) => n + req.density!.probes * Math.min(req.density!.steps, size), 0) : 0;
  const smoothTerms = req.density ? req.density.bins * (req.density.probes * Math.min(req.density.steps, P) + blockNodes + (exact ? P : 0)) : 0;
  return { products, reorth, smoothTerms };
}

export function hessianCost(req: HessianRequest, P: number, samples: number, blockSizes: readonly number[], exact: boolean): Cost {
  const perProduct = COST_NS.hessianParam2Sample * samples * P;
  const { products, reorth, smoothTerms } = hessianWork(req, P, blockSizes, exact);
  const ns = products * perProduct + reorth * NS.reorthEntry + (exact ? COST_NS.eigenParam3 * P ** 3 : 0) + smoothTerms * NS.smoothTerm;
  return { seconds: ns / 1e9, what: `about ${products.toLocaleString("en-US")} H·v products of P = ${P.toLocaleString("en-US")} on ${samples.toLocaleString("en-US")} samples${exact ? " and the dense eigendecomposition" : ""}` };
}
