// sharpness.svg and connect.svg of the networks section: the geometry part
// (network-geometry.ts) drawn with the `sharpness --svg` and `connect --svg` renderers.
// Every number a caption or heading states is read from the study.

import { connectFigure } from "../geometry/connect-figure.js";
import { sharpnessFigure } from "../geometry/sharpness-figure.js";
import type { SharpnessReport } from "../geometry/sharpness-report.js";
import { describeArchitecture, parameterCount } from "../nn/architecture.js";
import { LOSS_LABELS } from "../numerics/losses.js";
import type { OptimizerName } from "../train/optimizers.js";
import { renderConnectFigure } from "../render/figures/connect.js";
import { renderSharpnessFigure } from "../render/figures/sharpness.js";
import { formatPercent } from "../render/format.js";
import { g3, list, netContext, networks } from "./network-figures.js";
import type { NetworkGeometry } from "./network-geometry.js";
import type { NetworkStudy } from "./network-types.js";
import type { FigureBuilder, Study } from "./types.js";

export function geometry(s: Study): { n: NetworkStudy; g: NetworkGeometry } {
  const n = networks(s);
  if (!n.geometry) throw new Error("the study has no geometry part");
  return { n, g: n.geometry };
}

/** The six measures, each read from a report (smaller = flatter). */
export const MEASURES: ReadonlyArray<{ key: string; name: string; value: (r: SharpnessReport) => number | null }> = [
  { key: "keskar", name: "Keskar ε-sharpness", value: (r) => r.keskar.value },
  { key: "adaptive-inf", name: "adaptive sharpness (∞-norm)", value: (r) => r.adaptiveInf.value },
  { key: "adaptive-2", name: "adaptive sharpness (2-norm)", value: (r) => r.adaptive2.value },
  { key: "average", name: "average-case sharpness", value: (r) => r.average.mean },
  { key: "lambda-max", name: "λ_max", value: (r) => r.lambdaMax.value },
  { key: "trace", name: "trace", value: (r) => (r.trace ? r.trace.trace : null) },
];

function runText(label: string, r: SharpnessReport): string {
  const trace = r.trace ? `, trace ${g3(r.trace.trace)} ± ${g3(r.trace.standardError)}` : "";
  return (
    `${label} (loss ${g3(r.loss)}, accuracy ${formatPercent(r.accuracy)}): Keskar ${g3(r.keskar.value)}, adaptive ${g3(r.adaptiveInf.value)} (∞) and ${g3(r.adaptive2.value)} (2-norm), ` +
    `average-case ${g3(r.average.mean)} ± ${g3(r.average.standardError)}, λ_max ${g3(r.lambdaMax.value)}${trace}`
  );
}

/** Which measures call the bad start's end point flatter than every proper start's, and which sharper than every one. */
export function badStartRanking(g: NetworkGeometry): { flatter: string[]; sharper: string[] } {
  const [bad, ...proper] = g.sharpness.runs;
  const flatter: string[] = [], sharper: string[] = [];
  if (!bad || !bad.key.endsWith("-bad") || proper.length === 0) return { flatter, sharper };
  for (const m of MEASURES) {
    const b = m.value(bad.report);
    const others = proper.map((r) => m.value(r.report));
    if (b === null || others.some((v) => v === null)) continue;
    if (others.every((v) => b < (v as number))) flatter.push(m.name);
    else if (others.every((v) => b > (v as number))) sharper.push(m.name);
  }
  return { flatter, sharper };
}

function sharpnessCaption(s: Study): string {
  const { n, g } = geometry(s);
  const q = g.sharpness.request;
  const { flatter, sharper } = badStartRanking(g);
  const count = MEASURES.filter((m) => g.sharpness.runs.every((r) => m.value(r.report) !== null)).length;
  let verdict = "";
  if (g.sharpness.runs[0]?.key.endsWith("-bad")) {
    const parts = [
      flatter.length > 0 ? `flatter than every proper start's by ${flatter.length === count ? `all ${count}` : `${flatter.length} of the ${count}`} measures${flatter.length === count ? "" : ` (${list(flatter)})`}` : "",
      sharper.length > 0 ? `sharper than every proper start's by ${sharper.length} (${list(sharper)})` : "",
    ].filter((p) => p !== "");
    verdict = parts.length > 0 ? ` The bad start's end point is ${parts.join(" and ")}.` : " No measure ranks the bad start's end point flatter or sharper than every proper start's.";
    if (flatter.length > 0 && n.claims.mseStalls) verdict += ` It is flat because it never left the saturated plateau (it stays below ${formatPercent(n.accuracyTarget)} accuracy), not because training found a wide minimum.`;
  }
  return (
    `${LOSS_LABELS.mse} sharpness of the end points of the ${netContext(n)}, every measure of \`sharpness\` side by side: ` +
    `Keskar ε-sharpness (ε = ${q.epsilon}, 100·(max − L)/(1 + L)), adaptive sharpness (ρ = ${q.rho}, max − L), average-case (σ = ${q.sigma}, ${q.averageSamples} draws, ± standard error), ` +
    `the Hessian's λ_max (Lanczos) and trace (Hutchinson, ${q.traceProbes} probes); worst cases by ${q.restarts} ascent starts of ≤ ${q.iterations} steps, seed ${q.seed}. From ` +
    `${g.sharpness.runs.map((r) => runText(r.label, r.report)).join("; from ")}.${verdict} ` +
    `Keskar's and average-case sharpness and λ_max change under rescalings that leave a ReLU network's function unchanged; the adaptive kinds do not.`
  );
}

