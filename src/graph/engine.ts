// Runs a graph: forward, and on request backward (the gradient) and Pearlmutter's R-pass
// (forward-mode along v through the forward and the backward pass), which gives H·v exactly at
// the cost of about two gradients. The loss head supplies ∂L/∂z and its tangent at the output.

import type { Graph } from "./graph.js";
import type { Forward } from "./op.js";
import { addInto, type Tensor } from "./tensor.js";

export interface Head {
  /** Loss and ∂L/∂z at the output z. */
  grad(z: Tensor): { loss: number; gz: Tensor };
  /** The tangent of ∂L/∂z along Rz (the loss's Hessian in z applied to Rz). */
  rgrad(z: Tensor, rz: Tensor): Tensor;
}

export interface Pass {
  output: Tensor;
  /** Every value of the forward pass, by name (layers reads pre-activations from here). */
  values: Map<string, Tensor>;
  loss?: number;
  gradient?: Float64Array;
  hv?: Float64Array;
  /** Cotangents of every active value (layers reads backprop statistics from here). */
  cotangents?: Map<string, Tensor>;
}

function paramViews(g: Graph, flat: Float64Array): Map<string, Tensor> {
  const m = new Map<string, Tensor>();
  for (const p of g.parameters) m.set(p.name, { shape: p.shape, data: flat.subarray(p.offset, p.offset + p.size) });
  return m;
}

export function runGraph(g: Graph, theta: Float64Array, x: Tensor, head: Head | null, v: Float64Array | null = null): Pass {
  const values = new Map<string, Tensor>(g.constants);
  for (const [k, t] of paramViews(g, theta)) values.set(k, t);
  values.set(g.inputName, x);
  const tapes: Forward[] = [];
  const get = (name: string): Tensor => values.get(name)!;
  for (const node of g.nodes) {
    const f = node.kernel.forward(inputsOf(node.inputs, values));
    tapes.push(f);
    values.set(node.output, f.y);
  }
  const output = get(g.output);
  if (!head) return { output, values };

  // R-forward: tangents of the active values along v
  const R = new Map<string, Tensor | null>();
  if (v) {
    for (const [k, t] of paramViews(g, v)) R.set(k, t);
    g.nodes.forEach((node, i) => {
      if (!node.active) return;
      const xs = inputsOf(node.inputs, values);
      const rx = node.inputs.map((n, j) => (node.activeInputs[j] ? (R.get(n) ?? null) : null));
      R.set(node.output, node.kernel.rforward(xs, rx, tapes[i]));
    });
  }

  const { loss, gz } = head.grad(output);
  const G = new Map<string, Tensor | null>([[g.output, gz]]);
  const RG = new Map<string, Tensor | null>();
  const rz = v ? (R.get(g.output) ?? null) : null;
  if (v && rz) RG.set(g.output, head.rgrad(output, rz));
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const node = g.nodes[i];
    const gy = G.get(node.output);
    if (!node.active || !gy) continue;
    const xs = inputsOf(node.inputs, values);
    const want = node.activeInputs;
    const gx = node.kernel.backward(xs, tapes[i], gy, want);
    let rgx: Array<Tensor | null> = [];
    if (v) {
      const rx = node.inputs.map((n, j) => (want[j] ? (R.get(n) ?? null) : null));
      rgx = node.kernel.rbackward(xs, rx, tapes[i], gy, RG.get(node.output) ?? null, want);
    }
    node.inputs.forEach((name, j) => {
      if (!want[j]) return;
      G.set(name, addInto(G.get(name) ?? null, gx[j] ?? null));
      if (v) RG.set(name, addInto(RG.get(name) ?? null, rgx[j] ?? null));
    });
  }
  const gradient = new Float64Array(g.P);
  const hv = v ? new Float64Array(g.P) : undefined;
  for (const p of g.parameters) {
    const t = G.get(p.name);
    if (t) gradient.set(t.data, p.offset);
    const r = RG.get(p.name);
    if (hv && r) hv.set(r.data, p.offset);
  }
  const cotangents = new Map<string, Tensor>();
  for (const [k, t] of G) if (t) cotangents.set(k, t);
  return { output, values, loss, gradient, hv, cotangents };
}

function inputsOf(names: string[], values: Map<string, Tensor>): Tensor[] {
  return trimAbsent(names.map((n) => (n === "" ? undefined : values.get(n))) as Tensor[]);
}

/** Trailing absent optional inputs are dropped; kernels see the inputs that were given. */
function trimAbsent(xs: Array<Tensor | undefined>): Tensor[] {
  let n = xs.length;
  while (n > 0 && xs[n - 1] === undefined) n--;
  return xs.slice(0, n) as Tensor[];
}
