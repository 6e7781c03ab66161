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
/** Extra height of each wrapped line of a label. */
const LINE = 13;

/** Columns that fit `width` given the longest label (estimated). */
export function legendColumns(entries: LegendEntry[], width: number): number {
  const longest = Math.max(...entries.map((e) => SWATCH + 8 + textWidth(labelOf(e), FONT)));
  return Math.max(1, Math.min(entries.length, Math.floor(width / (longest + 14))));
}

const labelOf = (e: LegendEntry): string => (e.kind === "markers" ? e.label ?? "○ start   ● end   · epoch end" : e.label);

/**
 * A label's lines: one when it fits the column (always, with more than one column: the
 * columns are sized to the longest label), else wrapped at spaces so nothing is clipped.
 */
function labelLines(e: LegendEntry, colWidth: number): string[] {
  const text = labelOf(e);
  const room = colWidth - (e.kind === "markers" ? 0 : SWATCH + 6) - 4;
  if (textWidth(text, FONT) <= room) return [text];
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const next = line === "" ? word : `${line} ${word}`;
    if (line !== "" && textWidth(next, FONT) > room) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  lines.push(line);
  return lines;
}

/** Height the legend needs inside `width`. */
export function legendHeight(entries: LegendEntry[], width: number): number {
  const cols = legendColumns(entries, width);
  if (cols > 1) return Math.ceil(entries.length / cols) * ROW;
  return entries.reduce((h, e) => h + ROW + (labelLines(e, width).length - 1) * LINE, 0);
}

export function drawLegend(parent: G | Svg, box: Rect, entries: LegendEntry[]): G {
  const g = (parent as G).append("g").attr("class", "legend").attr("font-size", FONT);
  const cols = legendColumns(entries, box.width);
  const rows = Math.ceil(entries.length / cols);
  const colWidth = box.width / cols;
  // One column: rows grow with wrapped labels.
  let top = box.top;
  entries.forEach((e, k) => {
    // Column-major, so related runs listed together stay in one column.
    const col = Math.floor(k / rows);
    const row = k % rows;
    const lines = cols === 1 ? labelLines(e, colWidth) : [labelOf(e)];
    const x = box.left + col * colWidth;
    const y = cols === 1 ? top + ROW / 2 : box.top + row * ROW + ROW / 2;
    top += ROW + (lines.length - 1) * LINE;
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
    const text = item.append("text").attr("x", e.kind === "markers" ? 0 : SWATCH + 6);
    if (lines.length === 1) text.attr("dy", "0.35em").text(lines[0]);
    else lines.forEach((l, i) => text.append("tspan").attr("x", e.kind === "markers" ? 0 : SWATCH + 6).attr("dy", i === 0 ? "0.35em" : LINE).text(l));
  });
  return g;
}
