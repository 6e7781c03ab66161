// Runs a graph: forward, and on request backward (the gradient) and Pearlmutter's R-pass
// (forward-mode along v through the forward and the backward pass), which gives H·v exactly.
// The forward and backward passes are kept in a Pass, so each further H·v (a dense Hessian's P
// columns, Lanczos steps) costs only the two R-passes.

import type { Graph } from "./graph.js";
import type { Forward } from "./op.js";
import { addInto, type Tensor } from "./tensor.js";
import type { Workspace } from "./workspace.js";

export interface Head {
  /** Loss and ∂L/∂z at the output z. */
  grad(z: Tensor): { loss: number; gz: Tensor };
  /** The tangent of ∂L/∂z along Rz (the loss's Hessian in z applied to Rz). */
  rgrad(z: Tensor, rz: Tensor): Tensor;
}

export interface ForwardPass {
  output: Tensor;
  /** Every value of the forward pass, by name (layers reads pre-activations from here). */
  values: Map<string, Tensor>;
  tapes: Forward[];
}

export interface Pass extends ForwardPass {
  loss: number;
  gradient: Float64Array;
  /** Cotangents of every active value reached from the loss. */
  cotangents: Map<string, Tensor>;
  /** H·v at this point (the R-passes over the kept forward and backward passes). */
  hvp(v: Float64Array): Float64Array;
}

function paramViews(g: Graph, flat: Float64Array): Map<string, Tensor> {
  const m = new Map<string, Tensor>();
  for (const p of g.parameters) m.set(p.name, { shape: p.shape, data: flat.subarray(p.offset, p.offset + p.size) });
  return m;
}

/** With ws, the kernels take their arrays from it: the pass's tensors live until the owner's next ws.release(). */
export function forwardPass(g: Graph, theta: Float64Array, x: Tensor, ws?: Workspace): ForwardPass {
  const values = new Map<string, Tensor>(g.constants);
  for (const [k, t] of paramViews(g, theta)) values.set(k, t);
  values.set(g.inputName, x);
  const tapes: Forward[] = [];
  for (const node of g.nodes) {
    const f = node.kernel.forward(inputsOf(node.inputs, values), ws);
    tapes.push(f);
    values.set(node.output, f.y);
  }
  return { output: values.get(g.output)!, values, tapes };
}

/** With ws (see forwardPass), hvp must not be called after the owner's ws.release(). */
export function gradientPass(g: Graph, theta: Float64Array, x: Tensor, head: Head, ws?: Workspace): Pass {
  const fw = forwardPass(g, theta, x, ws);
  const { values, tapes, output } = fw;
  const { loss, gz } = head.grad(output);
  const G = new Map<string, Tensor>([[g.output, gz]]);
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const node = g.nodes[i];
    const gy = G.get(node.output);
    if (!node.active || !gy) continue;
    const gx = node.kernel.backward(inputsOf(node.inputs, values), tapes[i], gy, node.activeInputs, ws);
    node.inputs.forEach((name, j) => {
      const t = node.activeInputs[j] ? addInto(G.get(name) ?? null, gx[j] ?? null) : null;
      if (t) G.set(name, t);
    });
  }
  const gradient = new Float64Array(g.P);
  for (const p of g.parameters) {
    const t = G.get(p.name);
    if (t) gradient.set(t.data, p.offset);
  }
  const hvp = (v: Float64Array): Float64Array => {
    const R = new Map<string, Tensor | null>(paramViews(g, v));
    g.nodes.forEach((node, i) => {
      if (!node.active) return;
      const rx = node.inputs.map((n, j) => (node.activeInputs[j] ? (R.get(n) ?? null) : null));
      R.set(node.output, node.kernel.rforward(inputsOf(node.inputs, values), rx, tapes[i]));
    });
    const RG = new Map<string, Tensor | null>();
    const rz = R.get(g.output) ?? null;
    if (rz) RG.set(g.output, head.rgrad(output, rz));
    for (let i = g.nodes.length - 1; i >= 0; i--) {
      const node = g.nodes[i];
      const gy = G.get(node.output);
      if (!node.active || !gy) continue;
      const want = node.activeInputs;
      const rx = node.inputs.map((n, j) => (want[j] ? (R.get(n) ?? null) : null));
      const rgx = node.kernel.rbackward(inputsOf(node.inputs, values), rx, tapes[i], gy, RG.get(node.output) ?? null, want);
      node.inputs.forEach((name, j) => {
        if (want[j]) RG.set(name, addInto(RG.get(name) ?? null, rgx[j] ?? null));
      });
    }
    const hv = new Float64Array(g.P);
    for (const p of g.parameters) {
      const r = RG.get(p.name);
      if (r) hv.set(r.data, p.offset);
    }
    return hv;
  };
  return { ...fw, loss, gradient, cotangents: G, hvp };
}

function inputsOf(names: string[], values: Map<string, Tensor>): Tensor[] {
  const xs = names.map((n) => (n === "" ? undefined : values.get(n)));
  // trailing absent optional inputs are dropped; kernels see the inputs that were given
  let n = xs.length;
  while (n > 0 && xs[n - 1] === undefined) n--;
  return xs.slice(0, n) as Tensor[];
}
