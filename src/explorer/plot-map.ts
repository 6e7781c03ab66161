// Pixels of a rendered panel to (w, b) and back, and the grid node nearest a point.
// Every panel the renderers draw carries data-plot="left,top,width,height" and
// data-domain="wMin,wMax,bMin,bMax" in SVG user units; w runs left to right and b
// bottom to top (src/render/frame.ts).

import { axisValues, type GridSpec } from "../numerics/grid.js";

export interface PanelMap {
  left: number;
  top: number;
  width: number;
  height: number;
  w: [number, number];
  b: [number, number];
}

/** Parses a panel's data-plot and data-domain attributes; null when either is malformed. */
export function panelMap(plot: string | null, domain: string | null): PanelMap | null {
  const p = (plot ?? "").split(",").map(Number);
  const d = (domain ?? "").split(",").map(Number);
  if (p.length !== 4 || d.length !== 4 || ![...p, ...d].every(Number.isFinite)) return null;
  return { left: p[0], top: p[1], width: p[2], height: p[3], w: [d[0], d[1]], b: [d[2], d[3]] };
}

export const contains = (m: PanelMap, x: number, y: number): boolean =>
  x >= m.left && x <= m.left + m.width && y >= m.top && y <= m.top + m.height;

export function toData(m: PanelMap, x: number, y: number): [number, number] {
  return [m.w[0] + ((x - m.left) / m.width) * (m.w[1] - m.w[0]), m.b[0] + ((m.top + m.height - y) / m.height) * (m.b[1] - m.b[0])];
}

export function toPixel(m: PanelMap, w: number, b: number): [number, number] {
  return [m.left + ((w - m.w[0]) / (m.w[1] - m.w[0])) * m.width, m.top + m.height - ((b - m.b[0]) / (m.b[1] - m.b[0])) * m.height];
}

/** A grid node: column j (w) and row i (b). */
export interface Node {
  i: number;
  j: number;
}

const clampIndex = (k: number, count: number): number => Math.min(count - 1, Math.max(0, k));

/** The grid node nearest (w, b), clamped to the grid. */
export function nearestNode(grid: GridSpec, w: number, b: number): Node {
  const j = Math.round(((w - grid.w.min) / (grid.w.max - grid.w.min)) * (grid.w.count - 1));
  const i = Math.round(((b - grid.b.min) / (grid.b.max - grid.b.min)) * (grid.b.count - 1));
  return { i: clampIndex(i, grid.b.count), j: clampIndex(j, grid.w.count) };
}

/** Moves a node by (dj, di) steps, staying on the grid. */
export function moveNode(grid: GridSpec, n: Node, dj: number, di: number): Node {
  return { i: clampIndex(n.i + di, grid.b.count), j: clampIndex(n.j + dj, grid.w.count) };
}

/**
 * The start a node stands for: the grid value with its linspace rounding noise
 * removed (12 significant digits), so a click on (−5, −10) starts exactly there.
 */
export function nodeStart(grid: GridSpec, n: Node): [number, number] {
  const w = axisValues(grid.w)[n.j];
  const b = axisValues(grid.b)[n.i];
  const clean = (v: number): number => Number(v.toPrecision(12)) || 0;
  return [clean(w), clean(b)];
}
