// Li et al.'s filter normalization on a model's tensors: every Conv output channel and every Gemm
// row of the direction gets θ*'s norm; 1-D tensors are zeroed (biasbn) or set to θ* (keep).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { normalizeModelDirection } from "../../src/model/directions.js";
import { randomDirections } from "../../src/slices/directions.js";
import { loadOnnx } from "../../src/onnx/load.js";
import { graphModel } from "../../src/model/onnx-model.js";
import { npzData } from "../../src/model/model-data.js";
import { evaluateModelSlice } from "../../src/model/slice.js";

const dir = new URL("../fixtures/onnx/", import.meta.url);
const model = graphModel(loadOnnx(readFileSync(new URL("digits-conv.onnx", dir)), "cnn").graph);
const norm = (v: Float64Array, a: number, b: number): number => Math.hypot(...v.subarray(a, b));

describe("filter-normalized directions for a CNN", () => {
  const [d] = randomDirections(model.P, 1, 4);
  const theta = model.theta;

  it("each Conv output channel and each Gemm row has θ*'s norm; biases follow the bias rule", () => {
    const z = normalizeModelDirection(model.parameters, theta, d, "filter", "zero");
    for (const p of model.parameters) {
      if (p.shape.length < 2) {
        expect(Array.from(z.subarray(p.offset, p.offset + p.size)).every((x) => x === 0)).toBe(true);
        continue;
      }
      const len = p.size / p.shape[0];
      for (let r = 0; r < p.shape[0]; r++) {
        const a = p.offset + r * len;
        expect(norm(z, a, a + len)).toBeCloseTo(norm(theta, a, a + len), 8);
      }
    }
    const k = normalizeModelDirection(model.parameters, theta, d, "filter", "keep");
    const bias = model.parameters.find((p) => p.name === "0.bias")!;
    expect(Array.from(k.subarray(bias.offset, bias.offset + bias.size))).toEqual(Array.from(theta.subarray(bias.offset, bias.offset + bias.size)));
  });

  it("a 2-D slice is centred on θ* and its axes are the two directions", () => {
    const data = npzData(readFileSync(new URL("digits-conv.npz", dir)), "digits");
    const [a, b] = randomDirections(model.P, 2, 5).map((x) => normalizeModelDirection(model.parameters, theta, x, "filter", "zero"));
    const s = evaluateModelSlice(model, theta, a, b, data, "ce", { alpha: { min: -1, max: 1, count: 3 }, beta: { min: -1, max: 1, count: 3 } });
    expect(s.fields.loss.data[4]).toBeCloseTo(model.lossValue(theta, data, "ce"), 14);
    expect(s.fields.loss.data[5]).toBeCloseTo(model.lossValue(theta.map((t, i) => t + a[i]), data, "ce"), 14);
    expect(s.fields.loss.data[7]).toBeCloseTo(model.lossValue(theta.map((t, i) => t + b[i]), data, "ce"), 14);
  });
});
