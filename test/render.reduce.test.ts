// Reducing long series for drawing: per-column extremes (M4) against a brute-force
// reference, the point budget of fitPolyline, and figures of long runs and large data
// staying under 200 KB without spreading their arrays (Math.min(...a) throws a
// RangeError long before 500,000 arguments).

import { describe, expect, it } from "vitest";
import { columnExtremes, fitPolyline, MAX_POLYLINE_POINTS, thinByDistance } from "../src/render/reduce.js";
import { renderLossCurves } from "../src/render/figures/loss-curves.js";
import { MAX_SAMPLE_MARKS, renderSaturation, type SaturationSample } from "../src/render/figures/saturation.js";
import { renderLandscapeFigure } from "../src/render/figures/landscape.js";
import { seededRandom } from "../src/init/random.js";
import { makeDocument, parseSvg } from "./helpers/svg.js";

const KB200 = 200 * 1024;

/** A noisy decaying series, like SGD at batch size 2. */
function noisy(n: number, seed: number): Float64Array {
  const r = seededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 0.5 * Math.exp(-i / (n / 5)) + 0.05 * r();
  return out;
}

describe("columnExtremes", () => {
  it("keeps each pixel column's first, lowest, highest and last point (brute-force reference)", () => {
    const v = noisy(50_000, 1);
    const px = (i: number): number => (i / 49_999) * 300;
    const pts = columnExtremes(v.length, px, (i) => v[i], 300);
    expect(pts.length).toBeLessThanOrEqual(4 * 301);
    for (let col = 0; col <= 300; col += 37) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < v.length; i++) {
        if (Math.floor(px(i)) !== col) continue;
        lo = Math.min(lo, v[i]);
        hi = Math.max(hi, v[i]);
      }
      const ys = pts.filter(([x]) => Math.floor(x) === col).map(([, y]) => y);
      expect(Math.min(...ys)).toBe(lo);
      expect(Math.max(...ys)).toBe(hi);
    }
    expect(pts[0]).toEqual([0, v[0]]);
    expect(pts[pts.length - 1]).toEqual([300, v[v.length - 1]]);
  });

  it("returns short series whole", () => {
    const pts = columnExtremes(10, (i) => i, (i) => i * i, 300);
    expect(pts).toEqual(Array.from({ length: 10 }, (_, i) => [i, i * i]));
  });
});

describe("fitPolyline and thinByDistance", () => {
  it("fit within the point budget and keep both ends", () => {
    const r = seededRandom(2);
    const pts: Array<[number, number]> = Array.from({ length: 20_000 }, (_, i) => [i * 0.02 + r(), 200 + 50 * r()]);
    const out = fitPolyline(pts);
    expect(out.length).toBeLessThanOrEqual(MAX_POLYLINE_POINTS);
    expect(out[0]).toEqual(pts[0]);
    expect(out[out.length - 1]).toEqual(pts[pts.length - 1]);
  });

  it("thinByDistance drops points closer than the step and keeps the last", () => {
    const out = thinByDistance(5, (i) => [0, 0.05, 0.2, 0.21, 0.22][i], () => 0, 0.1);
    expect(out).toEqual([[0, 0], [0.2, 0], [0.22, 0]]);
  });
});

describe("figures of long runs and large data", () => {
  it("loss curves of 500,000 steps: M4-reduced, under 200 KB", () => {
    const svg = renderLossCurves(makeDocument(), {
      heading: { title: "t" },
      desc: "d",
      idPrefix: "lc",
      curves: [
        { key: "a", label: "a", panel: "MSE", color: "#d55e00", losses: noisy(500_000, 3) },
        { key: "b", label: "b", panel: "MSE", color: "#000000", losses: noisy(500_000, 4) },
        { key: "c", label: "c", panel: "cross-entropy", color: "#0072b2", dashed: true, losses: noisy(500_000, 5) },
      ],
      yScale: "log",
      yLabel: "loss (log scale)",
    });
    expect(Buffer.byteLength(svg)).toBeLessThan(KB200);
    const doc = parseSvg(svg);
    expect(doc.querySelectorAll(".curves")).toHaveLength(2);
    for (const p of Array.from(doc.querySelectorAll("path.line"))) expect(p.getAttribute("d")!.split("L").length).toBeLessThanOrEqual(MAX_POLYLINE_POINTS);
  });

  it("saturation of 20,000 samples: binned marks, under 200 KB", () => {
    const r = seededRandom(6);
    const samples: SaturationSample[] = Array.from({ length: 20_000 }, () => {
      const x = 4 * r() - 2;
      const p = 1 / (1 + Math.exp(-(-5 * x - 10)));
      const y = x > 0.2 ? 1 : 0;
      return { x, y, p, dldz: { mse: 2 * (p - y) * p * (1 - p), bce: p - y } };
    });
    const svg = renderSaturation(makeDocument(), {
      heading: { title: "t" },
      desc: "d",
      idPrefix: "s",
      samples,
      curve: [[-2, 0], [2, 0]],
      saturatedBelow: 1e-3,
      colors: { positive: "#d55e00", negative: "#0072b2", mse: "#cc79a7", bce: "#000000" },
    });
    expect(Buffer.byteLength(svg)).toBeLessThan(KB200);
    const doc = parseSvg(svg);
    expect(doc.querySelectorAll(".sample")).toHaveLength(0);
    const counted = Array.from(doc.querySelectorAll("circle.bin")).reduce((k, c) => k + Number(c.getAttribute("data-n")), 0);
    expect(counted).toBe(20_000);
    expect(samples.length).toBeGreaterThan(MAX_SAMPLE_MARKS);
  });

  it("a landscape with four 500,000-step noisy trajectories stays under 200 KB", () => {
    const n = 3;
    const field = { w: Float64Array.from([-10, 0, 20]), b: Float64Array.from([-20, 0, 10]), values: Float64Array.from({ length: n * n }, (_, i) => i) };
    const runs = [0, 1, 2, 3].map((k) => {
      const r = seededRandom(10 + k);
      const steps = 500_000;
      const w = new Float64Array(steps + 1);
      const b = new Float64Array(steps + 1);
      for (let i = 1; i <= steps; i++) {
        w[i] = w[i - 1] + 0.01 * (r() - 0.5) + 1e-5;
        b[i] = b[i - 1] + 0.01 * (r() - 0.5);
      }
      const epochEnds = Uint32Array.from({ length: 25_000 }, (_, e) => (e + 1) * 20);
      return { key: `r${k}`, color: "#000000", w, b, epochEnds, label: `run ${k}` };
    });
    const svg = renderLandscapeFigure(makeDocument(), {
      heading: { title: "t" }, desc: "d", idPrefix: "l", field, fieldLabel: "loss", scheme: "viridis", scale: "linear", contourLines: false, runs,
    });
    expect(Buffer.byteLength(svg)).toBeLessThan(KB200);
  });
});
