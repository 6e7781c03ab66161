// Forward and backward pass of an MLP over a batch, in float64.
//
// Layer l computes z_l = a_{l−1} W_lᵀ + b_l for all samples at once (a_{−1} = x), with
// arrays sample-major (n × width, row-major) so every inner loop runs over contiguous
// memory: z by row dot products, ∂/∂a by axpy of weight rows, ∂/∂W by axpy of input rows.
// Hidden layers apply f (activations.ts); the last layer's z is the logit of the loss
// ℓ(z, y) of ../numerics/losses.ts. Backward, with δ_l = ∂ℓ_i/∂z_l per sample:
//   δ_out = ℓ′(z, y),   δ_{l−1} = f′(z_{l−1}) ⊙ (δ_l W_l),
//   ∂L/∂W_l = (1/n) Σ_i δ_l,iᵀ a_{l−1,i},   ∂L/∂b_l = (1/n) Σ_i δ_l,i.
// Sums run over samples first and divide by n last, as ../numerics/point.ts does, so
// with no hidden layer the numbers are that closed form's to the last bit or two.

import { evaluateNetworkFast, type NetworkWorkspace } from "../fast/nn-fast.js";
import type { LossName } from "../numerics/losses.js";
import { sampleTerms, TERM_SLOTS } from "../numerics/losses.js";
import { activate } from "./activations.js";
import { layerShapes, type Architecture, type LayerShape } from "./architecture.js";
import { sampleCount, type Table } from "./table.js";

export interface ForwardPass {
  arch: Architecture;
  shapes: LayerShape[];
  /** The batch's inputs (n × d). */
  input: Float64Array;
  n: number;
  /** Pre-activations per layer, n × fanOut; the last is the output logit z (n × 1). */
  z: Float64Array[];
  /** Activations per hidden layer (n × fanOut); the last entry is σ(z) of the output. */
  a: Float64Array[];
  /** f′ per hidden layer (unused entry for the output layer is empty). */
  d1: Float64Array[];
  /** f″ per hidden layer, when requested (for Hessian-vector products). */
  d2: Float64Array[] | null;
  /** Per sample: ℓ_i, ℓ′_i, ℓ″_i at the output logit. */
  lossValue: Float64Array;
  lossD1: Float64Array;
  lossD2: Float64Array;
  /** Mean loss and the fraction of samples with (σ(z) > 0.5) == y. */
  loss: number;
  accuracy: number;
}

/**
 * out (n × fanOut) = input (n × fanIn) · Wᵀ + b, W and b read from θ. Four outputs are
 * computed together so each input value is loaded once for four products; every output
 * still sums its k terms in order, so the blocking changes no bit of the result.
 */
export function affine(theta: Float64Array, s: LayerShape, input: Float64Array, n: number, out: Float64Array): void {
  const { fanIn, fanOut, weightOffset: wo, biasOffset: bo } = s;
  const o4 = fanOut - (fanOut % 4);
  for (let i = 0; i < n; i++) {
    const row = i * fanIn;
    const orow = i * fanOut;
    for (let o = 0; o < o4; o += 4) {
      const w0 = wo + o * fanIn, w1 = w0 + fanIn, w2 = w1 + fanIn, w3 = w2 + fanIn;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let k = 0; k < fanIn; k++) {
        const x = input[row + k];
        a0 += theta[w0 + k] * x;
        a1 += theta[w1 + k] * x;
        a2 += theta[w2 + k] * x;
        a3 += theta[w3 + k] * x;
      }
      out[orow + o] = a0 + theta[bo + o];
      out[orow + o + 1] = a1 + theta[bo + o + 1];
      out[orow + o + 2] = a2 + theta[bo + o + 2];
      out[orow + o + 3] = a3 + theta[bo + o + 3];
    }
    for (let o = o4; o < fanOut; o++) {
      const w = wo + o * fanIn;
      let acc = 0;
      for (let k = 0; k < fanIn; k++) acc += theta[w + k] * input[row + k];
      out[orow + o] = acc + theta[bo + o];
    }
  }
}

