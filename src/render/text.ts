// Figure title and subtitle (visible text); the accessible <title>/<desc> are in svg.ts.

import type { G, Svg } from "./svg.js";

export interface Heading {
  title: string;
  subtitle?: string;
}

/** Height the heading takes at the top of a figure. */
export function headingHeight(h: Heading): number {
  return h.subtitle ? 52 : 34;
}

export function drawHeading(parent: G | Svg, h: Heading, x = 16): G {
  const g = (parent as G).append("g").attr("class", "heading");
  g.append("text").attr("class", "title").attr("x", x).attr("y", 24).attr("font-size", 16).attr("font-weight", 600).text(h.title);
  if (h.subtitle) {
    g.append("text").attr("class", "subtitle").attr("x", x).attr("y", 43).attr("font-size", 12).attr("fill", "#444444").text(h.subtitle);
  }
  return g;
}
