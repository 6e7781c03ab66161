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
    expect(() => builtinTable("xor", { samples: 1, noise: null, dataSeed: 0 })).toThrow("samples must be an integer in 2…1000000 (got 1)");
    expect(() => builtinTable("xor", { samples: 1_000_001, noise: null, dataSeed: 0 })).toThrow("samples must be an integer in 2…1000000 (got 1000001)");
    expect(() => builtinTable("xor", { samples: 2.5, noise: null, dataSeed: 0 })).toThrow(RangeError);
    expect(builtinTable("xor", { samples: 2, noise: null, dataSeed: 0 }).y.length).toBe(2);
    expect(() => builtinTable("xor", { samples: 10, noise: -1, dataSeed: 0 })).toThrow("noise must be a finite number ≥ 0 (got -1)");
    expect(() => builtinTable("xor", { samples: 10, noise: Number.POSITIVE_INFINITY, dataSeed: 0 })).toThrow(RangeError);
  });
  it("xor without noise: uniform on the square [−1, 1]², every quadrant about a quarter", () => {
    const n = 400;
    const t = builtinTable("xor", { samples: n, noise: 0, dataSeed: 2 });
    const quadrant = [0, 0, 0, 0];
    let inside = true;
    for (let i = 0; i < n; i++) {
      const [u, v] = [t.x[2 * i], t.x[2 * i + 1]];
      inside &&= Math.abs(u) <= 1 && Math.abs(v) <= 1;
      quadrant[(u > 0 ? 1 : 0) + (v > 0 ? 2 : 0)]++;
    }
    expect(inside).toBe(true);
    // Binomial(400, ¼): mean 100, sd ≈ 8.7.
    for (const q of quadrant) expect(Math.abs(q - 100)).toBeLessThan(35);
  });
  it("circles without noise: each class at linspace(0, 2π, m, endpoint=False)", () => {
    const t = builtinTable("circles", { samples: 11, noise: 0, dataSeed: 4 });
    for (const [cls, m, r] of [[0, 5, 1], [1, 6, 0.5]]) {
      const angles: number[] = [];
      for (let i = 0; i < 11; i++) if (t.y[i] === cls) angles.push((Math.atan2(t.x[2 * i + 1], t.x[2 * i]) + 2 * Math.PI) % (2 * Math.PI));
      angles.sort((a, b) => a - b);
      expect(angles.length).toBe(m);
      angles.forEach((a, j) => expect(Math.min(Math.abs(a - (2 * Math.PI * j) / m), Math.abs(a - 2 * Math.PI))).toBeLessThan(1e-12));
      for (let i = 0; i < 11; i++) if (t.y[i] === cls) expect(Math.hypot(t.x[2 * i], t.x[2 * i + 1])).toBeCloseTo(r, 14);
    }
  });
  it("spiral without noise: class c's point j at radius j/m and angle 3.5π·j/m + cπ", () => {
    const n = 13;
    const t = builtinTable("spiral", { samples: n, noise: 0, dataSeed: 7 });
    for (const [cls, m] of [[0, 6], [1, 7]]) {
      const radii: number[] = [];
      for (let i = 0; i < n; i++) {
        if (t.y[i] !== cls) continue;
        const [u, v] = [t.x[2 * i], t.x[2 * i + 1]];
        const r = Math.hypot(u, v);
        radii.push(r * m);
        const angle = 3.5 * Math.PI * r + cls * Math.PI;
        expect(Math.abs(u - r * Math.cos(angle))).toBeLessThan(1e-12);
        expect(Math.abs(v - r * Math.sin(angle))).toBeLessThan(1e-12);
      }
      radii.sort((a, b) => a - b);
      radii.forEach((rm, j) => expect(rm).toBeCloseTo(j, 12));
    }
  });
  it("gauss without noise: class 0 at (−1, −1), class 1 at (1, 1); moons' class 1 is the shifted lower half", () => {
    const t = builtinTable("gauss", { samples: 9, noise: 0, dataSeed: 1 });
    for (let i = 0; i < 9; i++) {
      const c = t.y[i] === 0 ? -1 : 1;
      expect([t.x[2 * i], t.x[2 * i + 1]]).toEqual([c, c]);
    }
    expect(t.y.reduce((s, v) => s + v, 0)).toBe(5);
    const moons = builtinTable("moons", { samples: 10, noise: 0, dataSeed: 1 });
    const lower: number[] = [];
    for (let i = 0; i < 10; i++) if (moons.y[i] === 1) lower.push(moons.x[2 * i]);
    // 1 − cos(πj/4), j = 0…4: 0, 1 − √½, 1, 1 + √½, 2.
    lower.sort((a, b) => a - b);
    [0, 1 - Math.SQRT1_2, 1, 1 + Math.SQRT1_2, 2].forEach((u, j) => expect(lower[j]).toBeCloseTo(u, 14));
  });
});
