// Conv's fused rules (the bias added as the product is written out; the three cotangents from one
// pass over gy) give the numbers of its separate rules to the bit, which its R-ops still use:
// forward(x, W, b) = Rforward along (0, W, b) = product then addBias, and backward =
// Rbackward along zero tangents with Rgy = gy = [adjointA, adjointB, biasAdjoint]. Groups,
// strides, padding, and a batch over several of the kernel's sample chunks.

import { describe, expect, it } from "vitest";
import type { NodeSpec } from "../../src/graph/op.js";
import { convKernel } from "../../src/graph/ops/conv.js";

const t = (shape: number[], seed: number) => {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float64Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648 - 0.5)) };
};

describe("Conv's fused forward and backward", () => {
  const attrs = new Map<string, number | number[]>([["group", 2], ["strides", [1, 2]], ["pads", [1, 0, 2, 1]]]);
  const node: NodeSpec = { opType: "Conv", name: "c", attrs, constants: [null, null, null], inputCount: 3 };
  // 50 samples of 4×32×32 with 2 groups: the arena holds about 40 samples a chunk
  const x = t([50, 4, 32, 32], 1), w = t([6, 2, 3, 3], 2), b = t([6], 3);
  const k = convKernel(node);
  const f = k.forward([x, w, b]);
  it("forward equals the product plus the bias, to the bit", () => {
    const separate = k.rforward([x, w, b], [null, w, b], f)!;
    expect(f.y.shape).toEqual([50, 6, 33, 16]);
    expect(Array.from(f.y.data)).toEqual(Array.from(separate.data));
  });
  it("backward equals adjointA, adjointB and biasAdjoint, to the bit (and each alone)", () => {
    const gy = t(f.y.shape, 4);
    const fused = k.backward([x, w, b], f, gy, [true, true, true]);
    const separate = k.rbackward([x, w, b], [null, null, null], f, { shape: gy.shape, data: new Float64Array(gy.data.length) }, gy, [true, true, true]);
    for (let i = 0; i < 3; i++) expect(Array.from(fused[i]!.data)).toEqual(Array.from(separate[i]!.data));
    const onlyW = k.backward([x, w, b], f, gy, [false, true, false]);
    expect(onlyW[0]).toBeNull();
    expect(onlyW[2]).toBeNull();
    expect(Array.from(onlyW[1]!.data)).toEqual(Array.from(separate[1]!.data));
    const onlyB = k.backward([x, w, b], f, gy, [false, false, true]);
    expect(Array.from(onlyB[2]!.data)).toEqual(Array.from(separate[2]!.data));
  });
});
