// Every supported op, through models exported by torch.onnx.export (opsets 13–17) by
// scripts/make-onnx-fixtures.py, against PyTorch's float64 autograd (ops-reference.json):
// parameters, loss, accuracy, gradient, H·v, the dense Hessian's extreme eigenvalues and trace,
// a 1-D slice and one epoch of SGD, to 1e-9 relative.

import { describe, expect, it } from "vitest";
import { hessianReportOf } from "../../src/curvature/report.js";
import { DEFAULT_DENSITY_OPTIONS } from "../../src/curvature/slq.js";
import { modelDenseHessian, modelHessianOperator, parameterBlocks } from "../../src/model/curvature.js";
import { readKeyed } from "../../src/formats/keyed-safetensors.js";
import { accuracyOf, type ModelLossName } from "../../src/model/losses.js";
import { checkData } from "../../src/model/onnx-model.js";
import { evaluateModelSlice } from "../../src/model/slice.js";
import { trainModel } from "../../src/model/train.js";
import { spectrumOf } from "../../src/nn/hessian.js";
import { fixtureDir, relErr } from "../helpers/onnx-fixtures.js";
import { loadOnnx } from "../../src/onnx/load.js";
import { encodeModelWith } from "../../src/onnx/save.js";

const { ref, read, load } = fixtureDir(new URL("../fixtures/onnx-ops/", import.meta.url), "ops-reference.json");


describe.each(Object.keys(ref))("%s (torch.onnx.export) against PyTorch float64", (name) => {
  const r = ref[name];
  const { loaded, model, data } = load(name);
  const graph = loaded.graph;
  const loss = r.loss as ModelLossName;
  const flat = (m: Record<string, number[]>): number[] => model.parameters.flatMap((p) => m[p.name]);

  it(`parameters in named_parameters() order (ops: ${r.ops.join(", ")})`, () => {
    expect(model.parameters.map((p) => ({ name: p.name, shape: p.shape, size: p.size }))).toEqual(r.parameters);
    expect(model.buffers.map((b) => b.name)).toEqual(r.buffers);
  });

  it("loss, accuracy, gradient, H·v, extreme eigenvalues and trace", () => {
    checkData(graph, data, loss);
    const v = readKeyed(read(`${name}-v.safetensors`), model.parameters, "v");
    const out = model.hessianVector(model.theta, v, data, loss);
    expect(Math.abs(out.loss - r.value) / Math.abs(r.value)).toBeLessThan(1e-10);
    const acc = accuracyOf(loss, out.output, data.y);
    if (r.accuracy === null) expect(acc).toBeNull();
    else expect(acc).toBeCloseTo(r.accuracy, 12);
    expect(relErr(out.gradient, flat(r.gradient))).toBeLessThan(1e-9);
    expect(relErr(out.hv, flat(r.hvp))).toBeLessThan(1e-9);
    const ev = Array.from(spectrumOf(modelDenseHessian(model, model.theta, data, loss), model.P).eigenvalues);
    expect(relErr(ev.slice(-3).reverse(), r.eig_top3)).toBeLessThan(1e-9);
    expect(relErr(ev.slice(0, 3), r.eig_bottom3)).toBeLessThan(1e-9);
    expect(Math.abs(ev.reduce((a, b) => a + b, 0) - r.trace) / Math.abs(r.trace)).toBeLessThan(1e-9);
  });

  it("per parameter tensor (hessian --per-layer): λ_max by Lanczos, the dense block's λ_max and trace, the block ESD inside its spectrum", () => {
    const density = { ...DEFAULT_DENSITY_OPTIONS, probes: 2, steps: 30 };
    const req = { top: 0, bottom: 0, vectors: false, traceProbes: 3, density, perLayer: true, exact: true, seed: 3 };
    const report = hessianReportOf(modelHessianOperator(model, model.theta, data, loss), () => modelDenseHessian(model, model.theta, data, loss), parameterBlocks(model), req);
    expect(report.perLayer!.map((l) => l.size)).toEqual(model.parameters.map((p) => p.size));
    report.perLayer!.forEach((l, i) => {
      const b = r.blocks[model.parameters[i].name];
      const scale = Math.max(Math.abs(b.lambda_max), Math.abs(b.lambda_min), 1e-300);
      expect(Math.abs(l.exact! - b.lambda_max) / scale).toBeLessThan(1e-9);
      expect(Math.abs(l.lambdaMax - b.lambda_max) / scale).toBeLessThan(1e-7);
      expect(Math.abs(l.trace!.exact! - b.trace) / scale).toBeLessThan(1e-9);
      for (const node of l.density!.nodes.flatMap((n) => Array.from(n))) {
        expect(node).toBeGreaterThanOrEqual(b.lambda_min - 1e-7 * scale);
        expect(node).toBeLessThanOrEqual(b.lambda_max + 1e-7 * scale);
      }
    });
  });

  it("a 1-D slice and one epoch of SGD", () => {
    const d = readKeyed(read(`${name}-d.safetensors`), model.parameters, "d");
    const sl = evaluateModelSlice(model, model.theta, d, null, data, loss, { alpha: { min: -1, max: 1, count: 5 }, beta: null });
    expect(relErr(sl.fields.loss.data, r.slice.values)).toBeLessThan(1e-9);
    const t = trainModel(model, model.theta, data, loss, { optimizer: "sgd", lr: 0.05, momentum: 0, nesterov: false, weightDecay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8, batchSize: 16, epochs: 1, schedule: { kind: "constant" }, shuffle: null, every: 0 });
    expect(Math.abs(t.finalLoss - r.sgd.final_loss) / r.sgd.final_loss).toBeLessThan(1e-9);
    expect(relErr(t.theta, flat(r.sgd.final))).toBeLessThan(1e-9);
  });
});

describe("initializers the exporter deduplicated (two untrained BatchNorms)", () => {
  it("are separate parameters and buffers, and --save-model writes each back under its own name", () => {
    const { loaded, model } = load("two-bn-untrained");
    expect([...loaded.untied.keys()].sort()).toEqual(["1.running_mean", "1.running_var", "4.bias", "4.running_mean", "4.running_var", "4.weight"]);
    const theta = model.theta.map((v, i) => v + 0.001 * (i + 1));
    const again = loadOnnx(encodeModelWith(loaded.proto, loaded.graph, theta, loaded.renamed, loaded.untied), "saved");
    expect(again.untied.size).toBe(0);
    expect(again.graph.nodes.some((n) => n.opType === "Identity")).toBe(false);
    expect(again.graph.parameters).toEqual(loaded.graph.parameters);
    expect(Array.from(again.graph.theta)).toEqual(Array.from(theta));
    expect(again.graph.buffers).toEqual(loaded.graph.buffers);
    // attributes go back with the fields they had (no proto2 defaults written: onnx.checker rejects those)
    const fields = (m: typeof loaded) => m.proto.graph!.node.filter((n) => n.opType !== "Identity").map((n) => n.attribute.map((a) => Object.keys(a).filter((k) => (a as any)[k] !== undefined && !(Array.isArray((a as any)[k]) && (a as any)[k].length === 0)).sort()));
    expect(fields(again)).toEqual(fields(loaded));
  });
});

