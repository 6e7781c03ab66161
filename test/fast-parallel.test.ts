// The threaded grid evaluator: identical to the single-thread kernel bit for bit
// whatever the thread count and split, and the CLI exits when a grid has used the pool.

import { afterAll, describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { evaluateGridFast } from "../src/fast/grid-fast.js";
import { evaluateGridParallel } from "../src/fast/grid-parallel.js";
import { createKernelPool } from "../src/fast/pool.js";
import { FIELD_NAMES } from "../src/numerics/grid.js";
import { runCli } from "./run-cli.js";

const pool = createKernelPool({ threads: 2 });
afterAll(() => pool.close());

describe("evaluateGridParallel", () => {
  for (const loss of ["mse", "bce"] as const) {
    it(`${loss}: same bits as evaluateGridFast on 2 threads, odd sizes`, async () => {
      const data = seedDataset();
      const spec = { w: { min: -30, max: 40, count: 203 }, b: { min: -40, max: 25, count: 97 } };
      const one = evaluateGridFast(loss, data, spec);
      const two = await evaluateGridParallel(loss, data, spec, { pool, minWork: 0 });
      expect(pool.started).toBe(true);
      for (const f of FIELD_NAMES) {
        const a = one.fields[f].data, b = two.fields[f].data;
        expect(Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))).toBe(true);
        expect(two.fields[f].shape).toEqual([97, 203]);
      }
    });
  }

  it("concurrent calls are serialised and each correct", async () => {
    const data = seedDataset();
    const spec = (c: number) => ({ w: { min: -10, max: 20, count: c }, b: { min: -20, max: 10, count: 31 } });
    const [a, b] = await Promise.all([
      evaluateGridParallel("mse", data, spec(64), { pool, minWork: 0 }),
      evaluateGridParallel("bce", data, spec(65), { pool, minWork: 0 }),
    ]);
    expect(Array.from(a.fields.loss.data)).toEqual(Array.from(evaluateGridFast("mse", data, spec(64)).fields.loss.data));
    expect(Array.from(b.fields.loss.data)).toEqual(Array.from(evaluateGridFast("bce", data, spec(65)).fields.loss.data));
  });

  it("the grid command exits after a grid large enough to start the workers", () => {
    // 1100 × 400 points × 40 samples = 17.6M point·samples ≥ POOL_START_MIN_WORK.
    const r = runCli(["grid", "--w=-10:20:1100", "--b=-20:10:400", "--format", "csv"]);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n").length).toBe(1100 * 400 + 2);
  });
});
