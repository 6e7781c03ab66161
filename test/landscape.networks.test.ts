// The networks section of the figure set: every number it shows recomputed independently
// from the library (init, forward, layer statistics, slice points, projections, Hessian),
// captions that follow the data, and the manifest entry.

import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import { FLAT_CURVE_SPAN } from "../src/landscape/claims.js";
import { networkManifest } from "../src/landscape/network-manifest.js";
import { g3, layerStatsFigure, networkCurvesFigure, times } from "../src/landscape/network-figures.js";
import { networkSliceFigure } from "../src/landscape/network-slice-figure.js";
import { networkSection } from "../src/landscape/network-section.js";
import { networkSpectrumFigure } from "../src/landscape/network-spectrum-figure.js";
import { renderGallery } from "../src/render/gallery.js";
import { withGallerySections } from "../src/render/gallery-sections.js";
import { NETWORK_SETTINGS, runNetworkStudy, type NetworkSettings } from "../src/landscape/network-study.js";
import type { Study } from "../src/landscape/types.js";
import { builtinTable } from "../src/nn/datasets.js";
import { forward } from "../src/nn/forward.js";
import { hessianSpectrum } from "../src/nn/hessian.js";
import { initializeNetwork } from "../src/nn/init.js";
import { layerStatistics } from "../src/nn/layer-stats.js";
import { makeDocument, parseSvg } from "./helpers/svg.js";

const study = runNetworkStudy(0);
const asStudy = (n: typeof study): Study => ({ networks: n }) as unknown as Study;

