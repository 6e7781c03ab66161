// ReLU's branch-free loops against its definition f(x) = x > 0 ? x : 0, f′(x) = x > 0 ? 1 : 0, to
// the bit, signed zeros, infinities and NaN included.

import { describe, expect, it } from "vitest";
import { unaryKernel } from "../../src/graph/ops/unary.js";
import type { NodeSpec } from "../../src/graph/op.js";

const node: NodeSpec = { opType: "Relu", name: "r", attrs: new Map(), constants: [null], inputCount: 1 };
const xs = [-Infinity, -1e308, -2, -5e-324, -0, 0, 5e-324, 0.5, 3, 1e308, Infinity, NaN];
const t = (v: number[]) => ({ shape: [v.length], data: Float64Array.from(v) });

describe("Relu kernel", () => {
  const k = unaryKernel(node);
  const x = t(xs);
  const f = k.forward([x]);
  it("forward is x > 0 ? x : 0 (a +0 for every non-positive, −∞ and NaN)", () => {
    xs.forEach((v, i) => expect(Object.is(f.y.data[i], v > 0 ? v : 0)).toBe(true));
  });
  it("backward and R-forward multiply by f′ ∈ {0, 1} (a negative cotangent times 0 is −0, as g·0)", () => {
    const g = t(xs.map((_, i) => (i % 2 ? -1.5 : 2.25) * (i + 1)));
    const gx = k.backward([x], f, g, [true])[0]!;
    const rx = k.rforward([x], [g], f)!;
    xs.forEach((v, i) => {
      const want = g.data[i] * (v > 0 ? 1 : 0);
      expect(Object.is(gx.data[i], want)).toBe(true);
      expect(Object.is(rx.data[i], want)).toBe(true);
    });
  });
});
