// SVG serialization: the last stage of every figure.
//
// Byte-identical reruns and small files need two normalisations before the DOM is
// turned into text: geometric attributes are rounded to 2 decimals (0.01 px is far
// below what any screen or printer resolves), and ids are renumbered in document
// order under a per-figure prefix, so two figures inlined in one page never clash.

import { ID_COUNTER_ATTR } from "./svg.js";
import type { Svg } from "./svg.js";

/** Attributes whose numbers are coordinates or lengths. */
const GEOMETRIC = new Set([
  "d", "points", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height",
  "transform", "viewBox", "stroke-width", "dy", "dx",
]);

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/** A number with at most 2 decimals, trailing zeros dropped, never "-0". */
export function round2(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) || r === 0 ? "0" : String(r);
}

/** Rounds every number in an attribute value (paths, transforms, point lists). */
export function roundNumbers(text: string): string {
  return text.replace(NUMBER, (m) => round2(Number(m)));
}

function renumberIds(root: Element, prefix: string): void {
  const map = new Map<string, string>();
  let n = 0;
  for (const el of [root, ...Array.from(root.querySelectorAll("[id]"))]) {
    const id = el.getAttribute("id");
    if (id === null) continue;
    const next = `${prefix}-${++n}`;
    map.set(id, next);
    el.setAttribute("id", next);
  }
  if (map.size === 0) return;
  const ref = /url\(#([^)]+)\)|^#(.+)$/g;
  for (const el of [root, ...Array.from(root.querySelectorAll("*"))]) {
    for (const attr of Array.from(el.attributes)) {
      if (!attr.value.includes("#")) continue;
      const v = attr.value.replace(ref, (m, a?: string, b?: string) => {
        const id = map.get((a ?? b) as string);
        if (id === undefined) return m;
        return a !== undefined ? `url(#${id})` : `#${id}`;
      });
      if (v !== attr.value) el.setAttribute(attr.name, v);
    }
  }
}

export interface SerializeOptions {
  /** Prefix of every id in the figure, e.g. the file's stem ("mse-landscape"). */
  idPrefix: string;
}

/** Normalises the figure in place and returns it as standalone SVG text (UTF-8, trailing newline). */
export function serializeSvg(svg: Svg, options: SerializeOptions): string {
  const root = svg.node() as SVGSVGElement;
  root.removeAttribute(ID_COUNTER_ATTR);
  for (const el of [root, ...Array.from(root.querySelectorAll("*"))]) {
    for (const name of GEOMETRIC) {
      const v = el.getAttribute(name);
      if (v !== null) el.setAttribute(name, roundNumbers(v));
    }
  }
  renumberIds(root, options.idPrefix);
  const view = root.ownerDocument.defaultView;
  if (!view) throw new Error("serializeSvg needs a document with a window (jsdom: new JSDOM().window.document)");
  const xml = new view.XMLSerializer().serializeToString(root);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}
