// Test helpers: a jsdom document for renderers, an XML parser for their output, and
// the pixel ↔ (w, b) mapping a panel records in its data-plot/data-domain attributes.

import { JSDOM } from "jsdom";

export function makeDocument(): Document {
  return new JSDOM("<!DOCTYPE html><html><body></body></html>").window.document;
}

/** Parses SVG text as XML; throws on any parse error. */
export function parseSvg(text: string): Document {
  const { window } = new JSDOM("");
  const doc = new window.DOMParser().parseFromString(text, "image/svg+xml");
  const err = doc.getElementsByTagName("parsererror")[0];
  if (err) throw new Error(`SVG is not well-formed XML: ${err.textContent}`);
  return doc;
}

export interface PanelMap {
  toPixel(w: number, b: number): [number, number];
  toData(x: number, y: number): [number, number];
}

export function panelMap(panel: Element): PanelMap {
  const [left, top, width, height] = (panel.getAttribute("data-plot") ?? "").split(",").map(Number);
  const [w0, w1, b0, b1] = (panel.getAttribute("data-domain") ?? "").split(",").map(Number);
  return {
    toPixel: (w, b) => [left + ((w - w0) / (w1 - w0)) * width, top + height - ((b - b0) / (b1 - b0)) * height],
    toData: (x, y) => [w0 + ((x - left) / width) * (w1 - w0), b0 + ((top + height - y) / height) * (b1 - b0)],
  };
}

/** Rings of an "M x,y L x,y … Z" path (as written by the renderers). */
export function pathRings(d: string): Array<Array<[number, number]>> {
  const rings: Array<Array<[number, number]>> = [];
  for (const part of d.split("M").filter((s) => s.trim() !== "")) {
    const ring = part
      .replace(/Z/g, "")
      .split("L")
      .map((p) => p.split(",").map(Number) as [number, number]);
    rings.push(ring);
  }
  return rings;
}

/** Even-odd point-in-polygon over all rings (holes are rings inside rings). */
export function insideRings(rings: Array<Array<[number, number]>>, [x, y]: [number, number]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
