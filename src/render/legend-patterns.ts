// Fills the legend's flat-region swatches with the figure's own patterns: stripes for
// the plateau (or the whole flat region), dots for the minimum's floor.

import { floorPattern, hatchPattern } from "./flat-region.js";
import type { LegendEntry } from "./legend.js";
import type { Svg } from "./svg.js";

export function withPatterns(svg: Svg, entries: LegendEntry[]): LegendEntry[] {
  const flat = entries.filter((e) => e.kind === "flat-region");
  if (flat.length === 0) return entries;
  const stripes = flat.some((e) => e.variant !== "floor") ? hatchPattern(svg) : "";
  const dots = flat.some((e) => e.variant === "floor") ? floorPattern(svg) : "";
  return entries.map((e) => (e.kind === "flat-region" ? { ...e, hatch: e.variant === "floor" ? dots : stripes } : e));
}
