// The loss and gradient passes reuse their arrays between calls (graph/workspace.ts): the numbers
// are those of fresh arrays to the bit, at point after point, and what the workspace hands out is
// zeroed and bounded by one pass.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { workspace } from "../../src/graph/workspace.js";
import type { ModelLossName } from "../../src/model/losses.js";
import { npzData } from "../../src/model/model-data.js";
import { graphModel } from "../../src/model/onnx-model.js";
import { loadOnnx } from "../../src/onnx/load.js";

const file = (dir: string, name: string): string => fileURLToPath(new URL(`../fixtures/${dir}/${name}`, import.meta.url));
const bits = (a: Float64Array): number[] => Array.from(new Uint32Array(a.slice().buffer));

describe("workspace reuse in lossGradient and lossValue", () => {
  const cases: Array<[string, string, ModelLossName]> = [
    ["onnx", "digits-conv", "ce"],
    ["onnx", "cancer-bn", "bce"],
    ["onnx-ops", "cnn-bn-avgpool", "ce"],
    ["onnx-ops", "residual-logsoftmax", "ce"],
  ];
  for (const [dir, name, loss] of cases) {
    it(`${name}: the same bits as a pass on fresh arrays, call after call`, () => {
      const model = graphModel(loadOnnx(readFileSync(file(dir, `${name}.onnx`)), name).graph);
      const data = npzData(readFileSync(file(dir, `${name}.npz`)), name);
      const zero = new Float64Array(model.P);
      for (const s of [1, 1.05, 1, 0.9]) {
        const theta = model.theta.map((v) => v * s);
        // hessianVector's pass keeps fresh arrays (its H·v closure outlives the call)
        const fresh = model.hessianVector(theta, zero, data, loss);
        const r = model.lossGradient(theta, data, loss);
        expect(r.loss).toBe(fresh.loss);
        expect(bits(r.gradient)).toEqual(bits(fresh.gradient));
        expect(bits(r.output.data)).toEqual(bits(fresh.output.data));
        expect(model.lossValue(theta, data, loss)).toBe(fresh.loss);
      }
    });
  }
  it("hands out zeroed arrays, reuses them after a release, and keeps only what the last pass used", () => {
    const ws = workspace();
    const a = ws.f64(5);
    a.fill(7);
    const i = ws.i32(3);
    i.fill(-1);
    ws.release();
    const b = ws.f64(5);
    expect(b).toBe(a);
    expect(Array.from(b)).toEqual([0, 0, 0, 0, 0]);
    expect(ws.f64(5)).not.toBe(a);
    ws.release();
    // the i32 array was not taken in the last pass: dropped, so a new one comes back
    expect(ws.i32(3)).not.toBe(i);
    expect(Array.from(ws.i32(3))).toEqual([0, 0, 0]);
  });
  it("skips the zeroing for an array its taker overwrites in full", () => {
    const ws = workspace();
    ws.f64(4, true).fill(3);
    ws.release();
    const a = ws.f64(4, true);
    expect(Array.from(a)).toEqual([3, 3, 3, 3]);
    ws.release();
    expect(ws.f64(4)).toBe(a);
    expect(Array.from(a)).toEqual([0, 0, 0, 0]);
  });
});
