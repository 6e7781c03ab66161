import { describe, expect, it } from "vitest";
import { logSigmoid, logSigmoidPrime, sigmoid, sigmoidPair, sigmoidPrime, softplus, softplusPrime } from "../src/numerics/sigmoid.js";

const central = (f: (z: number) => number, z: number, h = 1e-5): number => (f(z + h) - f(z - h)) / (2 * h);
const ZS = [-30, -7.5, -1, -0.1, 0, 0.3, 2, 9, 25];

describe("sigmoid", () => {
  it("matches 1/(1+e^-z) where that is safe, and is symmetric", () => {
    for (const z of ZS) {
      expect(sigmoid(z)).toBeCloseTo(1 / (1 + Math.exp(-z)), 15);
      expect(sigmoid(z) + sigmoid(-z)).toBeCloseTo(1, 15);
    }
    expect(sigmoid(0)).toBe(0.5);
  });
  it("keeps full relative precision in the tails", () => {
    // σ(−40) = e^−40/(1+e^−40); 1 − σ(40) would cancel to 0 with the naive form.
    expect(sigmoid(-40) / Math.exp(-40)).toBeCloseTo(1, 14);
    expect(sigmoidPair(40).q / Math.exp(-40)).toBeCloseTo(1, 14);
  });
  it("is finite at |z| in the thousands", () => {
    for (const z of [-1e4, -745.2, 745.2, 1e4, -1e300, 1e300]) {
      for (const f of [sigmoid, sigmoidPrime, softplus, logSigmoid, logSigmoidPrime]) expect(Number.isFinite(f(z))).toBe(true);
    }
    expect(softplus(1e4)).toBe(1e4);
    expect(logSigmoid(-1e4)).toBe(-1e4);
  });
});

describe("sigmoidPair", () => {
  it("gives σ(z), σ(−z) and e^−|z| from one exp, matching sigmoid on both sides of 0", () => {
    for (const z of [...ZS, -745.2, 745.2]) {
      const { p, q, e } = sigmoidPair(z);
      // e·(1/(1 + e)) and e/(1 + e) round differently: within an ulp of each other.
      expect(Math.abs(p - sigmoid(z))).toBeLessThanOrEqual(2 ** -52 * sigmoid(z));
      expect(Math.abs(q - sigmoid(-z))).toBeLessThanOrEqual(2 ** -52 * sigmoid(-z));
      expect(e).toBe(Math.exp(-Math.abs(z)));
    }
    expect(sigmoidPair(0)).toEqual({ p: 0.5, q: 0.5, e: 1 });
    // Deep in the tail q keeps full relative precision: σ(−40) = e^−40/(1 + e^−40).
    expect(sigmoidPair(-40).p / (Math.exp(-40) / (1 + Math.exp(-40)))).toBeCloseTo(1, 15);
  });
});

describe("sigmoidPrime", () => {
  it("agrees with a central difference of sigmoid", () => {
    for (const z of ZS) expect(sigmoidPrime(z)).toBeCloseTo(central(sigmoid, z), 9);
  });
});

describe("softplus", () => {
  it("equals log(1 + e^z) and its derivative is sigmoid", () => {
    for (const z of ZS) {
      expect(softplus(z)).toBeCloseTo(Math.log(1 + Math.exp(z)), 12);
      expect(softplusPrime(z)).toBeCloseTo(central(softplus, z), 9);
    }
  });
});

describe("logSigmoid", () => {
  it("equals log σ(z) and its derivative is σ(−z)", () => {
    for (const z of ZS) {
      expect(logSigmoid(z)).toBeCloseTo(Math.log(sigmoid(z)), 12);
      expect(logSigmoidPrime(z)).toBeCloseTo(central(logSigmoid, z), 9);
    }
  });
});
