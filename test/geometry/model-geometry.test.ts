// Sharpness and mode connectivity on ONNX models against PyTorch float64 autograd
// (scripts/make-geometry-fixtures.py): a CNN with BatchNorm (ce) and a P = 7 MLP (bce). The
// model objective's loss and gradient at A + δ, the loss along the straight line (train and
// test), on the Bezier and polychain curves at a given bend, λ_max and the trace at A; Keskar
// sharpness against the box corners (P = 7); the library call stops on its signal (the CLI runs: model-geometry-cli.slow.test.ts).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { connect, connectReportOf } from "../../src/api/connect.js";
import { sharpness } from "../../src/api/sharpness.js";
import { extremeEigen } from "../../src/curvature/extreme-eigen.js";
import { weightMatching } from "../../src/geometry/align.js";
import { modelObjective } from "../../src/geometry/model-objective.js";
import { permuteHidden } from "../../src/geometry/permute.js";
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

describe.each(["cnn", "mlp"] as const)("connect on the %s model", (name) => {
  const f = fixture(name);

  it("the straight line's loss (train and test) is PyTorch's at t = 0, ¼, ½, ¾, 1", async () => {
    const r = await connect(f.model, f.data, f.a, f.b, { points: 5, curve: "none", testData: f.test });
    const at = [0, 2, 3, 4, 6];
    r.linear.loss.forEach((l, i) => close(l, f.ref.linear.loss[at[i]]));
    r.linear.test!.loss.forEach((l, i) => close(l, f.ref.linear.test[at[i]]));
    close(r.a.loss, f.ref.lossA);
    close(r.b.loss, f.ref.lossB);
    expect(r.model.loss).toBe(f.loss);
  });

  it("the barrier is the brute-force maximum above the chord over the same dense t", async () => {
    const points = 401;
    const r = await connect(f.model, f.data, f.a, f.b, { points, curve: "none", loss: f.loss });
    const p = new Float64Array(f.model.P);
    let best = -Infinity, at = -1;
    const la = f.model.lossValue(f.a, f.data, f.loss), lb = f.model.lossValue(f.b, f.data, f.loss);
    for (let i = 0; i < points; i++) {
      const t = i / (points - 1);
      for (let k = 0; k < p.length; k++) p[k] = (1 - t) * f.a[k] + t * f.b[k];
      const h = f.model.lossValue(p, f.data, f.loss) - ((1 - t) * la + t * lb);
      if (h > best) [best, at] = [h, t];
    }
    close(r.linear.barrier.height, best, 1e-9);
    expect(r.linear.barrier.t).toBe(at);
  });

  it("trains the bend with torch.optim's rules: Bezier by Adam, polychain by SGD with momentum, as PyTorch does", async () => {
    for (const [curve, optimizer, lr] of [["bezier", "adam", 0.01], ["polychain", "momentum", 0.05]] as const) {
      const { report } = await connectReportOf(f.model, f.data, f.a, f.b, { curve, optimizer, lr, momentum: 0.9, steps: 6, seed: 0, bend: f.bend, points: 11 });
      const want = f.ref.trained[curve];
      expect(report.curve!.history.map((h) => h.t)).toEqual(f.ref.bendTimes);
      report.curve!.history.forEach((h, i) => close(h.loss, want.history[i]));
      const scale = Math.max(...want.bend.map(Math.abs));
      report.curve!.bend.forEach((v, i) => expect(Math.abs(v - want.bend[i])).toBeLessThanOrEqual(1e-10 * scale));
      // The reported curve is the trained bend's: its loss at each t is the model's there.
      const point = new Float64Array(f.model.P);
      curvePath(curve, f.a, report.curve!.bend, f.b)(report.curve!.t[3], point);
      expect(report.curve!.loss[3]).toBe(modelObjective(f.model, f.data, f.loss).evaluate(point).loss);
    }
  });
});

describe("weight matching on an ONNX chain of nn.Linear layers", () => {
  const f = fixture("mlp");
  const arch = { inputs: 1, hidden: [2], activation: "tanh" as const };

  it("finds the permutation of a permuted copy of A: zero barrier after alignment", async () => {
    const b = permuteHidden(arch, f.a, [Int32Array.of(1, 0)]);
    const r = await connect(f.model, f.data, f.a, b, { align: "weights", curve: "none", points: 21 });
    expect(r.alignment!.permutations).toEqual([[1, 0]]);
    expect(r.aligned!.barrier.height).toBe(0);
    expect(r.linear.barrier.height).toBeGreaterThan(0);
  });

  it("matches as the MLP path does on the same network (the file is a 1-2-1 tanh MLP)", async () => {
    const r = await connect(f.model, f.data, f.a, f.b, { align: "weights", curve: "none", points: 5 });
    const w = weightMatching(arch, f.a, f.b, 0);
    expect(r.alignment!.permutations).toEqual(w.perms.map((p) => Array.from(p)));
    expect(r.alignment!.after).toBe(w.after);
  });

  it("refuses a model with convolutions, naming the node", async () => {
    const c = fixture("cnn");
    await expect(connect(c.model, c.data, c.a, c.b, { align: "weights" })).rejects.toThrow(/convolutions .*not supported yet/);
  });
});

describe("connect's library call", () => {
  it("refuses what it cannot do, before any work", async () => {
    const f = fixture("mlp");
    await expect(connect(f.model, f.data, f.a, f.b, { align: "activations" })).rejects.toThrow(/not supported yet/);
    await expect(connect(f.model, f.data, f.a, f.b.subarray(1))).rejects.toThrow(/B 6/);
    await expect(connect(f.model, f.data, f.a, f.b, { bend: new Float64Array(3) })).rejects.toThrow(/bend has 3/);
  });
});
