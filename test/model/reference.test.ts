// The three PyTorch-exported models of test/fixtures/onnx reproduce PyTorch's float64 autograd
// numbers (reference.json, made by make_examples.py there): loss, accuracy, gradient and H·v by
// parameter name, the parameter list, to 1e-9 relative.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadOnnx } from "../../src/onnx/load.js";
import { graphModel, checkData } from "../../src/model/onnx-model.js";
import { npzData } from "../../src/model/model-data.js";
import { readKeyed } from "../../src/model/keyed.js";
import { accuracyOf, type ModelLossName } from "../../src/model/losses.js";
import { tensorsByName } from "../../src/model/model.js";

const dir = new URL("../fixtures/onnx/", import.meta.url);
const ref = JSON.parse(readFileSync(new URL("reference.json", dir), "utf8")) as Record<string, any>;
const read = (f: string): Uint8Array => readFileSync(new URL(f, dir));

export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

describe.each(Object.keys(ref))("%s against PyTorch float64", (name) => {
  const r = ref[name];
  const { graph } = loadOnnx(read(`${name}.onnx`), `${name}.onnx`);
  const model = graphModel(graph);
  const data = npzData(read(`${name}.npz`), `${name}.npz`);
  const loss = r.loss as ModelLossName;

  it("lists the parameters in named_parameters() order and the buffers", () => {
    expect(model.parameters.map((p) => ({ name: p.name, shape: p.shape, size: p.size }))).toEqual(r.parameters);
    expect(model.P).toBe(r.P);
    expect(model.buffers.map((b) => b.name)).toEqual(r.buffers);
  });

  it("loss, accuracy, gradient and H·v", () => {
    checkData(graph, data, loss);
    const v = readKeyed(read(`${name}-v.safetensors`), model.parameters, "v");
    const out = model.hessianVector(model.theta, v, data, loss);
    expect(Math.abs(out.loss - r.value) / Math.abs(r.value)).toBeLessThan(1e-12);
    expect(accuracyOf(loss, out.output, data.y)).toBeCloseTo(r.accuracy, 14);
    const g = tensorsByName(model, out.gradient);
    const h = tensorsByName(model, out.hv);
    const flatRef = (m: Record<string, number[]>): number[] => model.parameters.flatMap((p) => m[p.name]);
    expect(relErr(out.gradient, flatRef(r.gradient))).toBeLessThan(1e-10);
    expect(relErr(out.hv, flatRef(r.hvp))).toBeLessThan(1e-10);
    expect(g.size).toBe(h.size);
  });
});
