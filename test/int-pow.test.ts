// powInt against the exact power: x = m·2^e with m a whole number, so x^n = mⁿ·2^(en) exactly
// in BigInt, rounded to 53 bits (ties to even) by hand. Whatever the engine's x ** n returns,
// powInt must be that correctly rounded value.

import { describe, expect, it } from "vitest";
import { powInt } from "../src/numerics/int-pow.js";

/** The float64 nearest to x^n (x finite, non-zero; the result a normal float64). */
function exactPow(x: number, n: number): number {
  let e = 0;
  let m = Math.abs(x);
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  const big = BigInt(m) ** BigInt(n);
  const bitsOf = big.toString(2).length;
  const shift = Math.max(0, bitsOf - 53);
  let q = big >> BigInt(shift);
  if (shift > 0) {
    const r = big - (q << BigInt(shift));
    const half = 1n << BigInt(shift - 1);
    if (r > half || (r === half && q % 2n === 1n)) q += 1n;
  }
  const sign = x < 0 && n % 2 === 1 ? -1 : 1;
  return sign * Number(q) * 2 ** (e * n + shift);
}

describe("powInt", () => {
  it("is the correctly rounded x^n for Adam's betas and other bases, every n up to 1000 and some far beyond", () => {
    const bad: string[] = [];
    for (const x of [0.9, 0.999, 0.99, 0.95, 0.5, 0.3, 1.1, -0.7, 3]) {
      const ns = [...Array.from({ length: 1001 }, (_, i) => i), 4321, 12_345];
      for (const n of ns) {
        const want = exactPow(x, n);
        if (Math.abs(want) < 2 ** -960 || Math.abs(want) > 2 ** 990) continue;
        if (powInt(x, n) !== want) bad.push(`${x}^${n}: ${powInt(x, n)} vs ${want}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("gives 0.9^4 = 0.6561, where Node 20's 0.9 ** 4 is one ulp above", () => {
    expect(powInt(0.9, 4)).toBe(0.6561);
    expect(exactPow(0.9, 4)).toBe(0.6561);
  });

  it("handles n = 0 and 1, zero, infinities and refuses exponents that are not whole and ≥ 0", () => {
    expect(powInt(0.9, 0)).toBe(1);
    expect(powInt(0, 0)).toBe(1);
    expect(powInt(0.9, 1)).toBe(0.9);
    expect(powInt(0, 5)).toBe(0);
    expect(powInt(Infinity, 2)).toBe(Infinity);
    expect(powInt(0.999, 1e6)).toBeLessThan(1e-400 + 1e-300);
    expect(() => powInt(0.9, 1.5)).toThrow(RangeError);
    expect(() => powInt(0.9, -1)).toThrow(RangeError);
  });
});
