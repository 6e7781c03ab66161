// The WebAssembly SIMD kernel's exp and log1p against Math.exp / Math.log1p on millions of
// points over the whole range the kernel uses them on, in ulps (the slow tier: some 7M
// kernel calls checked one by one; test/fast-kernel.test.ts checks the grids).

import { describe, expect, it } from "vitest";
import { instantiateKernel, makeMemory } from "../src/fast/kernel.js";
import { TABLE_BYTES } from "../src/fast/layout.js";
import { seededRandom } from "../src/init/random.js";

/** Distance in units in the last place between two non-negative doubles. */
function ulps(a: number, b: number): number {
  const f = new Float64Array([a, b]);
  const i = new BigInt64Array(f.buffer);
  const d = i[0] - i[1];
  return Number(d < 0n ? -d : d);
}

function runArray(fn: "exp_neg_array" | "log1p_pos_array", xs: Float64Array): Float64Array {
  const mem = makeMemory(TABLE_BYTES + xs.length * 8 + 16, "test");
  const k = instantiateKernel(mem);
  const a = new Float64Array(mem.buffer, TABLE_BYTES, xs.length + (xs.length % 2));
  a.set(xs);
  k[fn](TABLE_BYTES, a.length);
  return a.slice(0, xs.length);
}

function maxUlps(xs: Float64Array, got: Float64Array, ref: (x: number) => number): { max: number; at: number } {
  let max = 0, at = NaN;
  for (let i = 0; i < xs.length; i++) {
    const u = ulps(got[i], ref(xs[i]));
    if (u > max) [max, at] = [u, xs[i]];
  }
  return { max, at };
}

describe("kernel exp and log1p", () => {
  it("exp(x) for x ≤ 0 is within 1 ulp of Math.exp on 4M points over [−746, 0], incl. subnormal results and tiny x", () => {
    const rng = seededRandom(11);
    const xs: number[] = [0, -0, -1e-300, -5e-324, -(2 ** -54), -(2 ** -53), -1e-15, -1e-9, -Math.LN2 / 2, -Math.LN2,
      -708.39, -708.4, -709, -745, -745.13, -745.1332191019411, -745.14, -746, -750, -1e4, -1e300];
    for (let i = 0; i < 2_000_000; i++) xs.push(-746 * rng());
    for (let i = 0; i < 1_000_000; i++) xs.push(-(2 ** (-60 * rng())));           // (−1, 0): log-uniform
    for (let i = 0; i < 1_000_000; i++) xs.push(-708 - 38 * rng());                 // subnormal results
    const x = Float64Array.from(xs);
    const { max, at } = maxUlps(x, runArray("exp_neg_array", x), Math.exp);
    console.log(`exp: max ${max} ulp vs Math.exp over ${x.length} points (at x = ${at})`);
    expect(max).toBeLessThanOrEqual(1);
  });

  it("log1p(t) for t ∈ [0, 256) is within 1 ulp of Math.log1p on 3M points, incl. tiny t", () => {
    const rng = seededRandom(12);
    const ts: number[] = [0, 5e-324, 1e-300, 2 ** -53, 1e-10, 0.41421356237309503, Math.SQRT2 - 1, 0.5, 1, 2, 3, 255.99];
    for (let i = 0; i < 1_000_000; i++) ts.push(256 * rng());
    for (let i = 0; i < 1_000_000; i++) ts.push(2 ** (-1074 * rng()));              // log-uniform over (0, 1)
    for (let i = 0; i < 1_000_000; i++) ts.push(2 * rng());
    const t = Float64Array.from(ts);
    const { max, at } = maxUlps(t, runArray("log1p_pos_array", t), Math.log1p);
    console.log(`log1p: max ${max} ulp vs Math.log1p over ${t.length} points (at t = ${at})`);
    expect(max).toBeLessThanOrEqual(1);
  });
});
