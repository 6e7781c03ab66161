// One network evaluation for a slice point — mean loss, accuracy and ‖∇L‖ — into
// buffers allocated once per slice, so a 51² slice does not allocate and collect ~2601
// sets of per-layer activations. With the "fast" engine (the default) the point runs in
// the WebAssembly kernel (../fast/nn-fast.ts) on one job memory made here; with
// "reference", or where the kernel does not handle the case, through the same layer
// routines as ../nn/forward.ts (affine, backThroughWeights, accumulateLayerGrad).
// With `batch` the samples stream through the network that many at a time (buffers of
// `batch` rows, not n): every sum (Σℓ, the correct count, each gradient entry) runs on
// across batches in sample order, so the numbers are those of one pass, bit for bit.

import { sampleTerms, TERM_SLOTS, type LossName } from "../numerics/losses.js";
import { activate } from "../nn/activations.js";
import { layerShapes, type Architecture, type LayerShape } from "../nn/architecture.js";
import { accumulateLayerGrad, affine, backThroughWeights, norm2, type EvaluateOptions } from "../nn/forward.js";
import { evaluateOnJob, prepareNetJob, type NetJob } from "../fast/nn-fast.js";
import { instantiateKernel, type KernelExports } from "../fast/kernel.js";
import { sampleCount, type Table } from "../nn/table.js";

export interface SlicePass {
  shapes: LayerShape[];
  n: number;
  /** Samples per batch (n: one pass). */
  batch: number;
  z: Float64Array[];
  a: Float64Array[];
  f1: Float64Array[];
  delta: Float64Array[];
  back: Float64Array[];
  grad: Float64Array;
  terms: Float64Array;
  /** The kernel's job and instance when the fast engine takes the case. */
  fast: { job: NetJob; k: KernelExports } | null;
}

export function slicePass(arch: Architecture, data: Table, P: number, loss: LossName, options: EvaluateOptions & { batch?: number } = {}): SlicePass {
  const shapes = layerShapes(arch);
  const n = sampleCount(data);
  const batch = options.batch !== undefined && options.batch > 0 ? Math.min(options.batch, n) : n;
  // The kernel's one-point path evaluates whole data sets; batches go through the layer routines.
  const job = (options.engine ?? "fast") === "fast" && batch === n ? prepareNetJob(arch, data, loss, 1, 32) : null;
  if (job) {
    // Stryker disable next-line ArrayDeclaration: the kernel path never reads the layer buffers
    const none: Float64Array[] = [];
    return { shapes, n, batch, z: none, a: none, f1: none, delta: none, back: none, grad: new Float64Array(0), terms: new Float64Array(0), fast: { job, k: instantiateKernel(job.memory) } };
  }
  const per = (f: (s: LayerShape) => number): Float64Array[] => shapes.map((s) => new Float64Array(f(s)));
  return {
    shapes,
    n,
    batch,
    z: per((s) => batch * s.fanOut),
    a: per((s) => batch * s.fanOut),
    f1: per((s) => batch * s.fanOut),
    delta: per((s) => batch * s.fanOut),
    back: per((s) => batch * s.fanIn),
    grad: new Float64Array(P),
    terms: new Float64Array(TERM_SLOTS),
    fast: null,
  };
}

/** Writes loss, accuracy and ‖∇L‖ at θ into out[0..2] (data and loss as given to slicePass). */
export function evaluatePass(arch: Architecture, buf: SlicePass, theta: Float64Array, data: Table, loss: LossName, out: Float64Array): void {
  if (buf.fast) {
    const p = evaluateOnJob(buf.fast.job, buf.fast.k, theta);
    out[0] = p.loss;
    out[1] = p.accuracy;
    out[2] = p.gradNorm;
    return;
  }
  const { shapes, n, batch, z, a, f1, delta, back, grad, terms } = buf;
  const L = shapes.length;
  const d = data.inputs;
  let total = 0, correct = 0;
  grad.fill(0);
  // Stryker disable next-line EqualityOperator: a batch at s = n has m = 0 samples and adds nothing
  for (let s = 0; s < n; s += batch) {
    const m = Math.min(batch, n - s);
    // Stryker disable next-line ConditionalExpression: for one whole-data batch the subarray is data.x itself
    const x = batch === n ? data.x : data.x.subarray(s * d, (s + m) * d);
    for (let l = 0; l < L; l++) {
      affine(theta, shapes[l], l === 0 ? x : a[l - 1], m, z[l]);
      // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: activating the output layer too only fills its a and f′ buffers, which nothing reads
      if (l < L - 1) activate(arch.activation, z[l], a[l], f1[l], null);
    }
    const logit = z[L - 1], dOut = delta[L - 1];
    for (let i = 0; i < m; i++) {
      const y = data.y[s + i];
      sampleTerms(loss, logit[i], y, terms);
      total += terms[0];
      dOut[i] = terms[1];
      if ((terms[3] > 0.5 ? 1 : 0) === y) correct++;
    }
    for (let l = L - 1; l >= 0; l--) {
      accumulateLayerGrad(shapes[l], delta[l], l === 0 ? x : a[l - 1], m, grad);
      if (l > 0) {
        const g = back[l];
        backThroughWeights(theta, shapes[l], delta[l], m, g);
        const dl = delta[l - 1], fp = f1[l - 1];
        // Stryker disable next-line EqualityOperator: one more entry lands past the batch's m rows (or past the buffer), where nothing reads
        for (let j = 0; j < m * shapes[l].fanIn; j++) dl[j] = g[j] * fp[j];
      }
    }
  }
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past a typed array (reads give undefined, writes are dropped), so no result changes
  for (let j = 0; j < grad.length; j++) grad[j] /= n;
  out[0] = total / n;
  out[1] = correct / n;
  out[2] = norm2(grad);
}
