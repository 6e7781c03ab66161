import { describe, expect, it } from "vitest";
import { describeInit, initialize, parseInit, sampler, schemeDistribution, INIT_SCHEMES } from "../src/init/initializers.js";
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

describe("describeInit", () => {
  it("names a scheme, and writes a fixed start as W,B that parseInit reads back", () => {
    for (const kind of INIT_SCHEMES) expect(describeInit({ kind })).toBe(kind);
    expect(describeInit({ kind: "fixed", w: -5, b: -10 })).toBe("-5,-10");
    expect(parseInit(describeInit({ kind: "fixed", w: 0.25, b: -1e-3 }))).toEqual({ kind: "fixed", w: 0.25, b: -1e-3 });
  });
});

describe("sampler", () => {
  it("maps the uniform stream linearly onto (−a, a), and draws normals by Marsaglia's polar method", () => {
    // d3's randomUniform(−a, a) is −a + 2a·u for each u of the source.
    const u = seededRandom(4);
    const draw = sampler({ kind: "uniform", bound: 3 }, seededRandom(4));
    for (let i = 0; i < 20; i++) expect(draw()).toBeCloseTo(-3 + 6 * u(), 14);
    // The polar method (d3-random's form): x, y = 2u − 1 until 0 < r = x² + y² ≤ 1, then
    // y·f and x·f with f = √(−2 ln r / r), two normals per accepted pair.
    const v = seededRandom(6);
    const normal = sampler({ kind: "normal", std: 2 }, seededRandom(6));
    for (let i = 0; i < 10; i++) {
      let x: number, y: number, r: number;
      do {
        x = 2 * v() - 1;
        y = 2 * v() - 1;
        r = x * x + y * y;
      } while (!r || r > 1);
      const f = Math.sqrt((-2 * Math.log(r)) / r);
      expect(normal()).toBeCloseTo(2 * y * f, 12);
      expect(normal()).toBeCloseTo(2 * x * f, 12);
    }
  });
});
