// The input plane: the grid the decision surface and the per-unit thumbnails are
// evaluated on (the CLI's forward pass at each grid point), and their painting.

import type { Architecture } from "../nn/architecture.js";
import { forward } from "../nn/forward.js";
import type { Table } from "../nn/table.js";
import { context, ramp, type Ink } from "./canvas.js";

export const GRID = 50;

export interface Plane {
  /** Horizontal and vertical extent (for one input, the vertical axis only spreads the points by class). */
  x0: number; x1: number; y0: number; y1: number;
  inputs: number;
  /** The grid points as a Table (row j from the top, column i from the left). */
  grid: Table;
}

/** A square-ish frame around the data with 10 % margins, and its GRID × GRID points. */
export function planeOf(all: Table): Plane {
  const d = all.inputs, n = all.y.length;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, all.x[i * d]); x1 = Math.max(x1, all.x[i * d]);
    if (d > 1) { y0 = Math.min(y0, all.x[i * d + 1]); y1 = Math.max(y1, all.x[i * d + 1]); }
  }
  if (d === 1) { y0 = 0; y1 = 1; }
  const pad = (lo: number, hi: number): [number, number] => {
    const w = hi - lo || 1;
    return [lo - 0.1 * w, hi + 0.1 * w];
  };
  [x0, x1] = pad(x0, x1);
  if (d > 1) [y0, y1] = pad(y0, y1);
  const x = new Float64Array(GRID * GRID * d);
  for (let j = 0; j < GRID; j++) for (let i = 0; i < GRID; i++) {
    const k = j * GRID + i;
    x[k * d] = x0 + ((i + 0.5) / GRID) * (x1 - x0);
    if (d > 1) x[k * d + 1] = y1 - ((j + 0.5) / GRID) * (y1 - y0);
  }
  return { x0, x1, y0, y1, inputs: d, grid: { x, y: new Float64Array(GRID * GRID), inputs: d, source: "grid" } };
}

/** Every hidden unit's activation and the output probability at each grid point. */
export function planeValues(arch: Architecture, theta: Float64Array, plane: Plane): Float64Array[] {
  return forward(arch, theta, plane.grid, "bce").a;
}

/** Maps an activation to [−1, 1] for the ramp: σ and the output around ½, others by their range over the plane. */
export function unitScale(values: Float64Array, unit: number, width: number, centred: boolean): (v: number) => number {
  if (centred) return (v) => 2 * v - 1;
  let m = 0;
  for (let k = unit; k < values.length; k += width) m = Math.max(m, Math.abs(values[k]));
  return m === 0 ? () => 0 : (v) => v / m;
}

/** The page's reusable GRID × GRID image and the small canvas it is drawn through (one per page). */
export interface Scratch {
  img: ImageData;
  off: HTMLCanvasElement;
}

export function scratchOf(doc: Document): Scratch {
  const off = doc.createElement("canvas");
  off.width = GRID;
  off.height = GRID;
  return { img: new ImageData(GRID, GRID), off };
}

/** Paints unit `unit` of a layer (width units per grid point) into `canvas` at size×size CSS pixels. */
export function paintUnit(canvas: HTMLCanvasElement, size: number, values: Float64Array, unit: number, width: number, scale: (v: number) => number, ink: Ink, sc: Scratch): CanvasRenderingContext2D {
  const g = context(canvas, size, size);
  for (let k = 0; k < GRID * GRID; k++) ramp(ink, scale(values[k * width + unit]), sc.img.data, 4 * k);
  sc.off.getContext("2d")!.putImageData(sc.img, 0, 0);
  g.imageSmoothingEnabled = true;
  g.drawImage(sc.off, 0, 0, GRID, GRID, 0, 0, size, size);
  return g;
}

/** Where sample i sits on a size×size picture of the plane. */
export function pointAt(plane: Plane, t: Table, i: number, size: number): [number, number] {
  const d = t.inputs;
  const px = ((t.x[i * d] - plane.x0) / (plane.x1 - plane.x0)) * size;
  // One input: the classes in two bands, spread by a fixed hash of the index.
  const vy = d > 1 ? t.x[i * d + 1] : 0.25 + 0.5 * t.y[i] + 0.18 * (((i * 2654435761) % 1000) / 1000 - 0.5);
  const py = ((plane.y1 - vy) / (plane.y1 - plane.y0)) * size;
  return [px, py];
}

/** The decision surface of the run in focus with the training points (filled) and test points (ringed). */
export function paintSurface(canvas: HTMLCanvasElement, size: number, values: Float64Array, plane: Plane, train: Table, test: Table | null, ink: Ink, sc: Scratch): void {
  const g = paintUnit(canvas, size, values, 0, 1, (v) => 2 * v - 1, ink, sc);
  // Training points are discs, test points squares; both in their class colour, outlined in the text colour.
  const dot = (t: Table, i: number, square: boolean): void => {
    const [x, y] = pointAt(plane, t, i, size);
    const c = t.y[i] === 1 ? ink.c1 : ink.c0;
    g.beginPath();
    if (square) g.rect(x - 3.4, y - 3.4, 6.8, 6.8);
    else g.arc(x, y, 3.4, 0, 2 * Math.PI);
    g.fillStyle = `rgb(${c[0]},${c[1]},${c[2]})`;
    g.strokeStyle = ink.fg;
    g.lineWidth = square ? 1.6 : 1;
    g.fill();
    g.stroke();
  };
  for (let i = 0; i < train.y.length; i++) dot(train, i, false);
  if (test) for (let i = 0; i < test.y.length; i++) dot(test, i, true);
}
