// The networks section's geometry part (sharpness.svg, connect.svg): its numbers are the
// library's `sharpness` and `connect` on the section's own solutions, it is deterministic,
// --no-geometry skips its work, and its captions follow the data (checked on data other
// than the defaults: another init for the connection, reports swapped between runs).

import { describe, expect, it } from "vitest";
import { connectReport } from "../src/geometry/connect.js";
import { networkObjective } from "../src/geometry/objective.js";
import { sharpnessReport } from "../src/geometry/sharpness-report.js";
import { NETWORK_GEOMETRY_SETTINGS, networkGeometry, type NetworkGeometry } from "../src/landscape/network-geometry.js";
import { badStartRanking, MEASURES, networkConnectFigure, networkSharpnessFigure } from "../src/landscape/network-geometry-figures.js";
import { geometryManifest } from "../src/landscape/network-geometry-manifest.js";
import { networkManifest } from "../src/landscape/network-manifest.js";
import { withNetworks } from "../src/landscape/network-section.js";
import { trainRun, type NetworkStudy } from "../src/landscape/network-study.js";
import type { Study } from "../src/landscape/types.js";
import { makeDocument } from "./helpers/svg.js";

const seed = 3;
// --no-geometry's route: the networks part without its geometry.
const plain = withNetworks({ options: { seed } } as unknown as Study, true, () => {}, false).networks as NetworkStudy;
const geo = networkGeometry(plain);
const study = { ...plain, geometry: geo };
const asStudy = (n: NetworkStudy): Study => ({ networks: n }) as unknown as Study;

describe("the geometry part's numbers", () => {
  it("is skipped by withNetworks when no geometry figure is drawn, and then absent from the manifest", () => {
    expect(plain.geometry).toBeUndefined();
    expect(networkManifest(plain).geometry).toBeUndefined();
    expect(networkManifest(study).geometry).toEqual(geometryManifest(geo));
  });

  it("measures every MSE end point with sharpnessReport, seeded with the study's seed", () => {
    const mse = plain.runs.filter((r) => r.loss === "mse");
    expect(geo.sharpness.runs.map((r) => r.key)).toEqual(mse.map((r) => r.key));
    expect(geo.sharpness.runs[0].key).toBe("mse-bad");
    expect(geo.sharpness.request.seed).toBe(seed);
    const obj = networkObjective(plain.arch, plain.data, "mse");
    geo.sharpness.runs.forEach((r, k) => expect(r.report).toEqual(sharpnessReport(obj, mse[k].final, geo.sharpness.request)));
  });

  it("connects the study's run of the chosen init with the same init trained with seed + 1, before and after weight matching", () => {
    const c = geo.connect;
    const k = NETWORK_GEOMETRY_SETTINGS.connectStart;
    const a = plain.runs.find((r) => r.loss === "mse" && r.startIndex === k)!;
    expect(c.aKey).toBe(a.key);
    expect(c.seeds).toEqual([seed, seed + 1]);
    const b = trainRun(plain.arch, plain.data, plain.settings, seed + 1, k, "mse");
    const g = NETWORK_GEOMETRY_SETTINGS;
    const expected = connectReport(
      { train: networkObjective(plain.arch, plain.data, "mse"), test: null, mlp: { arch: plain.arch, data: plain.data, loss: "mse" } },
      a.final, b.final,
      { points: g.points, align: "weights", curve: { ...g.curve, seed }, bendStart: null, planeGrid: g.planeGrid, seed },
    );
    expect(c.report).toEqual(expected);
    expect(c.report.alignment?.method).toBe("weights");
    expect(c.report.barrierDrop).toEqual({ before: c.report.linear.barrier.height, after: c.report.aligned!.barrier.height, drop: c.report.linear.barrier.height - c.report.aligned!.barrier.height });
  });

  it("is deterministic: a second run gives the same manifest entry and the same SVGs", () => {
    const again = networkGeometry(plain);
    expect(JSON.stringify(geometryManifest(again))).toBe(JSON.stringify(geometryManifest(geo)));
    const doc = makeDocument();
    for (const f of [networkSharpnessFigure, networkConnectFigure]) {
      const svg = f.render(asStudy(study), doc, { scheme: "viridis", scale: "auto", curvesScale: "log", contourLines: true });
      expect(svg).toBe(f.render(asStudy({ ...plain, geometry: again }), doc, { scheme: "viridis", scale: "auto", curvesScale: "log", contourLines: true }));
      expect(svg).not.toMatch(/NaN|Infinity/);
    }
  });
});

