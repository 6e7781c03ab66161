// Every op's rules against finite differences: the gradient against central differences of the
// loss, and H·v (the R-ops of forward and backward) against central differences of the gradient
// along v, on small hand-made ONNX graphs (built with protobufjs) around each op.

import { describe, expect, it } from "vitest";
import type { ModelLossName } from "../../src/model/losses.js";
import type { ModelData } from "../../src/model/model.js";
import { graphModel } from "../../src/model/onnx-model.js";
import { loadOnnx } from "../../src/onnx/load.js";
import { buildOnnx, type Attr, type InitSpec, type NodeSpecT } from "../helpers/onnx-build.js";
import { relErr } from "../helpers/onnx-fixtures.js";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

const size = (d: number[]): number => d.reduce((a, b) => a * b, 1);
function init(name: string, dims: number[], r: () => number, scale = 1, shift = 0): InitSpec {
  return { name, dims, data: Array.from({ length: size(dims) }, () => shift + scale * r()) };
}

interface Case {
  name: string;
  sample: number[];
  nodes: NodeSpecT[];
  inits: (r: () => number) => InitSpec[];
  outputs: number;
  loss?: ModelLossName;
}

const gemmOut = (input: string, k: number, out: number, o: string): { nodes: NodeSpecT[]; inits: (r: () => number) => InitSpec[] } => ({
  nodes: [{ op: "Gemm", inputs: [input, `${o}.w`, `${o}.b`], output: o, attrs: { transB: { i: 1 } } }],
  inits: (r) => [init(`${o}.w`, [out, k], r), init(`${o}.b`, [out], r)],
});

/** x [N,3] → Gemm → OP → Gemm → 2 outputs. */
function unaryCase(op: string, attrs: Record<string, Attr> = {}, pre: NodeSpecT[] = []): Case {
  const head = gemmOut("a", 4, 2, "out");
  return {
    name: op,
    sample: [3],
    nodes: [{ op: "Gemm", inputs: ["x", "w", "b"], output: "h", attrs: { transB: { i: 1 } } }, ...pre, { op, inputs: [pre.length ? pre[pre.length - 1].output : "h"], output: "a", attrs }, ...head.nodes],
    inits: (r) => [init("w", [4, 3], r, 2), init("b", [4], r), ...head.inits(r)],
    outputs: 2,
  };
}

function binaryCase(op: string, reversed: boolean): Case {
  const head = gemmOut("a", 4, 2, "out");
  return {
    name: `${op}${reversed ? " (parameter first, broadcast [4])" : " (broadcast [1,4])"}`,
    sample: [3],
    nodes: [
      { op: "Gemm", inputs: ["x", "w", "b"], output: "h", attrs: { transB: { i: 1 } } },
      { op, inputs: reversed ? ["p", "h"] : ["h", "p"], output: "a" },
      ...head.nodes,
    ],
    inits: (r) => [init("w", [4, 3], r), init("b", [4], r), init("p", reversed ? [4] : [1, 4], r, 0.5, 1.5), ...head.inits(r)],
    outputs: 2,
  };
}