describe("runNetworkStudy", () => {
  const data = builtinTable(NETWORK_SETTINGS.data, { samples: NETWORK_SETTINGS.samples, noise: null, dataSeed: NETWORK_SETTINGS.dataSeed });

  it("trains MSE from the bad start and every proper init, then cross-entropy from the bad start", () => {
    expect(study.runs.map((r) => r.key)).toEqual(["mse-bad", "mse-xavier-normalized", "mse-he", "bce-bad"]);
    expect(study.arch).toEqual({ inputs: 2, hidden: [8, 8, 8], activation: "sigmoid" });
    expect(study.data).toEqual(data);
  });

  it("draws each start as `layers --seed S --init …` does, and measures it with layerStatistics", () => {
    for (const r of study.runs) {
      const { theta } = initializeNetwork(study.arch, r.init, seededRandom(0), 1, data);
      expect(r.start).toEqual(theta);
      expect(r.layers).toEqual(layerStatistics(study.arch, theta, data, r.loss));
      expect(r.curve[0]).toBe(forward(study.arch, theta, data, r.loss).loss);
      expect(r.curve[r.curve.length - 1]).toBe(forward(study.arch, r.final, data, r.loss).loss);
      expect(r.curve.length).toBe(NETWORK_SETTINGS.train.epochs + 1);
      expect(r.trajectory[0]).toEqual(r.start);
      expect(r.trajectory[r.trajectory.length - 1]).toEqual(r.final);
    }
  });

  it("slices MSE through the cross-entropy run's PCA plane, exactly at every grid point it shows", () => {
    const sl = study.slice;
    const plane = study.runs.find((r) => r.key === sl.planeRun)!;
    expect(plane.loss).toBe("bce");
    const [d1, d2] = sl.pca.directions;
    const { alpha, beta } = sl.result;
    for (const [i, j] of [[0, 0], [3, 17], [alpha.length - 1, beta.length - 1]]) {
      const theta = plane.final.map((v, k) => v + alpha[j] * d1[k] + beta[i] * d2[k]);
      const want = forward(study.arch, theta, data, "mse").loss;
      expect(Math.abs(sl.result.fields.loss.data[i * alpha.length + j] - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, want));
    }
    // The window holds every projected point of every run.
    for (const run of sl.projections) for (const p of run) {
      expect(p.alpha).toBeGreaterThanOrEqual(alpha[0]);
      expect(p.alpha).toBeLessThanOrEqual(alpha[alpha.length - 1]);
      expect(p.beta).toBeGreaterThanOrEqual(beta[0]);
      expect(p.beta).toBeLessThanOrEqual(beta[beta.length - 1]);
    }
    // The centre is the plane run's last point: on the plane, at the origin.
    const last = sl.projections[study.runs.indexOf(plane)].at(-1)!;
    expect(Math.abs(last.alpha) + Math.abs(last.beta) + last.offPlane).toBeLessThan(1e-9);
  });

  it("sets ε so that the run's steps at that slope cannot cover the distance it travelled", () => {
    const plane = study.runs.find((r) => r.key === study.slice.planeRun)!;
    const o = NETWORK_SETTINGS.train.optimizerOptions;
    const D = Math.sqrt(plane.start.reduce((s, v, k) => s + (v - plane.final[k]) ** 2, 0));
    expect(study.slice.epsilon.value).toBeCloseTo(D / ((o.lr / (1 - o.momentum)) * plane.steps), 14);
    expect(plane.steps).toBe(NETWORK_SETTINGS.train.epochs * Math.ceil(NETWORK_SETTINGS.samples / NETWORK_SETTINGS.train.batchSize));
  });

  it("gives the exact MSE Hessian spectrum at the bad start and at the slice centre", () => {
    const bad = study.runs[0];
    const plane = study.runs.find((r) => r.key === study.slice.planeRun)!;
    expect(study.spectrum.map((p) => p.key)).toEqual(["start", "trained"]);
    expect(study.spectrum[0].eigenvalues).toEqual(hessianSpectrum(study.arch, bad.start, data, "mse").eigenvalues);
    expect(study.spectrum[1].eigenvalues).toEqual(hessianSpectrum(study.arch, plane.final, data, "mse").eigenvalues);
  });

  it("summarizes each spectrum from its exact eigenvalues; the SLQ density is seeded with the study's seed, Lanczos' top matches", () => {
    for (const p of study.spectrum) {
      const e = p.eigenvalues;
      expect(p.lambdaMin).toBe(e[0]);
      expect(p.lambdaMax).toBe(e[e.length - 1]);
      const tol = 1e-10 * Math.max(-e[0], e[e.length - 1]);
      expect(p.negatives).toBe(e.filter((v) => v < -tol).length);
      expect(p.zeros).toBe(e.filter((v) => Math.abs(v) <= tol).length);
      expect(p.maxAbs).toBe(Math.max(-e[0], e[e.length - 1]));
      expect(Array.from(p.top)).toEqual(Array.from(e).reverse().slice(0, 10));
      expect(Math.abs(p.trace - e.reduce((s, v) => s + v, 0))).toBeLessThan(1e-12 * Math.max(1, Math.abs(p.trace)) + 1e-15);
      expect(p.summary.density.seed).toBe(0);
      expect(p.summary.exactDensity).not.toBeNull();
      const lanczos = Array.from(p.summary.eigen!.top.values);
      expect(p.lanczosError).toBe(lanczos.reduce((m, v, i) => Math.max(m, Math.abs(v - p.top[i])), 0) / p.maxAbs);
      expect(p.lanczosError).toBeLessThan(1e-8);
    }
    const caption = networkSpectrumFigure.caption(asStudy(study));
    expect(caption).toContain("all 177 eigenvalues exact");
    expect(caption).toContain(g3(study.spectrum[1].lambdaMax));
    expect(caption).toContain(study.spectrum[0].maxAbs.toExponential(1).replace(/-/g, "−"));
    expect(caption).toContain(`${study.spectrum[1].negatives} negative`);
    expect(caption).toContain(study.spectrum[1].zeros > 0 ? `, ${study.spectrum[1].zeros} zero,` : "none negative");
    expect(caption).toContain("≤ 1.0e−10·max |λ| count as zero");
  });

  it("claims only what the runs show", () => {
    const c = study.claims;
    study.runs.forEach((r, k) => {
      expect(c.trains[k]).toBe(r.accuracy >= 0.95);
      let lo = Infinity, hi = -Infinity;
      for (const v of r.curve) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
      expect(c.curveExtent[k]).toEqual([lo, hi]);
      expect(c.flat[k]).toBe(hi - lo < FLAT_CURVE_SPAN * hi);
    });
    expect(c.mseStalls).toBe(!c.trains[0] && c.trains[1] && c.trains[2]);
    expect(c.badSaturation).toEqual(study.runs[0].layers.map((l) => l.activation.saturated));
  });
});

