// A model slice on worker threads (slice-parallel.ts, workers from dist/model/slice-worker.js)
// gives evaluateModelSlice's fields to the bit, for a CNN with max pooling and an MLP with
// BatchNorm; a range is handed over in order, a row's worth at a time, and a stop hands over a
// prefix; a worker that cannot load the model fails the call with its message.

import { describe, expect, it } from "vitest";
import { evaluateModelSlice } from "../../src/model/slice.js";
import { evaluateModelSliceParallel, evaluateModelSliceRangeParallel } from "../../src/model/slice-parallel.js";
import { randomDirections } from "../../src/slices/directions.js";
import { fixtureDir } from "../helpers/onnx-fixtures.js";

const { read, load } = fixtureDir(new URL("../fixtures/onnx/", import.meta.url), "reference.json");

describe("evaluateModelSliceParallel", () => {
  for (const [name, loss] of [["digits-conv", "ce"], ["cancer-bn", "bce"]] as const) {
    it(`${name}: the fields of the one-thread slice, bit for bit, with progress by rows`, async () => {
      const { model, data } = load(name);
      const [d1, d2] = randomDirections(model.P, 2, 3);
      const spec = { alpha: { min: -1, max: 1, count: 5 }, beta: { min: -0.5, max: 0.5, count: 7 } };
      const want = evaluateModelSlice(model, model.theta, d1, d2, data, loss, spec);
      const rows: number[] = [];
      const got = await evaluateModelSliceParallel({ bytes: read(`${name}.onnx`), source: name }, model, model.theta, d1, d2, data, loss, spec, {
        threads: 3, minPoints: 1, onRow: (done, total) => (expect(total).toBe(7), rows.push(done)),
      });
      for (const f of ["loss", "accuracy", "gradNorm"] as const) expect(Array.from(got.fields[f].data)).toEqual(Array.from(want.fields[f].data));
      expect(Array.from(got.alpha)).toEqual(Array.from(want.alpha));
      expect(Array.from(got.beta)).toEqual(Array.from(want.beta));
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r >= 1 && r <= 7)).toBe(true);
    }, 60_000);
  }
  it("a range from mid-row to mid-row: the blocks in order, a row's worth at a time; a stop hands over a prefix", async () => {
    const { model, data } = load("digits-conv");
    const [d1, d2] = randomDirections(model.P, 2, 4);
    const spec = { alpha: { min: -1, max: 1, count: 4 }, beta: { min: -1, max: 1, count: 30 } };
    const onnx = { bytes: read("digits-conv.onnx"), source: "digits-conv" };
    const want = evaluateModelSlice(model, model.theta, d1, d2, data, "ce", spec);
    const got: Array<[number, number[]]> = [];
    await evaluateModelSliceRangeParallel(onnx, model, model.theta, d1, d2, data, "ce", spec, { start: 6, end: 111 }, (at, v) => got.push([at, Array.from(v[0])]), () => false, { threads: 2, minPoints: 1 });
    expect(got.map(([at]) => at)).toEqual([6, ...Array.from({ length: 26 }, (_, i) => 8 + 4 * i), 112].slice(0, 27));
    expect(got.flatMap(([, v]) => v)).toEqual(Array.from(want.fields.loss.data.subarray(6, 111)));
    let calls = 0;
    const some: number[] = [];
    await evaluateModelSliceRangeParallel(onnx, model, model.theta, d1, d2, data, "ce", spec, { start: 0, end: 120 }, (at) => some.push(at), () => ++calls > 3, { threads: 2, minPoints: 1 });
    expect(some.length).toBeLessThan(30);
    expect(some).toEqual(Array.from({ length: some.length }, (_, i) => 4 * i));
  }, 60_000);
  it("a worker that cannot load the model fails the call, naming the worker", async () => {
    const { model, data } = load("digits-conv");
    const [d1, d2] = randomDirections(model.P, 2, 3);
    const spec = { alpha: { min: -1, max: 1, count: 3 }, beta: { min: -1, max: 1, count: 40 } };
    await expect(evaluateModelSliceParallel({ bytes: Uint8Array.of(1, 2, 3), source: "broken.onnx" }, model, model.theta, d1, d2, data, "ce", spec, { threads: 2, minPoints: 1 })).rejects.toThrow(/slice worker 1: .*broken\.onnx/);
  }, 60_000);
});
