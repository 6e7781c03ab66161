// An ONNX graph as a Model: the engine's passes with the loss head at the graph's output.

import { forwardPass, gradientPass, type Pass } from "../graph/engine.js";
import type { Graph } from "../graph/graph.js";
import { GraphError } from "../graph/op.js";
import { showShape, type Tensor } from "../graph/tensor.js";
import { workspace } from "../graph/workspace.js";
import { lossHead, outputRows, type ModelLossName } from "./losses.js";
import type { Model, ModelData } from "./model.js";

export class DataShapeError extends Error {
  override name = "DataShapeError";
}

/** A Model of an ONNX graph that keeps its Graph (per-layer statistics walk its nodes). */
export interface GraphModel extends Model {
  readonly graph: Graph;
  /** The ONNX file's bytes, when given: worker threads build their own copy of the graph from them (a graph's kernels are closures, which cannot cross threads). */
  readonly onnx?: Uint8Array;
}

/** Whether a Model is a graph's (graphModel), and so has its Graph. */
export function isGraphModel(model: Model): model is GraphModel {
  return "graph" in model && (model as Partial<GraphModel>).graph !== undefined;
}

/**
 * The graph as a Model; `source` names it in reports (the file's path). `onnx`, the bytes the
 * graph was loaded from, lets a slice run on worker threads too (kept by reference, not copied).
 */
export function graphModel(graph: Graph, source?: string, onnx?: Uint8Array): GraphModel {
  const run = (theta: Float64Array, data: ModelData, loss: ModelLossName): Pass => gradientPass(graph, theta, data.x, lossHead(loss, data.y));
  // the loss and gradient passes (a slice's points, a training run's steps) reuse their arrays;
  // nothing of such a pass outlives the call (its output is copied), so each call releases them.
  // Passes that return an H·v closure keep fresh arrays: they live as long as the closure.
  const ws = workspace();
  const copy = (t: Tensor): Tensor => ({ shape: [...t.shape], data: t.data.slice() });
  return {
    graph,
    ...(source !== undefined ? { source } : {}),
    ...(onnx !== undefined ? { onnx } : {}),
    parameters: graph.parameters,
    buffers: graph.buffers,
    P: graph.P,
    theta: graph.theta,
    lossGradient(theta, data, loss) {
      try {
        const r = gradientPass(graph, theta, data.x, lossHead(loss, data.y), ws);
        return { loss: r.loss, gradient: r.gradient, output: copy(r.output) };
      } finally {
        ws.release();
      }
    },
    lossValue(theta, data, loss) {
      try {
        const out = forwardPass(graph, theta, data.x, ws).output;
        return lossHead(loss, data.y).grad(out).loss;
      } finally {
        ws.release();
      }
    },
    hessianVector(theta, v, data, loss) {
      const r = run(theta, data, loss);
      return { loss: r.loss, gradient: r.gradient, output: r.output, hv: r.hvp(v) };
    },
    curvature(theta, data, loss) {
      const r = run(theta, data, loss);
      return { loss: r.loss, gradient: r.gradient, output: r.output, hvp: r.hvp };
    },
    outputs: (theta, x) => forwardPass(graph, theta, x).output,
  };
}

/**
 * Checks data against the model before any work: X's sample shape against the graph input,
 * then one sample through the graph (shape errors surface here), then the targets against the
 * output and the loss. Errors name both shapes.
 */
export function checkData(graph: Graph, data: ModelData, loss: ModelLossName): void {
  checkTargets(checkInput(graph, data), data, loss);
}

/** X against the graph input, and one sample through the graph: its output. */
export function checkInput(graph: Graph, data: ModelData): Tensor {
  const sample = data.x.shape.slice(1);
  const want = graph.sampleShape;
  const shown = `[N, ${want.map((d) => (d === null ? "?" : d)).join(", ")}]`;
  if (sample.length !== want.length || want.some((d, i) => d !== null && d !== sample[i])) {
    throw new DataShapeError(`X has shape ${showShape(data.x.shape)}, the model's input "${graph.inputName}" takes ${shown}`);
  }
  if (data.x.shape[0] < 1) throw new DataShapeError(`X has no samples (shape ${showShape(data.x.shape)})`);
  let out: Tensor;
  try {
    out = forwardPass(graph, graph.theta, { shape: [1, ...sample], data: data.x.data.subarray(0, sample.reduce((a, b) => a * b, 1)) }).output;
  } catch (e) {
    if (e instanceof GraphError) throw new DataShapeError(`X of shape ${showShape(data.x.shape)} does not run through the model: ${e.message}`);
    throw e;
  }
  const nf = data.x.data.findIndex((v) => !Number.isFinite(v));
  if (nf >= 0) throw new DataShapeError(`X entry ${nf} is ${data.x.data[nf]}`);
  return out;
}

/** The targets against the model's output (one sample's) and the loss. */
export function checkTargets(out: Tensor, data: ModelData, loss: ModelLossName): void {
  const [, K] = outputRows(out);
  const N = data.x.shape[0];
  if (data.yShape[0] !== N) throw new DataShapeError(`y has shape ${showShape(data.yShape)}, X has shape ${showShape(data.x.shape)}: the sample counts differ`);
  const ys = data.y.length / N;
  if (loss === "ce") {
    if (K < 2) throw new DataShapeError(`--loss ce needs K ≥ 2 logits; the model's output has shape ${showShape(out.shape)} (use --loss bce for one logit)`);
    if (ys !== 1) throw new DataShapeError(`--loss ce takes integer class labels y of shape [N]; got ${showShape(data.yShape)}`);
    const bad = data.y.findIndex((c) => !Number.isInteger(c) || c < 0 || c >= K);
    if (bad >= 0) throw new DataShapeError(`label y[${bad}] = ${data.y[bad]} is out of range for the model's output shape [N, ${K}] (classes 0…${K - 1})`);
  } else if (loss === "bce") {
    if (K !== 1) throw new DataShapeError(`--loss bce needs one logit; the model's output has shape ${showShape(out.shape)} (use --loss ce for K classes)`);
    if (ys !== 1) throw new DataShapeError(`--loss bce takes y of shape [N]; got ${showShape(data.yShape)}`);
    const bad = data.y.findIndex((c) => !(c >= 0 && c <= 1));
    if (bad >= 0) throw new DataShapeError(`target y[${bad}] = ${data.y[bad]} is outside [0, 1] for --loss bce`);
  } else if (ys !== K) {
    throw new DataShapeError(`y has shape ${showShape(data.yShape)}, the model's output has shape ${showShape([N, ...out.shape.slice(1)])}: --loss mse needs one target per output`);
  }
}