const CASES: Case[] = [
  ...["Relu", "Sigmoid", "Tanh", "Softplus", "Softsign", "Erf", "Neg", "Exp", "Abs"].map((op) => unaryCase(op)),
  unaryCase("LeakyRelu", { alpha: { f: 0.2 } }),
  unaryCase("Elu", { alpha: { f: 0.5 } }),
  unaryCase("Sqrt", {}, [{ op: "Softplus", inputs: ["h"], output: "sp" }]),
  ...["Add", "Sub", "Mul", "Div"].flatMap((op) => [binaryCase(op, false), binaryCase(op, true)]),
  {
    name: "Gemm transA, alpha, beta; MatMul + Add; Mul of two active values",
    sample: [3],
    nodes: ([
      { op: "Transpose", inputs: ["x"], output: "xt", attrs: { perm: { ints: [1, 0] } } },
      { op: "Gemm", inputs: ["xt", "w", "c"], output: "h", attrs: { transA: { i: 1 }, alpha: { f: 0.75 }, beta: { f: 1.25 } } },
      { op: "Tanh", inputs: ["h"], output: "t" },
      { op: "MatMul", inputs: ["t", "w2"], output: "m" },
      { op: "Add", inputs: ["m", "b2"], output: "mb" },
      { op: "Mul", inputs: ["mb", "t2"], output: "out" },
      { op: "Sigmoid", inputs: ["h2"], output: "t2" },
      { op: "MatMul", inputs: ["t", "w3"], output: "h2" },
    ] as NodeSpecT[]).sort((p, q) => ["xt", "h", "t", "h2", "t2", "m", "mb", "out"].indexOf(p.output) - ["xt", "h", "t", "h2", "t2", "m", "mb", "out"].indexOf(q.output)),
    inits: (r) => [init("w", [3, 4], r), init("c", [1, 4], r), init("w2", [4, 2], r), init("b2", [2], r), init("w3", [4, 2], r)],
    outputs: 2,
  },
  {
    name: "Conv (strides, asymmetric pads, dilations, depthwise groups), MaxPool, Flatten",
    sample: [2, 6, 6],
    nodes: [
      { op: "Conv", inputs: ["x", "cw", "cb"], output: "c1", attrs: { strides: { ints: [1, 2] }, pads: { ints: [1, 0, 2, 1] }, kernel_shape: { ints: [3, 3] } } },
      { op: "Tanh", inputs: ["c1"], output: "t1" },
      { op: "Conv", inputs: ["t1", "dw"], output: "c2", attrs: { group: { i: 3 }, dilations: { ints: [2, 1] } } },
      { op: "MaxPool", inputs: ["c2"], output: "p", attrs: { kernel_shape: { ints: [2, 2] }, strides: { ints: [1, 1] }, pads: { ints: [0, 1, 1, 0] } } },
      { op: "Flatten", inputs: ["p"], output: "f" },
      { op: "Gemm", inputs: ["f", "gw", "gb"], output: "out", attrs: { transB: { i: 1 } } },
    ],
    // c1: [3, 7, 3]; c2 (2×2 kernel dilated 2 by 1): [3, 5, 2]; pool: [3, 5, 2]
    inits: (r) => [init("cw", [3, 2, 3, 3], r), init("cb", [3], r), init("dw", [3, 1, 2, 2], r), init("gw", [2, 30], r, 0.5), init("gb", [2], r)],
    outputs: 2,
  },
  {
    name: "BatchNormalization (2-D and 4-D), Pad + AveragePool (both count_include_pad), GlobalAveragePool, Reshape, Concat",
    sample: [1, 4, 4],
    nodes: [
      { op: "Conv", inputs: ["x", "cw", "cb"], output: "c", attrs: { pads: { ints: [1, 1, 1, 1] } } },
      { op: "BatchNormalization", inputs: ["c", "s", "sb", "m", "v"], output: "bn", attrs: { epsilon: { f: 1e-3 } } },
      { op: "Softplus", inputs: ["bn"], output: "a" },
      { op: "Pad", inputs: ["a", "pads", "pv"], output: "pa" },
      { op: "AveragePool", inputs: ["pa"], output: "ap", attrs: { kernel_shape: { ints: [2, 2] }, strides: { ints: [2, 2] } } },
      { op: "AveragePool", inputs: ["a"], output: "aq", attrs: { kernel_shape: { ints: [3, 3] }, strides: { ints: [2, 2] }, pads: { ints: [1, 1, 1, 1] }, count_include_pad: { i: 1 } } },
      { op: "GlobalAveragePool", inputs: ["a"], output: "g" },
      { op: "Reshape", inputs: ["ap", "shape"], output: "r1" },
      { op: "Reshape", inputs: ["aq", "shape"], output: "r2" },
      { op: "Reshape", inputs: ["g", "shape"], output: "r3" },
      { op: "Concat", inputs: ["r1", "r2", "r3"], output: "cat", attrs: { axis: { i: 1 } } },
      { op: "BatchNormalization", inputs: ["cat", "s2", "sb2", "m2", "v2"], output: "bn2" },
      { op: "Gemm", inputs: ["bn2", "gw", "gb"], output: "out", attrs: { transB: { i: 1 } } },
    ],
    // c: [2,4,4]; pad 1 → [2,6,6] → ap [2,3,3] (18); aq [2,2,2] (8); g [2,1,1] (2): 28
    inits: (r) => [
      init("cw", [2, 1, 3, 3], r), init("cb", [2], r), init("s", [2], r, 0.5, 1), init("sb", [2], r), init("m", [2], r), init("v", [2], r, 0.5, 1),
      { name: "pads", dims: [8], data: [0, 0, 1, 1, 0, 0, 1, 1], type: "i64" }, { name: "pv", dims: [], data: [0.25] }, { name: "shape", dims: [2], data: [0, -1], type: "i64" },
      init("s2", [28], r, 0.5, 1), init("sb2", [28], r), init("m2", [28], r), init("v2", [28], r, 0.5, 1), init("gw", [3, 28], r, 0.5), init("gb", [3], r),
    ],
    outputs: 3,
  },
  {
    name: "trailing LogSoftmax with ce",
    sample: [3],
    loss: "ce",
    nodes: [...unaryCase("Tanh").nodes.slice(0, 2), { op: "Gemm", inputs: ["a", "w2", "b2"], output: "z", attrs: { transB: { i: 1 } } }, { op: "LogSoftmax", inputs: ["z"], output: "out", attrs: { axis: { i: 1 } } }],
    inits: (r) => [init("w", [4, 3], r, 2), init("b", [4], r), init("w2", [3, 4], r, 2), init("b2", [3], r)],
    outputs: 3,
  },
  {
    name: "one logit with bce; Unsqueeze, Squeeze, Identity, Dropout",
    sample: [3],
    loss: "bce",
    nodes: [
      ...unaryCase("Tanh").nodes.slice(0, 2),
      { op: "Unsqueeze", inputs: ["a", "ax"], output: "u" },
      { op: "Squeeze", inputs: ["u", "ax"], output: "sq" },
      { op: "Identity", inputs: ["sq"], output: "id" },
      { op: "Dropout", inputs: ["id"], output: "dr" },
      { op: "Gemm", inputs: ["dr", "w2", "b2"], output: "out", attrs: { transB: { i: 1 } } },
    ],
    inits: (r) => [init("w", [4, 3], r, 2), init("b", [4], r), { name: "ax", dims: [1], data: [2], type: "i64" }, init("w2", [1, 4], r, 2), init("b2", [1], r)],
    outputs: 1,
  },
];