/** Runs the network on a batch; `second` also stores f″ for the R-operator. */
export function forward(arch: Architecture, theta: Float64Array, data: Table, loss: LossName, second = false): ForwardPass {
  const shapes = layerShapes(arch);
  const n = sampleCount(data);
  const L = shapes.length;
  const z: Float64Array[] = [];
  const a: Float64Array[] = [];
  const d1: Float64Array[] = [];
  const d2: Float64Array[] | null = second ? [] : null;
  let input = data.x;
  for (let l = 0; l < L; l++) {
    const s = shapes[l];
    const zl = new Float64Array(n * s.fanOut);
    affine(theta, s, input, n, zl);
    z.push(zl);
    if (l < L - 1) {
      const al = new Float64Array(zl.length);
      const g1 = new Float64Array(zl.length);
      const g2 = second ? new Float64Array(zl.length) : null;
      activate(arch.activation, zl, al, g1, g2);
      a.push(al);
      d1.push(g1);
      if (d2 && g2) d2.push(g2);
      input = al;
    }
  }
  const out = z[L - 1];
  const lossValue = new Float64Array(n), lossD1 = new Float64Array(n), lossD2 = new Float64Array(n), p = new Float64Array(n);
  const terms = new Float64Array(TERM_SLOTS);
  let total = 0, correct = 0;
  for (let i = 0; i < n; i++) {
    sampleTerms(loss, out[i], data.y[i], terms);
    lossValue[i] = terms[0];
    lossD1[i] = terms[1];
    lossD2[i] = terms[2];
    p[i] = terms[3];
    total += terms[0];
    if ((terms[3] > 0.5 ? 1 : 0) === data.y[i]) correct++;
  }
  a.push(p);
  d1.push(new Float64Array(0));
  if (d2) d2.push(new Float64Array(0));
  return { arch, shapes, input: data.x, n, z, a, d1, d2, lossValue, lossD1, lossD2, loss: total / n, accuracy: correct / n };
}

/** The input each layer reads: x for layer 0, the previous hidden activation after. */
export function layerInput(pass: ForwardPass, l: number): Float64Array {
  return l === 0 ? pass.input : pass.a[l - 1];
}

/**
 * Adds Σ_i δ_iᵀ a_i into grad's weight block and Σ_i δ_i into its bias block (no 1/n).
 * δ is n × fanOut, a is n × fanIn. Four samples are folded per load and store of each
 * gradient entry, added one after another in sample order, so every entry's rounding is
 * that of the plain loop over samples.
 */
export function accumulateLayerGrad(s: LayerShape, delta: Float64Array, a: Float64Array, n: number, grad: Float64Array): void {
  const { fanIn, fanOut, weightOffset: wo, biasOffset: bo } = s;
  const n4 = n - (n % 4);
  for (let i = 0; i < n4; i += 4) {
    const r0 = i * fanIn, r1 = r0 + fanIn, r2 = r1 + fanIn, r3 = r2 + fanIn;
    for (let o = 0; o < fanOut; o++) {
      const d0 = delta[i * fanOut + o], d1 = delta[(i + 1) * fanOut + o], d2 = delta[(i + 2) * fanOut + o], d3 = delta[(i + 3) * fanOut + o];
      const w = wo + o * fanIn;
      for (let k = 0; k < fanIn; k++) {
        let t = grad[w + k];
        t += d0 * a[r0 + k];
        t += d1 * a[r1 + k];
        t += d2 * a[r2 + k];
        t += d3 * a[r3 + k];
        grad[w + k] = t;
      }
      let t = grad[bo + o];
      t += d0;
      t += d1;
      t += d2;
      t += d3;
      grad[bo + o] = t;
    }
  }
  for (let i = n4; i < n; i++) {
    const row = i * fanIn;
    for (let o = 0; o < fanOut; o++) {
      const d = delta[i * fanOut + o];
      const w = wo + o * fanIn;
      for (let k = 0; k < fanIn; k++) grad[w + k] += d * a[row + k];
      grad[bo + o] += d;
    }
  }
}

/** out (n × fanIn) = δ (n × fanOut) · W, W read from θ; four weight rows per sweep of the output row. */
export function backThroughWeights(theta: Float64Array, s: LayerShape, delta: Float64Array, n: number, out: Float64Array): void {
  const { fanIn, fanOut, weightOffset: wo } = s;
  const o4 = fanOut - (fanOut % 4);
  out.fill(0);
  // Stryker disable next-line EqualityOperator: an extra sample i = n only writes rows of out no caller reads (past its end, or past the batch's m rows)
  for (let i = 0; i < n; i++) {
    const row = i * fanIn;
    const drow = i * fanOut;
    for (let o = 0; o < o4; o += 4) {
      const d0 = delta[drow + o], d1 = delta[drow + o + 1], d2 = delta[drow + o + 2], d3 = delta[drow + o + 3];
      if (d0 === 0 && d1 === 0 && d2 === 0 && d3 === 0) continue;
      const w0 = wo + o * fanIn, w1 = w0 + fanIn, w2 = w1 + fanIn, w3 = w2 + fanIn;
      for (let k = 0; k < fanIn; k++) out[row + k] += d0 * theta[w0 + k] + d1 * theta[w1 + k] + d2 * theta[w2 + k] + d3 * theta[w3 + k];
    }
    for (let o = o4; o < fanOut; o++) {
      const d = delta[drow + o];
      if (d === 0) continue;
      const w = wo + o * fanIn;
      for (let k = 0; k < fanIn; k++) out[row + k] += d * theta[w + k];
    }
  }
}

