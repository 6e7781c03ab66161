// train --model --save-trajectory (keyed safetensors) and slice --model --directions pca on it.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readKeyed } from "../../src/formats/keyed-safetensors.js";
import { graphModel } from "../../src/model/onnx-model.js";
import { readKeyedTrajectory, writeKeyedTrajectory } from "../../src/formats/keyed-trajectory.js";
import { symmetricEigenvalues } from "../../src/nn/symmetric-eigen.js";
import { loadOnnx } from "../../src/onnx/load.js";
import { runCli } from "../run-cli.js";

const fx = fileURLToPath(new URL("../fixtures/onnx/", import.meta.url));
const bn = ["--model", join(fx, "cancer-bn.onnx"), "--data", join(fx, "cancer-bn.npz"), "--loss", "bce"];
const model = graphModel(loadOnnx(readFileSync(join(fx, "cancer-bn.onnx")), "cancer-bn.onnx").graph);
const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i], 0);

function run(args: string[]): string {
  const r = runCli(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}

describe("keyed trajectories", () => {
  it("round-trip: one [T, ...shape] tensor per parameter name, steps in the metadata", () => {
    const pts = [0, 1, 2].map((t) => model.theta.map((v, i) => v + t * 0.01 * (i % 7)));
    const back = readKeyedTrajectory(writeKeyedTrajectory(pts, [0, 5, 7], 5, model.parameters), model.parameters, "t");
    expect(back.steps).toEqual([0, 5, 7]);
    expect(back.every).toBe(5);
    expect(back.points.map((p) => Array.from(p))).toEqual(pts.map((p) => Array.from(p)));
    const wrong = writeKeyedTrajectory(pts, [0, 5, 7], 5, model.parameters.slice(1));
    expect(() => readKeyedTrajectory(wrong, model.parameters, "t")).toThrow(/missing 0\.weight/);
  });

  it("train writes start, every K-th step and the final point; slice --directions pca reads it", () => {
    const dir = mkdtempSync(join(tmpdir(), "onnx-traj-"));
    const traj = join(dir, "traj.safetensors");
    const params = join(dir, "final.safetensors");
    run(["train", ...bn, "--optimizer", "adam", "--lr", "0.01", "--epochs", "3", "--every", "2", "--save-trajectory", traj, "--save-params", params, "--dtype", "f64"]);
    const t = readKeyedTrajectory(readFileSync(traj), model.parameters, traj);
    // 285 samples in batches of 64: 5 steps an epoch, 15 in all
    expect(t.steps).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 15]);
    expect(Array.from(t.points[0])).toEqual(Array.from(model.theta));
    const final = readKeyed(readFileSync(params), model.parameters, params);
    expect(Array.from(t.points[t.points.length - 1])).toEqual(Array.from(final));

    const doc = JSON.parse(run(["slice", ...bn, "--directions", "pca", "--trajectory", traj, "--alpha=-1:1:3", "--beta=-1:1:3", "--format", "json"]));
    expect(doc.center).toBe("the trajectory's last point");
    const d1 = Float64Array.from(doc.directions.d1), d2 = Float64Array.from(doc.directions.d2);
    // unit, orthogonal, and zero on the 1-D tensors (biases, BatchNorm scale and shift) under --bias-directions zero
    expect(dot(d1, d1)).toBeCloseTo(1, 12);
    expect(dot(d2, d2)).toBeCloseTo(1, 12);
    expect(Math.abs(dot(d1, d2))).toBeLessThan(1e-10);
    for (const p of model.parameters) if (p.shape.length < 2) for (let i = p.offset; i < p.offset + p.size; i++) expect(d1[i]).toBe(0);
    // explained variance ratios against the dense Gram matrix of the centred, masked points
    const T = t.points.length, P = model.P, last = t.points[T - 1];
    const mask = new Float64Array(P).fill(1);
    for (const p of model.parameters) if (p.shape.length < 2) mask.fill(0, p.offset, p.offset + p.size);
    const mean = new Float64Array(P);
    for (const q of t.points) for (let i = 0; i < P; i++) mean[i] += (q[i] - last[i]) / T;
    const X = t.points.map((q) => q.map((v, i) => (v - last[i] - mean[i]) * mask[i]));
    const gram = new Float64Array(T * T);
    for (let a = 0; a < T; a++) for (let b = 0; b < T; b++) gram[a * T + b] = dot(X[a], X[b]);
    const ev = Array.from(symmetricEigenvalues(gram, T)).sort((a, b) => b - a);
    const total = ev.reduce((s, v) => s + v, 0);
    expect(doc.directions.explainedVarianceRatio[0]).toBeCloseTo(ev[0] / total, 10);
    expect(doc.directions.explainedVarianceRatio[1]).toBeCloseTo(ev[1] / total, 10);
    // the projected path: one point per saved step, ending at the center
    expect(doc.trajectory.map((p: { step: number }) => p.step)).toEqual(t.steps);
    const end = doc.trajectory[T - 1];
    expect([end.alpha, end.beta, end.offPlane]).toEqual([0, 0, 0]);
    const diff = t.points[0].map((v, i) => v - last[i]);
    expect(doc.trajectory[0].alpha).toBeCloseTo(dot(diff, d1), 10);
    expect(doc.trajectory[0].beta).toBeCloseTo(dot(diff, d2), 10);
  });

  it("pca without --trajectory, and --every without --save-trajectory, are refused", () => {
    const a = runCli(["slice", ...bn, "--directions", "pca", "--alpha=-1:1:3", "--beta=-1:1:3"]);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/--directions pca needs --trajectory FILE/);
    const b = runCli(["train", ...bn, "--every", "2"]);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/--every applies only with --save-trajectory/);
  });
});
