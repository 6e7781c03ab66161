// Legend: one row per run (colour, line style, label) plus entries for the flat
// region and the marker key. It is laid out in columns inside a box the figure gives
// it, outside the plot, so it never covers a trajectory.

import { textWidth } from "./format.js";
import type { Rect } from "./frame.js";
import { HALO } from "./palette.js";
import type { G, Svg } from "./svg.js";

export type LegendEntry =
  | { kind: "run"; color: string; dashed?: boolean; label: string }
  | { kind: "flat-region"; hatch: string; label: string; variant?: "plateau" | "floor" }
  | { kind: "markers"; label?: string }
  | { kind: "line"; color: string; dashed?: boolean; label: string }
  | { kind: "dot"; color: string; hollow?: boolean; label: string }
  /** A filled swatch, e.g. the not-computed area's hatch (its url(#…), or "" to be filled in by the figure). */
  | { kind: "area"; fill: string; stroke: string; label: string };

const ROW = 17;
const SWATCH = 26;
const FONT = 11;

/** Columns that fit `width` given the longest label (estimated). */
export function legendColumns(entries: LegendEntry[], width: number): number {
  const longest = Math.max(...entries.map((e) => SWATCH + 8 + textWidth(labelOf(e), FONT)));
  return Math.max(1, Math.min(entries.length, Math.floor(width / (longest + 14))));
}

const labelOf = (e: LegendEntry): string => (e.kind === "markers" ? e.label ?? "○ start   ● end   · epoch end" : e.label);

/** Height the legend needs inside `width`. */
export function legendHeight(entries: LegendEntry[], width: number): number {
  return Math.ceil(entries.length / legendColumns(entries, width)) * ROW;
}

export function drawLegend(parent: G | Svg, box: Rect, entries: LegendEntry[]): G {
  const g = (parent as G).append("g").attr("class", "legend").attr("font-size", FONT);
  const cols = legendColumns(entries, box.width);
  const rows = Math.ceil(entries.length / cols);
  const colWidth = box.width / cols;
  entries.forEach((e, k) => {
    // Column-major, so related runs listed together stay in one column.
    const col = Math.floor(k / rows);
    const row = k % rows;
    const x = box.left + col * colWidth;
    const y = box.top + row * ROW + ROW / 2;
    const item = g.append("g").attr("class", `legend-entry legend-${e.kind}`).attr("transform", `translate(${x},${y})`);
    if (e.kind === "run" || e.kind === "line") {
      item.append("line").attr("x1", 0).attr("x2", SWATCH).attr("stroke", HALO).attr("stroke-width", 3.6);
      const l = item.append("line").attr("x1", 0).attr("x2", SWATCH).attr("stroke", e.color).attr("stroke-width", 1.8);
      if (e.dashed) l.attr("stroke-dasharray", "5 3");
      if (e.kind === "run") {
        item.append("circle").attr("cx", 2).attr("r", 3.2).attr("fill", "#ffffff").attr("stroke", e.color).attr("stroke-width", 1.5);
        item.append("circle").attr("cx", SWATCH - 2).attr("r", 3.2).attr("fill", e.color);
      }
    } else if (e.kind === "dot") {
      item.append("circle").attr("cx", SWATCH / 2).attr("r", 3.2).attr("fill", e.hollow ? "#ffffff" : e.color).attr("stroke", e.color).attr("stroke-width", 1.4);
    } else if (e.kind === "area") {
      item.append("rect").attr("y", -6).attr("width", SWATCH).attr("height", 12).attr("fill", e.fill).attr("stroke", e.stroke).attr("stroke-width", 0.8);
    } else if (e.kind === "flat-region") {
      item.append("rect").attr("y", -6).attr("width", SWATCH).attr("height", 12).attr("fill", "#4d4d4d");
      item.append("rect").attr("y", -6).attr("width", SWATCH).attr("height", 12).attr("fill", e.hatch).attr("stroke", "#ffffff").attr("stroke-width", 1.2);
    } else {
      // The marker key has no swatch: the glyphs in its text are the key.
    }
    item
      .append("text")
      .attr("x", e.kind === "markers" ? 0 : SWATCH + 6)
      .attr("dy", "0.35em")
      .text(labelOf(e));
  });
  return g;
}