export const networkSharpnessFigure: FigureBuilder = {
  file: "sharpness.svg",
  needs: [],
  networks: true,
  geometry: true,
  title: (s) => `Sharpness of the ${describeArchitecture(networks(s).arch)} network's MSE solutions from the bad and the proper starts`,
  caption: sharpnessCaption,
  render(s, doc) {
    const { n, g } = geometry(s);
    const runs = g.sharpness.runs.map((r) => ({ label: r.label, source: r.key, architecture: describeArchitecture(n.arch), report: r.report }));
    const input = sharpnessFigure(runs, g.sharpness.request, { loss: "mse", samples: n.data.y.length, data: n.data.source });
    return renderSharpnessFigure(doc, {
      ...input,
      heading: { title: "Sharpness of the MSE end points, start by start", subtitle: input.heading.subtitle },
      desc: sharpnessCaption(s),
    });
  },
};

const OPTIMIZER_LABELS: Record<OptimizerName | "adamw", string> = { sgd: "SGD", momentum: "SGD-with-momentum", adam: "Adam", adamw: "AdamW" };

const pct = (v: number): string => `${Number((100 * v).toPrecision(2))}%`;

function connectCaption(s: Study): string {
  const { n, g } = geometry(s);
  const c = g.connect;
  const r = c.report;
  const [sa, sb] = c.seeds;
  const al = r.alignment;
  const moved = al ? al.moved.reduce((x, y) => x + y, 0) : 0;
  const units = n.arch.hidden.reduce((x, y) => x + y, 0);
  const before = r.linear.barrier.height;
  let alignText = "";
  if (al && r.aligned) {
    const after = r.aligned.barrier.height;
    const change = before > 0 ? ` (${after < before ? "down" : "up"} ${pct(Math.abs(after - before) / before)})` : "";
    const verb = after < before ? "lowers it to" : after > before ? "raises it to" : "leaves it at";
    alignText = ` Permuting B's hidden units to match A's by weight matching (Git Re-Basin; ${moved} of ${units} units moved, ${al.sweeps} sweep${al.sweeps === 1 ? "" : "s"}) ${verb} ${g3(after)} at t = ${r.aligned.barrier.t.toFixed(2)}${change}.`;
  }
  let curveText = "";
  if (r.curve) {
    const cb = r.curve.barrier.height;
    const lines = [before, ...(r.aligned ? [r.aligned.barrier.height] : [])];
    const cmp = lines.every((v) => cb < v) ? `below ${lines.length > 1 ? "both lines'" : "the line's"}` : lines.every((v) => cb > v) ? `above ${lines.length > 1 ? "both lines'" : "the line's"}` : "between the two lines'";
    curveText = ` A quadratic Bezier curve from A to ${r.aligned ? "the aligned B" : "B"}, its bend trained for ${r.curve.training.steps} ${OPTIMIZER_LABELS[r.curve.training.optimizer]} steps (lr ${r.curve.training.options.lr}) on E_t L, has barrier ${g3(cb)}, ${cmp}; its highest loss is ${g3(Math.max(...r.curve.loss))}. Below: the MSE over the plane through A, ${r.aligned ? "the aligned B" : "B"} and the bend, with the curve on it.`;
  }
  return (
    `Two ${LOSS_LABELS.mse} solutions of the ${netContext(n)} from ${c.init} starts with seeds ${sa} and ${sb}, trained alike ` +
    `(loss ${g3(r.endpoints.a.loss)} and ${g3(r.endpoints.b.loss)}, accuracy ${formatPercent(r.endpoints.a.accuracy)} and ${formatPercent(r.endpoints.b.accuracy)}). ` +
    `The barrier (Frankle et al.: the largest loss above the chord between the ends, over ${r.linear.t.length} points t) of the straight line is ${g3(before)} at t = ${r.linear.barrier.t.toFixed(2)}.` +
    alignText +
    curveText
  );
}

export const networkConnectFigure: FigureBuilder = {
  file: "connect.svg",
  needs: [],
  networks: true,
  geometry: true,
  title: (s) => `Mode connectivity between two seeds' solutions of the ${describeArchitecture(networks(s).arch)} network, before and after alignment`,
  caption: connectCaption,
  render(s, doc) {
    const { n, g } = geometry(s);
    const c = g.connect;
    const r = c.report;
    const input = connectFigure(r, {
      architecture: describeArchitecture(n.arch),
      params: parameterCount(n.arch),
      loss: "mse",
      samples: n.data.y.length,
      data: n.data.source,
      testData: null,
      a: `${c.init}, seed ${c.seeds[0]}`,
      b: `${c.init}, seed ${c.seeds[1]}`,
    });
    return renderConnectFigure(doc, {
      ...input,
      heading: {
        title: `Two ${c.init} solutions, seeds ${c.seeds[0]} and ${c.seeds[1]}: line, aligned line, curve`,
        subtitle: `barrier: line ${g3(r.linear.barrier.height)}${r.aligned ? `, after weight matching ${g3(r.aligned.barrier.height)}` : ""}${r.curve ? `, Bezier curve ${g3(r.curve.barrier.height)}` : ""}`,
      },
      desc: connectCaption(s),
    });
  },
};
