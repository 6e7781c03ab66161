import { describe, expect, it } from "vitest";
import { builtinTable, DATA_NAMES } from "../src/nn/datasets.js";

describe("built-in data sets", () => {
  it.each(DATA_NAMES.filter((n) => n !== "seed"))("%s: deterministic, N samples in 2-D, both classes", (name) => {
    const a = builtinTable(name, { samples: 101, noise: null, dataSeed: 5 });
    const b = builtinTable(name, { samples: 101, noise: null, dataSeed: 5 });
    const c = builtinTable(name, { samples: 101, noise: null, dataSeed: 6 });
    expect(a).toEqual(b);
    expect(a.x).not.toEqual(c.x);
    expect(a.inputs).toBe(2);
    expect(a.x.length).toBe(202);
    expect(a.y.length).toBe(101);
    const pos = a.y.reduce((s, v) => s + v, 0);
    expect(pos).toBeGreaterThan(20);
    expect(pos).toBeLessThan(81);
    expect(a.y.every((v) => v === 0 || v === 1)).toBe(true);
    expect(a.x.every(Number.isFinite)).toBe(true);
  });
  it("circles without noise: radius 1 for class 0 and 0.5 for class 1; 50 / 51 split as sklearn", () => {
    const t = builtinTable("circles", { samples: 101, noise: 0, dataSeed: 1 });
    for (let i = 0; i < 101; i++) expect(Math.hypot(t.x[2 * i], t.x[2 * i + 1])).toBeCloseTo(t.y[i] === 0 ? 1 : 0.5, 14);
    expect(t.y.reduce((s, v) => s + v, 0)).toBe(51);
  });
  it("moons without noise lie on sklearn's two half circles", () => {
    const t = builtinTable("moons", { samples: 60, noise: 0, dataSeed: 1 });
    for (let i = 0; i < 60; i++) {
      const [u, v] = [t.x[2 * i], t.x[2 * i + 1]];
      if (t.y[i] === 0) expect(Math.hypot(u, v)).toBeCloseTo(1, 14);
      else expect(Math.hypot(u - 1, v - 0.5)).toBeCloseTo(1, 14);
    }
  });
  it("xor labels are the sign of x₁·x₂ without noise", () => {
    const t = builtinTable("xor", { samples: 80, noise: 0, dataSeed: 3 });
    for (let i = 0; i < 80; i++) expect(t.y[i]).toBe(t.x[2 * i] * t.x[2 * i + 1] > 0 ? 1 : 0);
  });
  it("gauss noise is the blob std", () => {
    const t = builtinTable("gauss", { samples: 20000, noise: 0.5, dataSeed: 3 });
    let s = 0, s2 = 0, k = 0;
    for (let i = 0; i < 20000; i++) if (t.y[i] === 1) {
      const d = t.x[2 * i] - 1;
      s += d;
      s2 += d * d;
      k++;
    }
    expect(Math.abs(s / k)).toBeLessThan(0.03);
    expect(Math.sqrt(s2 / k)).toBeCloseTo(0.5, 1);
  });
  it("seed is the tutorial's 1-D data; bad sizes and noise throw", () => {
    const t = builtinTable("seed");
    expect([t.inputs, t.y.length]).toEqual([1, 40]);
    expect(() => builtinTable("xor", { samples: 1, noise: null, dataSeed: 0 })).toThrow(RangeError);
    expect(() => builtinTable("xor", { samples: 10, noise: -1, dataSeed: 0 })).toThrow(RangeError);
  });
});
