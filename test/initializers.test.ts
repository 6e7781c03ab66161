import { describe, expect, it } from "vitest";
import { initialize, parseInit, schemeDistribution, INIT_SCHEMES } from "../src/init/initializers.js";
import { seededRandom } from "../src/init/random.js";

describe("schemeDistribution", () => {
  it("gives the tutorial's bounds at n = m = 1", () => {
    expect(schemeDistribution("pytorch")).toEqual({ kind: "uniform", bound: 1 });
    expect(schemeDistribution("xavier")).toEqual({ kind: "uniform", bound: 1 });
    expect(schemeDistribution("xavier-normalized")).toEqual({ kind: "uniform", bound: Math.sqrt(3) });
    expect(schemeDistribution("he")).toEqual({ kind: "normal", std: Math.SQRT2 });
  });
});

describe("initialize", () => {
  it("draws w and b with each scheme's moments (20,000 seeded draws)", () => {
    for (const scheme of INIT_SCHEMES) {
      const rng = seededRandom(9);
      const ws: number[] = [];
      const bs: number[] = [];
      for (let k = 0; k < 20000; k++) {
        const [w, b] = initialize({ kind: scheme }, rng);
        ws.push(w);
        bs.push(b);
      }
      const d = schemeDistribution(scheme);
      const variance = d.kind === "uniform" ? d.bound ** 2 / 3 : d.std ** 2;
      for (const xs of [ws, bs]) {
        const m = xs.reduce((s, x) => s + x, 0) / xs.length;
        const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
        expect(Math.abs(m)).toBeLessThan(0.04);
        expect(Math.abs(v / variance - 1)).toBeLessThan(0.04);
        if (d.kind === "uniform") expect(Math.max(...xs.map(Math.abs))).toBeLessThanOrEqual(d.bound);
      }
    }
  });
  it("returns a fixed start unchanged without drawing", () => {
    const rng = seededRandom(1);
    expect(initialize({ kind: "fixed", w: -5, b: -10 }, rng)).toEqual([-5, -10]);
    expect(rng()).toBe(seededRandom(1)());
  });
});

describe("parseInit", () => {
  it("reads scheme names and W,B pairs, and nothing else", () => {
    expect(parseInit("he")).toEqual({ kind: "he" });
    expect(parseInit("-5,-10")).toEqual({ kind: "fixed", w: -5, b: -10 });
    expect(parseInit("1e-3, 2.5")).toEqual({ kind: "fixed", w: 1e-3, b: 2.5 });
    for (const bad of ["", "kaiming", "1", "1,2,3", "NaN,1", "1,Infinity", "0x1,2"]) expect(parseInit(bad)).toBeNull();
  });
});
