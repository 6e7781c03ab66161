// Sharpness and mode connectivity on ONNX models against PyTorch float64 autograd
// (scripts/make-geometry-fixtures.py): a CNN with BatchNorm (ce) and a P = 7 MLP (bce). The
// model objective's loss and gradient at A + δ, the loss along the straight line (train and
// test), on the Bezier and polychain curves at a given bend, λ_max and the trace at A; Keskar
// sharpness against the box corners (P = 7); the library call stops on its signal (the CLI runs: model-geometry-cli.slow.test.ts).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharpness } from "../../src/api/sharpness.js";
import { extremeEigen } from "../../src/curvature/extreme-eigen.js";
import { modelObjective } from "../../src/geometry/model-objective.js";
import { curvePath, linearPath, profile } from "../../src/geometry/paths.js";
import { worstCaseSharpness } from "../../src/geometry/sharpness.js";
import { readKeyed } from "../../src/formats/keyed-safetensors.js";
import { npzData } from "../../src/model/model-data.js";
import { graphModel } from "../../src/model/onnx-model.js";
import { loadOnnx } from "../../src/onnx/load.js";

const DIR = "test/fixtures/geometry-onnx";
const ref = JSON.parse(readFileSync(`${DIR}/reference.json`, "utf8"));

function fixture(name: "cnn" | "mlp") {
  const model = graphModel(loadOnnx(readFileSync(`${DIR}/${name}.onnx`), name).graph);
  const keyed = (k: string) => readKeyed(readFileSync(`${DIR}/${name}-${k}.safetensors`), model.parameters, k);
  const data = npzData(readFileSync(`${DIR}/${name}.npz`), `${DIR}/${name}.npz`);
  const test = npzData(readFileSync(`${DIR}/${name}-test.npz`), `${DIR}/${name}-test.npz`);
  const loss = ref[name].loss as "ce" | "bce";
  return { model, data, test, loss, a: keyed("a"), b: keyed("b"), delta: keyed("delta"), bend: keyed("bend"), ref: ref[name] };
}

const close = (got: number, want: number, rel = 1e-10): void => expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(1e-3, Math.abs(want)));

describe.each(["cnn", "mlp"] as const)("model objective of %s against PyTorch float64", (name) => {
  const f = fixture(name);
  const obj = modelObjective(f.model, f.data, f.loss);

  it("L(A + δ) and its gradient", () => {
    const g = new Float64Array(obj.size);
    const l = obj.lossGrad(f.a.map((v, i) => v + f.delta[i]), g);
    close(l, f.ref.delta.loss);
    expect(obj.loss(f.a.map((v, i) => v + f.delta[i]))).toBe(l);
    const gmax = Math.max(...f.ref.delta.gradient.map(Math.abs));
    g.forEach((v, i) => expect(Math.abs(v - f.ref.delta.gradient[i])).toBeLessThanOrEqual(1e-10 * gmax));
  });

  it("the loss and accuracy along (1 − t)A + tB, on the training and the test data", () => {
    const p = profile(obj, linearPath(f.a, f.b), f.ref.t);
    p.loss.forEach((l, i) => close(l, f.ref.linear.loss[i]));
    expect(p.accuracy).toEqual(f.ref.linear.accuracy);
    const q = profile(modelObjective(f.model, f.test, f.loss), linearPath(f.a, f.b), f.ref.t);
    q.loss.forEach((l, i) => close(l, f.ref.linear.test[i]));
  });

  it("the Bezier and polychain curves' loss at a given bend", () => {
    for (const kind of ["bezier", "polychain"] as const) {
      const p = profile(obj, curvePath(kind, f.a, f.bend, f.b), f.ref.t);
      p.loss.forEach((l, i) => close(l, f.ref[kind][i]));
    }
  });

  it("λ_max by Lanczos on the exact H·v, and the trace from P products", () => {
    const H = obj.hessian(f.a);
    const e = extremeEigen(H, { top: 1, bottom: 0, vectors: false, seed: 0 });
    close(e.top.values[0], f.ref.lambdaMax, 1e-8);
    let trace = 0;
    const v = new Float64Array(obj.size), hv = new Float64Array(obj.size);
    for (let i = 0; i < obj.size; i++) {
      v.fill(0);
      v[i] = 1;
      H.apply(v, hv);
      trace += hv[i];
    }
    close(trace, f.ref.trace, 1e-9);
  });
});

describe("sharpness on an ONNX model", () => {
  it("Keskar's maximum on the P = 7 MLP is at least the maximum over the box's 128 corners", () => {
    const f = fixture("mlp");
    const obj = modelObjective(f.model, f.data, f.loss);
    for (const eps of [0.05, 0.3]) {
      const bound = Float64Array.from(f.a, (t) => eps * (Math.abs(t) + 1));
      let corners = -Infinity;
      const p = new Float64Array(7);
      for (let mask = 0; mask < 128; mask++) {
        for (let i = 0; i < 7; i++) p[i] = f.a[i] + ((mask >> i) & 1 ? bound[i] : -bound[i]);
        corners = Math.max(corners, obj.loss(p));
      }
      const r = worstCaseSharpness(obj, f.a, { kind: "keskar", radius: eps, subspace: null, restarts: 6, iterations: 200, tol: 1e-12, seed: 1 });
      expect(r.maxLoss).toBeGreaterThanOrEqual(corners - 1e-12);
      for (let i = 0; i < 7; i++) expect(Math.abs(r.delta![i])).toBeLessThanOrEqual(bound[i] * (1 + 1e-15));
      expect(obj.loss(f.a.map((t, i) => t + r.delta![i]))).toBe(r.maxLoss);
    }
  });

  it("stops when its signal is aborted", async () => {
    const f = fixture("mlp");
    const ac = new AbortController();
    ac.abort();
    await expect(sharpness(f.model, f.data, {}, { signal: ac.signal })).rejects.toThrow(/abort/i);
  });

});