export interface BackwardPass {
  /** ∂ℓ_i/∂z_l per layer and sample (n × fanOut), not divided by n. */
  delta: Float64Array[];
  /** ∂ℓ_i/∂a_l per hidden layer (δ_{l+1} W_{l+1}, before the f′ factor); the R-operator needs it. */
  back: Float64Array[];
  /** ∇L of the mean loss, flat in θ's order. */
  grad: Float64Array;
}

/** Back-propagates a forward pass: per-sample δ of every layer and the mean gradient. */
export function backward(pass: ForwardPass, theta: Float64Array): BackwardPass {
  const { shapes, n } = pass;
  const L = shapes.length;
  const grad = new Float64Array(theta.length);
  // Stryker disable next-line ArrayDeclaration: a size hint only: every entry 0…L−1 is assigned below
  const delta: Float64Array[] = new Array(L);
  // Stryker disable next-line ArrayDeclaration,MethodExpression: a size hint only: entries 0…L−2 are assigned below, so the array ends with length L − 1 from any smaller hint
  const back: Float64Array[] = new Array(Math.max(0, L - 1));
  delta[L - 1] = Float64Array.from(pass.lossD1);
  for (let l = L - 1; l >= 0; l--) {
    accumulateLayerGrad(shapes[l], delta[l], layerInput(pass, l), n, grad);
    if (l > 0) {
      const g = new Float64Array(n * shapes[l].fanIn);
      backThroughWeights(theta, shapes[l], delta[l], n, g);
      const f1 = pass.d1[l - 1];
      const prev = new Float64Array(g.length);
      // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
      for (let j = 0; j < prev.length; j++) prev[j] = g[j] * f1[j];
      back[l - 1] = g;
      delta[l - 1] = prev;
    }
  }
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past the typed arrays (reads give undefined, writes are dropped), so no result changes
  for (let j = 0; j < grad.length; j++) grad[j] /= n;
  return { delta, back, grad };
}

export interface NetworkPoint {
  loss: number;
  grad: Float64Array;
  gradNorm: number;
  accuracy: number;
}

/**
 * Which code evaluates a network: "fast" the WebAssembly SIMD kernel (../fast/nn-fast.ts)
 * wherever it handles the case, else this file's TypeScript; "reference" always this
 * file's TypeScript, the numbers the kernel is tested against (they agree to ~1e-15).
 */
export type NetworkEngine = "fast" | "reference";
export interface EvaluateOptions {
  engine?: NetworkEngine;
  /** Kernel memory to reuse across calls (../fast/nn-fast.ts createNetworkWorkspace). */
  workspace?: NetworkWorkspace | null;
}

/**
 * Mean loss, its gradient and the accuracy at θ. The one-neuron model (no hidden layer)
 * always takes the reference path, so its numbers stay those of ../numerics/point.ts.
 */
export function evaluateNetwork(arch: Architecture, theta: Float64Array, data: Table, loss: LossName, options: EvaluateOptions = {}): NetworkPoint {
  if ((options.engine ?? "fast") === "fast") {
    const fast = evaluateNetworkFast(arch, theta, data, loss, options.workspace);
    if (fast) return { loss: fast.loss, grad: fast.grad, gradNorm: fast.gradNorm, accuracy: fast.accuracy };
  }
  const pass = forward(arch, theta, data, loss);
  const { grad } = backward(pass, theta);
  return { loss: pass.loss, grad, gradNorm: norm2(grad), accuracy: pass.accuracy };
}

/** Euclidean norm without overflow for large entries. */
export function norm2(v: Float64Array): number {
  let scale = 0;
  for (let i = 0; i < v.length; i++) scale = Math.max(scale, Math.abs(v[i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const t = v[i] / scale;
    s += t * t;
  }
  return scale * Math.sqrt(s);
}
