// The WebAssembly products (gemm-arena.ts) against the TypeScript loops they replace: every
// transpose combination, sizes off the kernel's multiples of 4, the in-place transposed read and
// the row-chunked path. Each entry sums its K products in order from zero in both, so with
// scale 1 they agree to the bit.

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
