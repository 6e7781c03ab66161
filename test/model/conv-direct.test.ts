// Conv on the WebAssembly kernel (im2col, the products, col2im and the layout changes in
// wat/9d-conv.wat) against the convolution written out as plain loops, summing in the order the
// engine documents: every output a sum over the window entries (channel, row, column) from zero
// plus the bias; the input's gradient per sample, window entry, then position, each term a sum
// over the group's output channels; the weight's over samples, then positions; the bias's per
// sample over positions. So the two agree to the bit. Groups, strides, dilations, asymmetric
// padding, and batches spanning many of the kernel's sample chunks.

import { describe, expect, it } from "vitest";
import type { NodeSpec } from "../../src/graph/op.js";
import { convKernel } from "../../src/graph/ops/conv.js";
import type { Tensor } from "../../src/graph/tensor.js";

const t = (shape: number[], seed: number): Tensor => {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float64Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) % 2147483648), s / 2147483648 - 0.5)) };
};

interface Spec { groups: number; strides: number[]; pads: number[]; dil: number[] }

function direct(x: Tensor, w: Tensor, b: Tensor | null, gy: Tensor | null, { groups, strides, pads, dil }: Spec) {
  const [N, C, H, W] = x.shape, [O, Cg, kh, kw] = w.shape;
  const Og = O / groups;
  const Ho = Math.floor((H + pads[0] + pads[2] - dil[0] * (kh - 1) - 1) / strides[0]) + 1;
  const Wo = Math.floor((W + pads[1] + pads[3] - dil[1] * (kw - 1) - 1) / strides[1]) + 1;
  const L = Ho * Wo, K = Cg * kh * kw;
  // entry k of window l: the input offset within the sample (−1 in the padding)
  const at = (s: number, g: number, l: number, k: number): number => {
    const c = Math.floor(k / (kh * kw)), ky = Math.floor(k / kw) % kh, kx = k % kw;
    const iy = Math.floor(l / Wo) * strides[0] - pads[0] + ky * dil[0], ix = (l % Wo) * strides[1] - pads[1] + kx * dil[1];
    return iy >= 0 && iy < H && ix >= 0 && ix < W ? ((s * C + g * Cg + c) * H + iy) * W + ix : -1;
  };
  const y = new Float64Array(N * O * L);
  for (let s = 0; s < N; s++) for (let o = 0; o < O; o++) for (let l = 0; l < L; l++) {
    const g = Math.floor(o / Og);
    let acc = 0;
    for (let k = 0; k < K; k++) {
      const i = at(s, g, l, k);
      acc += (i < 0 ? 0 : x.data[i]) * w.data[o * K + k];
    }
    y[(s * O + o) * L + l] = b ? acc + b.data[o] : acc;
  }
  if (!gy) return { y };
  const gx = new Float64Array(x.data.length), gw = new Float64Array(w.data.length), gb = new Float64Array(O);
  for (let g = 0; g < groups; g++) {
    for (let s = 0; s < N; s++) for (let k = 0; k < K; k++) for (let l = 0; l < L; l++) {
      const i = at(s, g, l, k);
      if (i < 0) continue;
      let p = 0;
      for (let o = g * Og; o < (g + 1) * Og; o++) p += gy.data[(s * O + o) * L + l] * w.data[o * K + k];
      gx[i] += p;
    }
    for (let o = g * Og; o < (g + 1) * Og; o++) for (let k = 0; k < K; k++) {
      let acc = 0;
      for (let s = 0; s < N; s++) for (let l = 0; l < L; l++) {
        const i = at(s, g, l, k);
        acc += (i < 0 ? 0 : x.data[i]) * gy.data[(s * O + o) * L + l];
      }
      gw[o * K + k] = acc;
    }
  }
  for (let s = 0; s < N; s++) for (let o = 0; o < O; o++) {
    let acc = 0;
    for (let l = 0; l < L; l++) acc += gy.data[(s * O + o) * L + l];
    gb[o] += acc;
  }
  return { y, gx, gw, gb };
}

describe("Conv on the kernel equals the direct loops, to the bit", () => {
  const cases: Array<{ what: string; x: number[]; w: number[]; spec: Spec; bias: boolean }> = [
    { what: "3×3, padding 1, many chunks (the digits CNN's second conv)", x: [300, 8, 4, 4], w: [16, 8, 3, 3], spec: { groups: 1, strides: [1, 1], pads: [1, 1, 1, 1], dil: [1, 1] }, bias: true },
    { what: "groups 2, strides (1, 2), asymmetric padding", x: [60, 4, 11, 9], w: [6, 2, 3, 3], spec: { groups: 2, strides: [1, 2], pads: [1, 0, 2, 1], dil: [1, 1] }, bias: true },
    { what: "depthwise, dilation 2, no bias", x: [40, 3, 12, 12], w: [3, 1, 3, 2], spec: { groups: 3, strides: [2, 1], pads: [0, 2, 1, 0], dil: [2, 2] }, bias: false },
    { what: "one input channel, 5×5 on 8×8 (the first conv's shape), odd output channels", x: [130, 1, 8, 8], w: [7, 1, 5, 5], spec: { groups: 1, strides: [1, 1], pads: [2, 2, 2, 2], dil: [1, 1] }, bias: true },
  ];
  for (const c of cases) {
    it(c.what, () => {
      const attrs = new Map<string, number | number[]>([["group", c.spec.groups], ["strides", c.spec.strides], ["pads", c.spec.pads], ["dilations", c.spec.dil]]);
      const node: NodeSpec = { opType: "Conv", name: "c", attrs, constants: [null, null, null], inputCount: c.bias ? 3 : 2 };
      const x = t(c.x, 1), w = t(c.w, 2), b = c.bias ? t([c.w[0]], 3) : null;
      const k = convKernel(node);
      const inputs = b ? [x, w, b] : [x, w];
      const f = k.forward(inputs);
      const gy = t(f.y.shape, 4);
      const want = direct(x, w, b, gy, c.spec);
      expect(Array.from(f.y.data)).toEqual(Array.from(want.y));
      const got = k.backward(inputs, f, gy, b ? [true, true, true] : [true, true]);
      expect(Array.from(got[0]!.data)).toEqual(Array.from(want.gx!));
      expect(Array.from(got[1]!.data)).toEqual(Array.from(want.gw!));
      if (b) expect(Array.from(got[2]!.data)).toEqual(Array.from(want.gb!));
    });
  }
});
