// One (w, b) panel: heatmap bands, optional contour lines, the flat-region overlay,
// trajectories, axes and markers. Single- and two-panel figures compose these.

import { drawAxes } from "./axes.js";
import { textWidth } from "./format.js";
import { drawBandEdges, drawContourLines } from "./contours.js";
import { drawFlatRegion, type FlatSplit } from "./flat-region.js";
import { clippedLayer, plotFrame, type GridField, type PlotFrame, type Rect } from "./frame.js";
import { drawHeatmap } from "./heatmap.js";
import { drawInset } from "./inset.js";
import { runStages, type Stage } from "./pipeline.js";
import type { ColorBands } from "./scales.js";
import type { G, Svg } from "./svg.js";
import { drawTrajectories, type Trajectory } from "./trajectories.js";

export interface PointMarker {
  w: number;
  b: number;
  label: string;
}

export interface PanelInput {
  field: GridField;
  bands: ColorBands;
  contourLines: boolean;
  /** The flat region |∇L| < ε; with `split`, drawn as plateau (model wrong) and floor (model right). */
  flat?: { gradNorm: GridField; epsilon: number; split?: FlatSplit };
  trajectories: Trajectory[];
  /** Labelled points (the bad start, an optimum) drawn as crosshair rings. */
  markers?: PointMarker[];
  /** Key of a trajectory to magnify in an inset when it is too short to see (inset.ts). */
  zoom?: string;
  /** Panel label drawn inside the plot's top-left corner, e.g. "MSE". */
  label?: string;
  xTicks?: number;
  yTicks?: number;
}

interface PanelContext {
  svg: Svg;
  root: G;
  rect: Rect;
  input: PanelInput;
  frame?: PlotFrame;
  bandIds?: Array<{ threshold: number; id: string }>;
}

const frameOf = (ctx: PanelContext): PlotFrame => {
  if (!ctx.frame) throw new Error("panel stage ran before 'frame'");
  return ctx.frame;
};

/** The panel stages, in drawing order. */
export const PANEL_STAGES: Array<Stage<PanelContext>> = [
  {
    name: "frame",
    run(ctx) {
      const { w, b } = ctx.input.field;
      ctx.frame = plotFrame(ctx.svg, ctx.rect, [w[0], w[w.length - 1]], [b[0], b[b.length - 1]]);
      const f = ctx.frame;
      // Lets tests (and anyone reading the file) map pixels back to (w, b).
      ctx.root
        .attr("data-plot", [ctx.rect.left, ctx.rect.top, ctx.rect.width, ctx.rect.height].join(","))
        .attr("data-domain", [...f.x.domain(), ...f.y.domain()].join(","));
    },
  },
  {
    name: "heatmap",
    run(ctx) {
      ctx.bandIds = drawHeatmap(ctx.root, ctx.input.field, ctx.input.bands, frameOf(ctx), ctx.svg).bandIds;
    },
  },
  {
    name: "contours",
    run(ctx) {
      // Lines along the band edges reuse the band paths; without a heatmap, contour afresh.
      if (!ctx.input.contourLines) return;
      if (ctx.bandIds) drawBandEdges(ctx.root, ctx.bandIds, frameOf(ctx));
      else drawContourLines(ctx.root, ctx.input.field, ctx.input.bands, frameOf(ctx));
    },
  },
  {
    name: "flat-region",
    run(ctx) {
      const flat = ctx.input.flat;
      if (flat) drawFlatRegion(ctx.svg, ctx.root, flat.gradNorm, flat.epsilon, frameOf(ctx), undefined, flat.split);
    },
  },
  {
    name: "markers",
    run(ctx) {
      const f = frameOf(ctx);
      const layer = clippedLayer(ctx.root, f, "markers");
      for (const m of ctx.input.markers ?? []) {
        const x = f.x(m.w);
        const y = f.y(m.b);
        const g = layer.append("g").attr("class", "marker");
        g.append("circle").attr("cx", x).attr("cy", y).attr("r", 9).attr("fill", "none").attr("stroke", "#000000").attr("stroke-width", 2.8).attr("stroke-opacity", 0.7);
        g.append("circle").attr("cx", x).attr("cy", y).attr("r", 9).attr("fill", "none").attr("stroke", "#ffffff").attr("stroke-width", 1.4);
        // Label centred below the ring: trajectories from a bad start in the lower
        // half leave upwards or sideways, and the plot clips anything past its edges.
        // Bold glyphs run ~15% wider than textWidth's regular-weight estimate.
        const half = (textWidth(m.label, 11) * 1.15) / 2;
        const tx = Math.min(Math.max(x, f.rect.left + half + 2), f.rect.left + f.rect.width - half - 2);
        const below = y + 24 < f.rect.top + f.rect.height;
        g.append("text").attr("x", tx).attr("y", below ? y + 23 : y - 14).attr("text-anchor", "middle").attr("font-size", 11).attr("font-weight", 600)
          .attr("stroke", "#ffffff").attr("stroke-width", 3).attr("stroke-linejoin", "round").attr("paint-order", "stroke").text(m.label);
      }
    },
  },
  { name: "trajectories", run: (ctx) => void drawTrajectories(ctx.root, ctx.input.trajectories, frameOf(ctx)) },
  {
    name: "inset",
    run(ctx) {
      const t = ctx.input.trajectories.find((r) => r.key === ctx.input.zoom);
      if (t) drawInset(ctx.root, frameOf(ctx), t);
    },
  },
  {
    name: "axes",
    run(ctx) {
      const f = frameOf(ctx);
      drawAxes(ctx.root, ctx.rect, f.x, f.y, { xLabel: "w", yLabel: "b", xTicks: ctx.input.xTicks, yTicks: ctx.input.yTicks });
    },
  },
  {
    name: "label",
    run(ctx) {
      if (!ctx.input.label) return;
      ctx.root.append("text").attr("class", "panel-label").attr("x", ctx.rect.left + 8).attr("y", ctx.rect.top + 18)
        .attr("font-size", 13).attr("font-weight", 700).attr("fill", "#000000")
        .attr("stroke", "#ffffff").attr("stroke-width", 3.5).attr("stroke-linejoin", "round").attr("paint-order", "stroke")
        .text(ctx.input.label);
    },
  },
];

/** Draws one panel into a new <g class="panel"> and returns its frame. */
export function drawPanel(svg: Svg, rect: Rect, input: PanelInput, skip?: ReadonlySet<string>): PlotFrame {
  const root = svg.append("g").attr("class", "panel") as unknown as G;
  const ctx: PanelContext = { svg, root, rect, input };
  runStages(ctx, PANEL_STAGES, skip);
  return frameOf(ctx);
}
