// The figure root: an <svg> element created in a document the caller passes in
// (jsdom in the CLI and tests), so renderers never depend on a global DOM.
//
// Every figure is fit for embedding: viewBox plus width/height, role="img", <title>
// and <desc> first (what screen readers and the browser tooltip use), and a system
// font stack so no web font is fetched.

import { select, type Selection } from "d3";

export const SVG_NS = "http://www.w3.org/2000/svg";

/** System fonts only: the figures must not reference anything external. */
export const FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;
export type G = Selection<SVGGElement, unknown, null, undefined>;

export interface FigureSpec {
  width: number;
  height: number;
  /** Accessible name: the <title> element. */
  title: string;
  /** Accessible description: the <desc> element. */
  desc: string;
}

/** Creates a detached <svg> root in `doc` with title and desc as its first children. */
export function createSvg(doc: Document, spec: FigureSpec): Svg {
  const el = doc.createElementNS(SVG_NS, "svg") as SVGSVGElement;
  const svg = select(el)
    .attr("xmlns", SVG_NS)
    .attr("viewBox", `0 0 ${spec.width} ${spec.height}`)
    .attr("width", spec.width)
    .attr("height", spec.height)
    .attr("role", "img")
    .attr("font-family", FONT_STACK)
    .attr("font-size", 12);
  // textContent, never innerHTML: user text is data, escaped by the serializer.
  svg.append("title").text(spec.title);
  svg.append("desc").text(spec.desc);
  svg.append("rect").attr("class", "background").attr("width", spec.width).attr("height", spec.height).attr("fill", "#ffffff");
  return svg;
}

/** The root attribute counting ids handed out; serializeSvg removes it. */
export const ID_COUNTER_ATTR = "data-ids";

/** An id unique within one figure; serializeSvg renumbers them deterministically. */
export function localId(svg: Svg, stem: string): string {
  // The count lives on the figure's own root, not in module state.
  const node = svg.node() as SVGSVGElement;
  const n = Number(node.getAttribute(ID_COUNTER_ATTR) ?? "0") + 1;
  node.setAttribute(ID_COUNTER_ATTR, String(n));
  return `${stem}-${n}`;
}