describe("the networks figures' text follows the data", () => {
  // A different network, start and budget: nothing in the text may be left over from the defaults.
  const small: NetworkSettings = { ...NETWORK_SETTINGS, hidden: [5, 5], badStart: { kind: "normal", std: 1 }, samples: 60, train: { ...NETWORK_SETTINGS.train, epochs: 40 }, sliceCount: 5, every: 20 };
  const other = runNetworkStudy(3, undefined, small);

  it("states each run's accuracy and losses in the curves caption, flat or not", () => {
    for (const n of [study, other]) {
      const caption = networkCurvesFigure.caption(asStudy(n));
      expect(caption).toContain(`${n.data.y.length} samples of moons`);
      n.runs.forEach((r, k) => {
        expect(caption).toContain(`${Math.round(r.accuracy * 1000) / 10}%`);
        expect(caption).toContain(n.claims.flat[k] ? `stays flat at ${g3(r.finalLoss)}` : `to ${g3(r.finalLoss)}`);
      });
    }
    expect(networkCurvesFigure.caption(asStudy(other))).toContain("2-5-5-1 sigmoid");
  });

  it("headlines the stall only when MSE from the bad start stalls", () => {
    const headline = (n: typeof study): string => parseSvg(networkCurvesFigure.render(asStudy(n), makeDocument(), { scheme: "viridis", scale: "auto", curvesScale: "log", contourLines: true })).querySelector("title")!.textContent!;
    expect(study.claims.mseStalls).toBe(true);
    expect(headline(study)).toContain("never gets going");
    expect(other.claims.mseStalls).toBe(false);
    expect(headline(other)).not.toContain("never gets going");
  });

  it("layer-stats states the bad start's saturation per layer and the first-layer gradients", () => {
    const caption = layerStatsFigure.caption(asStudy(study));
    for (const v of study.claims.badSaturation) expect(caption).toContain(`${Math.round(v * 1000) / 10}%`);
    for (const v of study.claims.firstLayerBackprop) expect(caption).toContain(g3(v));
    const svg = parseSvg(layerStatsFigure.render(asStudy(study), makeDocument(), { scheme: "viridis", scale: "auto", curvesScale: "log", contourLines: true }));
    // The cross-entropy run shares the bad start: gradient line only, no second set of boxes.
    expect(svg.querySelectorAll(".layer-boxes")).toHaveLength(3);
    expect(svg.querySelectorAll(".backprop-panel .series")).toHaveLength(4);
  });

  it("slice.svg's caption states the PCA shares, ε, the bad start's gradient and each run's distance off the plane", () => {
    const sl = study.slice;
    const caption = networkSliceFigure.caption(asStudy(study));
    for (const v of sl.pca.explainedVarianceRatio) expect(caption).toContain(`${Math.round(v * 1000) / 10}%`);
    expect(caption).toContain(sl.epsilon.value.toExponential(1).replace("-", "−"));
    expect(caption).toContain(sl.badStartGradNorm < sl.epsilon.value ? "lies inside" : "lies outside");
    study.runs.forEach((_, k) => {
      const far = sl.projections[k].reduce((m, p) => Math.max(m, p.offPlane), 0);
      expect(sl.maxOffPlane[k]).toBe(far / sl.scale);
      expect(caption).toContain(g3(far));
    });
  });

  it("formats ratios as the subtitle prints them", () => {
    expect(times(35.2)).toBe("35×");
    expect(times(1.22e7)).toBe("1.2·10⁷×");
    expect(times(1e4)).toBe("10⁴×");
  });

  it("opens one gallery section for the networks figures, with an intro from the study", () => {
    const sec = networkSection(asStudy(study));
    expect(sec.intro).toContain("2-8-8-8-1 sigmoid network on 100 samples of moons");
    expect(sec.intro).toContain("under cross-entropy from the bad start normal:12");
    const item = (file: string, section?: typeof sec) => ({ file, title: file, caption: "c", width: 1, height: 1, ...(section ? { section } : {}) });
    const items = [item("a.svg"), item("layer-stats.svg", sec), item("slice.svg", sec)];
    const html = withGallerySections(renderGallery("t", "i", items), items);
    expect(html.match(/<h2>/g)).toHaveLength(1);
    expect(html.indexOf("<h2>")).toBeGreaterThan(html.indexOf('id="a"'));
    expect(html.indexOf("<h2>")).toBeLessThan(html.indexOf('id="layer-stats"'));
  });

  it("lists the section in the manifest", () => {
    const m = networkManifest(study) as { runs: Array<{ key: string; accuracy: number }>; parameters: number; spectrum: Array<{ lambdaMax: number }> };
    expect(m.parameters).toBe(177);
    expect(m.runs.map((r) => r.accuracy)).toEqual(study.runs.map((r) => r.accuracy));
    expect(g3(1.5e-4)).toBe("1.50e−4");
    expect(g3(-0.25)).toBe("−0.250");
    expect(m.spectrum[1].lambdaMax).toBe(study.spectrum[1].eigenvalues.at(-1));
  });
});