const g3 = (v: number): string => (v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toPrecision(3)).replace(/-/g, "−");

describe("the geometry captions follow the data", () => {
  it("state every run's measures and the ranking computed from them", () => {
    const caption = networkSharpnessFigure.caption(asStudy(study));
    for (const r of geo.sharpness.runs) {
      expect(caption).toContain(`${r.label} (loss ${g3(r.report.loss)}`);
      expect(caption).toContain(`Keskar ${g3(r.report.keskar.value)}`);
      expect(caption).toContain(`λ_max ${g3(r.report.lambdaMax.value)}`);
    }
    const { flatter, sharper } = badStartRanking(geo);
    const bad = geo.sharpness.runs[0].report, proper = geo.sharpness.runs.slice(1).map((r) => r.report);
    for (const m of MEASURES) {
      const b = m.value(bad)!, o = proper.map((r) => m.value(r)!);
      expect(flatter.includes(m.name)).toBe(o.every((v) => b < v));
      expect(sharper.includes(m.name)).toBe(o.every((v) => b > v));
    }
    expect(caption.includes("never left the saturated plateau")).toBe(flatter.length > 0 && plain.claims.mseStalls);
  });

  it("with the reports swapped between runs, say what the swapped numbers show", () => {
    const [bad, xn, he] = geo.sharpness.runs;
    const swapped = (runs: NetworkGeometry["sharpness"]["runs"]): NetworkGeometry => ({ ...geo, sharpness: { ...geo.sharpness, runs } });
    // The bad start's label with a proper run's numbers, against the bad start's numbers: sharper somewhere, never the plateau sentence.
    const g1 = swapped([{ ...bad, report: xn.report }, { ...xn, report: bad.report }, he]);
    const r1 = badStartRanking(g1);
    const c1 = networkSharpnessFigure.caption(asStudy({ ...plain, geometry: g1, claims: { ...plain.claims, mseStalls: false } }));
    expect(r1.flatter).toEqual([]);
    expect(c1).not.toContain("never left the saturated plateau");
    expect(c1).toContain(r1.sharper.length > 0 ? `sharper than every proper start's by ${r1.sharper.length}` : "No measure ranks");
    expect(c1).toContain(`bad start ${plain.runs[0].initText} (loss ${g3(xn.report.loss)}`);
  });

  it("say whether alignment lowered or raised the barrier, and where the curve's barrier lies, for another init's solutions", () => {
    const other = networkGeometry(plain, () => {}, { ...NETWORK_GEOMETRY_SETTINGS, connectStart: 1, curve: { ...NETWORK_GEOMETRY_SETTINGS.curve, steps: 50 }, planeGrid: 5 });
    for (const g of [geo, other]) {
      const r = g.connect.report;
      const caption = networkConnectFigure.caption(asStudy({ ...plain, geometry: g }));
      const before = r.linear.barrier.height, after = r.aligned!.barrier.height, curve = r.curve!.barrier.height;
      expect(caption).toContain(`from ${g.connect.init} starts with seeds ${seed} and ${seed + 1}`);
      expect(caption).toContain(`straight line is ${g3(before)}`);
      expect(caption).toContain(after < before ? `lowers it to ${g3(after)}` : `raises it to ${g3(after)}`);
      expect(caption).toContain(`has barrier ${g3(curve)}, ${curve < Math.min(before, after) ? "below both lines'" : curve > Math.max(before, after) ? "above both lines'" : "between the two lines'"}`);
      const moved = r.alignment!.moved.reduce((x, y) => x + y, 0);
      expect(caption).toContain(`${moved} of 24 units moved`);
    }
    expect(other.connect.init).toBe(plain.settings.properStarts[0].kind);
  });
});
