// Today's MLPs through the Model interface give the nn engine's numbers bit for bit, and an MLP
// exported as ONNX (the same weights, Gemm + Tanh + Gemm) gives the same loss, gradient and H·v
// through the graph engine: two implementations of one interface.

import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/init/random.js";
import { mlpModel } from "../../src/model/mlp-model.js";
import { graphModel } from "../../src/model/onnx-model.js";
import type { ModelData } from "../../src/model/model.js";
import { evaluateNetwork } from "../../src/nn/forward.js";
import { hessianVector } from "../../src/nn/hvp.js";
import { initializeNetwork } from "../../src/nn/init.js";
import { loadOnnx } from "../../src/onnx/load.js";
import { buildOnnx } from "../helpers/onnx-build.js";

describe("the MLP adapter and the graph engine agree", () => {
  const arch = { inputs: 3, hidden: [5, 4], activation: "tanh" as const };
  const r = seededRandom(3);
  const N = 20;
  const x = Float64Array.from({ length: N * 3 }, () => 2 * r() - 1);
  const y = Float64Array.from({ length: N }, (_, i) => i % 2);
  const table = { x, y, inputs: 3, source: "test" };
  const theta = initializeNetwork(arch, { kind: "he" }, seededRandom(1), 1, table).theta;
  const data: ModelData = { x: { shape: [N, 3], data: x }, y, yShape: [N], source: "test" };
  const v = Float64Array.from({ length: theta.length }, () => r());
  const mlp = mlpModel(arch, theta);

  it("the adapter returns the nn engine's numbers exactly", () => {
    const a = mlp.hessianVector(theta, v, data, "bce");
    const p = evaluateNetwork(arch, theta, table, "bce");
    expect(a.loss).toBe(p.loss);
    expect(Array.from(a.gradient)).toEqual(Array.from(p.grad));
    expect(Array.from(a.hv)).toEqual(Array.from(hessianVector(arch, theta, table, "bce", v, "reference")));
    expect(mlp.parameters.map((q) => q.name)).toEqual(["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.2.weight", "layers.2.bias"]);
  });

  it("the same MLP as an ONNX graph gives the same bce loss, gradient and H·v", () => {
    const inits = mlp.parameters.map((q) => ({ name: q.name, dims: q.shape, data: theta.subarray(q.offset, q.offset + q.size) }));
    const gemm = (k: number, input: string, output: string) => ({ op: "Gemm", inputs: [input, `layers.${k}.weight`, `layers.${k}.bias`], output, attrs: { transB: { i: 1 } } });
    const bytes = buildOnnx({
      input: { name: "x", dims: ["N", 3] },
      output: "out",
      nodes: [gemm(0, "x", "z0"), { op: "Tanh", inputs: ["z0"], output: "a0" }, gemm(1, "a0", "z1"), { op: "Tanh", inputs: ["z1"], output: "a1" }, gemm(2, "a1", "out")],
      inits,
    });
    const g = graphModel(loadOnnx(bytes, "mlp").graph);
    const a = mlp.hessianVector(theta, v, data, "bce");
    const b = g.hessianVector(theta, v, data, "bce");
    expect(g.parameters).toEqual(mlp.parameters);
    expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-14);
    for (let i = 0; i < theta.length; i++) {
      expect(Math.abs(a.gradient[i] - b.gradient[i])).toBeLessThan(1e-13);
      expect(Math.abs(a.hv[i] - b.hv[i])).toBeLessThan(1e-12);
    }
  });
});
