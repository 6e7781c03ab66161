// The three PyTorch-exported models of test/fixtures/onnx reproduce PyTorch's float64 autograd
// numbers (reference.json, made by make_examples.py there): loss, accuracy, gradient and H·v by
// parameter name, the parameter list, to 1e-9 relative.

import { describe, expect, it } from "vitest";
import { checkData } from "../../src/model/onnx-model.js";
import { readKeyed } from "../../src/formats/keyed-safetensors.js";
import { accuracyOf, type ModelLossName } from "../../src/model/losses.js";
import { tensorsByName } from "../../src/model/model.js";
import { modelDenseHessian } from "../../src/model/curvature.js";
import { spectrumOf } from "../../src/nn/hessian.js";
import { fixtureDir, relErr } from "../helpers/onnx-fixtures.js";
import { evaluateModelSlice } from "../../src/model/slice.js";
import { trainModel } from "../../src/model/train.js";

const { ref, read, load } = fixtureDir(new URL("../fixtures/onnx/", import.meta.url), "reference.json");


describe.each(Object.keys(ref))("%s against PyTorch float64", (name) => {
  const r = ref[name];
  const { loaded, model, data } = load(name);
  const graph = loaded.graph;
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

  it("the dense Hessian's extreme eigenvalues and trace", () => {
    const s = spectrumOf(modelDenseHessian(model, model.theta, data, loss), model.P);
    const ev = Array.from(s.eigenvalues);
    expect(relErr(ev.slice(-3).reverse(), r.eig_top3)).toBeLessThan(1e-10);
    expect(Math.abs(ev[0] - r.eig_min) / Math.abs(r.eig_min)).toBeLessThan(1e-10);
    expect(Math.abs(s.trace - r.trace) / Math.abs(r.trace)).toBeLessThan(1e-10);
  });

  it("the 1-D slice along the reference direction, and 2 epochs of SGD", () => {
    const d = readKeyed(read(`${name}-d.safetensors`), model.parameters, "d");
    const sl = evaluateModelSlice(model, model.theta, d, null, data, loss, { alpha: { min: -1, max: 1, count: 5 }, beta: null });
    expect(relErr(sl.fields.loss.data, r.slice.values)).toBeLessThan(1e-10);
    const t = trainModel(model, model.theta, data, loss, { optimizer: "sgd", lr: 0.05, momentum: 0, nesterov: false, weightDecay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, batchSize: 64, epochs: 2, schedule: { kind: "constant" }, shuffle: null, every: 0 });
    expect(Math.abs(t.finalLoss - r.sgd.final_loss) / r.sgd.final_loss).toBeLessThan(1e-10);
    expect(relErr(t.epochs.map((e) => e.meanBatchLoss), r.sgd.epoch_mean_loss)).toBeLessThan(1e-10);
    expect(relErr(t.theta, model.parameters.flatMap((p) => r.sgd.final[p.name]))).toBeLessThan(1e-10);
  });
});
