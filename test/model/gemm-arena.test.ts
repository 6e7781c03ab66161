// The WebAssembly products (gemm-arena.ts) against the TypeScript loops they replace: every
// transpose combination, sizes off the kernel's multiples of 4, the in-place transposed read (in
// blocks of the summed rows), the row blocks, and the fused row bias. Each entry sums its K
// products in order from zero in both, so with scale 1 they agree to the bit.

import { describe, expect, it } from "vitest";
import { arenaMatmul, CHUNK_DOUBLES, gemmArena } from "../../src/graph/gemm-arena.js";
import { matmul } from "../../src/graph/ops/gemm.js";

function rand(n: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  });
}

describe("arenaMatmul", () => {
  const A = gemmArena("the test");
  const cases: Array<[number, number, number]> = [
    [37, 10, 61],
    [130, 7, 9],
    [5, 66, 300],
    // a weight's gradient of a 64-wide layer over 1,797 samples: Xᵀ's sum runs over many blocks
    [64, 64, 1797],
    // many row blocks
    [1797, 10, 64],
  ];
  for (const [M, N, K] of cases) {
    for (const tX of [false, true]) {
      for (const tY of [false, true]) {
        it(`M=${M} N=${N} K=${K} transX=${tX} transY=${tY}`, () => {
          const X = rand(M * K, M + K + +tX);
          const Y = rand(K * N, N + K + 2 * +tY);
          const want = new Float64Array(M * N);
          matmul(X, tX, Y, tY, M, N, K, want);
          const got = new Float64Array(M * N);
          arenaMatmul(A, X, tX, Y, tY, M, N, K, got, 1);
          expect(Array.from(got)).toEqual(Array.from(want));
        });
      }
    }
  }
  for (const scale of [1, -0.75]) {
    it(`with a row bias on a zero output: the product then the bias's pass (scale ${scale})`, () => {
      const M = 701, N = 30, K = 64;
      const X = rand(M * K, 11), Y = rand(N * K, 12), b = rand(N, 13);
      const want = new Float64Array(M * N);
      arenaMatmul(A, X, false, Y, true, M, N, K, want, scale);
      for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) want[i * N + j] += b[j];
      const got = new Float64Array(M * N);
      arenaMatmul(A, X, false, Y, true, M, N, K, got, scale, b);
      expect(Array.from(got)).toEqual(Array.from(want));
    });
  }
  it("a transposed X too large to read in place is copied in row chunks, with the same numbers", () => {
    // K·M over CHUNK_DOUBLES: the chunked path transposes rows itself
    const M = 6, N = 5, K = Math.ceil(CHUNK_DOUBLES / M) + 3;
    const X = rand(M * K, 7), Y = rand(K * N, 8);
    const want = new Float64Array(M * N);
    matmul(X, true, Y, false, M, N, K, want);
    const got = new Float64Array(M * N);
    arenaMatmul(A, X, true, Y, false, M, N, K, got, 1);
    expect(Array.from(got)).toEqual(Array.from(want));
  });
});
