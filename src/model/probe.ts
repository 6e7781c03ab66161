// Everything about one point θ of a model: loss, accuracy (classification) or R² (regression),
// the flat gradient and its norm, H·v for a given v, and the dense Hessian's spectrum and trace
// for P ≤ MAX_DENSE_HESSIAN_PARAMS.

import { spectrumOf } from "../nn/hessian.js";
import { MAX_DENSE_HESSIAN_PARAMS, modelDenseHessian } from "./curvature.js";
import { accuracyOf, rSquared, type ModelLossName } from "./losses.js";
import type { Model, ModelData } from "./model.js";

export interface ModelProbe {
  loss: number;
  accuracy: number | null;
  r2: number | null;
  gradient: number[];
  gradNorm: number;
  /** Per parameter tensor: the gradient's norm. */
  parameters: Array<{ name: string; gradNorm: number }>;
  hvp: number[] | null;
  hessian: { eigenvalues: number[]; trace: number; lambdaMin: number; lambdaMax: number } | null;
  /** Why the dense Hessian was not computed (null when it was). */
  hessianSkipped: string | null;
}

export interface ProbeOptions {
  v?: Float64Array;
  /** Compute the dense Hessian (when P ≤ MAX_DENSE_HESSIAN_PARAMS). */
  hessian: boolean;
  onStage?: (stage: string, fraction?: number) => void;
}

const norm = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
};

export function probeModel(model: Model, theta: Float64Array, data: ModelData, loss: ModelLossName, opts: ProbeOptions): ModelProbe {
  opts.onStage?.("loss and gradient");
  const c = model.curvature(theta, data, loss);
  const P = model.P;
  let hessian: ModelProbe["hessian"] = null;
  let hessianSkipped: string | null = null;
  if (!opts.hessian) hessianSkipped = "not asked for (--no-hessian)";
  else if (P > MAX_DENSE_HESSIAN_PARAMS) hessianSkipped = `P = ${P} > ${MAX_DENSE_HESSIAN_PARAMS}: use the hessian command's Lanczos estimates`;
  else {
    const stage = `the ${P}×${P} Hessian`;
    opts.onStage?.(stage, 0);
    const H = modelDenseHessian(model, theta, data, loss, (f) => opts.onStage?.(stage, f));
    opts.onStage?.("its spectrum");
    const s = spectrumOf(H, P);
    hessian = { eigenvalues: Array.from(s.eigenvalues), trace: s.trace, lambdaMin: s.lambdaMin, lambdaMax: s.lambdaMax };
  }
  const hvp = opts.v ? Array.from(c.hvp(opts.v)) : null;
  return {
    loss: c.loss,
    accuracy: accuracyOf(loss, c.output, data.y),
    r2: loss === "mse" ? rSquared(c.output, data.y) : null,
    gradient: Array.from(c.gradient),
    gradNorm: norm(c.gradient),
    parameters: model.parameters.map((p) => ({ name: p.name, gradNorm: norm(c.gradient.subarray(p.offset, p.offset + p.size)) })),
    hvp,
    hessian,
    hessianSkipped,
  };
}