function dataFor(c: Case, N: number, r: () => number): ModelData {
  const x = Float64Array.from({ length: N * size(c.sample) }, () => 2 * r());
  const loss = c.loss ?? "mse";
  const y = loss === "ce" ? Float64Array.from({ length: N }, (_, i) => i % c.outputs) : loss === "bce" ? Float64Array.from({ length: N }, (_, i) => i % 2) : Float64Array.from({ length: N * c.outputs }, () => r());
  return { x: { shape: [N, ...c.sample], data: x }, y, yShape: loss === "mse" ? [N, c.outputs] : [N], source: "test" };
}


describe.each(CASES)("$name", (c) => {
  const r = rng(c.name.length * 7919);
  const bytes = buildOnnx({ input: { name: "x", dims: ["N", ...c.sample] }, output: "out", nodes: c.nodes, inits: c.inits(r) });
  const model = graphModel(loadOnnx(bytes, c.name).graph);
  const data = dataFor(c, 5, r);
  const loss = c.loss ?? "mse";
  const theta = model.theta;
  const v = Float64Array.from({ length: model.P }, () => r());

  it("gradient = central differences of the loss", () => {
    const g = model.lossGradient(theta, data, loss).gradient;
    const h = 1e-6;
    const fd = new Float64Array(model.P);
    const t = Float64Array.from(theta);
    for (let i = 0; i < model.P; i++) {
      t[i] = theta[i] + h;
      const up = model.lossValue(t, data, loss);
      t[i] = theta[i] - h;
      const down = model.lossValue(t, data, loss);
      t[i] = theta[i];
      fd[i] = (up - down) / (2 * h);
    }
    expect(relErr(g, fd)).toBeLessThan(1e-6);
  });

  it("H·v = central differences of the gradient along v", () => {
    const hv = model.hessianVector(theta, v, data, loss).hv;
    const h = 1e-5;
    const up = model.lossGradient(theta.map((t, i) => t + h * v[i]), data, loss).gradient;
    const down = model.lossGradient(theta.map((t, i) => t - h * v[i]), data, loss).gradient;
    expect(relErr(hv, up.map((u, i) => (u - down[i]) / (2 * h)))).toBeLessThan(1e-6);
  });
});
