// Drawing the page's views from the runs: the decision surface and unit thumbnails of
// the run in focus, every run's loss curves and layer statistics, the slice and the
// sharpness curve. Numbers come from the CLI's code (forward pass, layerStatistics).

import type { Architecture } from "../nn/architecture.js";
import { layerShapes } from "../nn/architecture.js";
import { layerStatistics, type LayerStats } from "../nn/layer-stats.js";
import type { Split } from "../nn/split.js";
import type { Table } from "../nn/table.js";
import type { LossName } from "../numerics/losses.js";
import { context, cssWidth, logTicks, ramp, tickText, type Ink } from "./canvas.js";
import { drawCurves, drawLayers } from "./plots.js";
import type { Run } from "./runs.js";
import type { SliceAnswer } from "./slice-job.js";
import { paintSurface, paintUnit, planeValues, unitScale, type Plane, type Scratch } from "./surface.js";

/** Hidden layers of at most this many units get thumbnails. */
export const MAX_THUMB_UNITS = 8;
const THUMB = 40;

/** One canvas per unit of each small hidden layer (rebuilt when the architecture changes). */
export function buildUnits(doc: Document, arch: Architecture, onInfo: (l: number, u: number) => void): HTMLCanvasElement[][] {
  const box = doc.getElementById("units")!;
  box.replaceChildren();
  const out: HTMLCanvasElement[][] = [];
  arch.hidden.forEach((w, l) => {
    if (w > MAX_THUMB_UNITS) {
      out.push([]);
      return;
    }
    const row = doc.createElement("div");
    row.className = "unit-layer";
    const name = doc.createElement("span");
    name.textContent = `h${l + 1}`;
    row.append(name);
    const cs: HTMLCanvasElement[] = [];
    for (let u = 0; u < w; u++) {
      const c = doc.createElement("canvas");
      c.tabIndex = 0;
      c.setAttribute("role", "img");
      c.setAttribute("aria-label", `Layer ${l + 1}, unit ${u + 1}: its output over the input plane`);
      for (const ev of ["mouseenter", "focus"]) c.addEventListener(ev, () => onInfo(l, u));
      row.append(c);
      cs.push(c);
    }
    box.append(row);
    out.push(cs);
  });
  if (arch.hidden.length === 0) box.textContent = "No hidden layer.";
  else if (out.every((cs) => cs.length === 0)) box.textContent = `Every hidden layer is wider than ${MAX_THUMB_UNITS} units.`;
  return out;
}

/** "w = (0.12, −0.5), b = 0.03" for unit u of hidden layer l at θ. */
export function unitWeights(arch: Architecture, theta: Float64Array, l: number, u: number): string {
  const s = layerShapes(arch)[l];
  const w = Array.from(theta.subarray(s.weightOffset + u * s.fanIn, s.weightOffset + (u + 1) * s.fanIn), (v) => v.toPrecision(3));
  return `Layer ${l + 1}, unit ${u + 1}: incoming weights (${w.join(", ")}), bias ${theta[s.biasOffset + u].toPrecision(3)}`;
}

export function drawFocus(canvas: HTMLCanvasElement, units: HTMLCanvasElement[][], arch: Architecture, run: Run, plane: Plane, split: Split, ink: Ink, sc: Scratch): void {
  const a = planeValues(arch, run.trainer.theta, plane);
  const size = Math.min(360, cssWidth(canvas));
  paintSurface(canvas, size, a[a.length - 1], plane, split.train, split.test, ink, sc);
  units.forEach((cs, l) => {
    const w = arch.hidden[l];
    cs.forEach((c, u) => paintUnit(c, THUMB, a[l], u, w, unitScale(a[l], u, w, arch.activation === "sigmoid"), ink, sc));
  });
}

export function drawRunCurves(canvas: HTMLCanvasElement, runs: Run[], epochs: number, ink: Ink): void {
  drawCurves(canvas, cssWidth(canvas), 220, runs.map((r, k) => ({ color: ink.runs[k], train: r.trainLoss, test: r.testLoss })), epochs, ink);
}

/** Every run's layer statistics over all rows (training and test), as `layers --data …` computes them for the run's θ. */
export function statsOf(arch: Architecture, runs: Run[], all: Table, loss: LossName): LayerStats[][] {
  return runs.map((r) => (r.failed ? [] : layerStatistics(arch, r.trainer.theta, all, loss)));
}

export function drawRunLayers(canvas: HTMLCanvasElement, stats: LayerStats[][], ink: Ink): void {
  const runs = stats.map((s, k) => ({ color: ink.runs[k], stats: s })).filter((r) => r.stats.length > 0);
  drawLayers(canvas, cssWidth(canvas), 300, runs, ink);
}

/** The slice as a heat map of log10 loss with the projected path, and sharpness per epoch below. */
export function drawSlice(canvas: HTMLCanvasElement, sharp: HTMLCanvasElement, s: SliceAnswer, color: string, ink: Ink, sc: Scratch): void {
  const size = Math.min(320, cssWidth(canvas));
  const n = s.alpha.count;
  const logs = Array.from(s.loss, (v) => Math.log10(Math.max(v, 1e-300)));
  const lo = Math.min(...logs), hi = Math.max(...logs);
  const g = context(canvas, size, size);
  const img = new ImageData(n, n);
  // Row 0 of the picture is the largest β.
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) ramp(ink, hi > lo ? (2 * (logs[(n - 1 - r) * n + c] - lo)) / (hi - lo) - 1 : 0, img.data, 4 * (r * n + c));
  const off = sc.off.ownerDocument.createElement("canvas");
  off.width = n;
  off.height = n;
  off.getContext("2d")!.putImageData(img, 0, 0);
  g.imageSmoothingEnabled = true;
  g.drawImage(off, 0, 0, size, size);
  const px = (a: number): number => ((a - s.alpha.min) / (s.alpha.max - s.alpha.min)) * size;
  const py = (b: number): number => ((s.beta.max - b) / (s.beta.max - s.beta.min)) * size;
  g.strokeStyle = color;
  g.lineWidth = 2;
  g.beginPath();
  s.path.forEach((p, i) => (i === 0 ? g.moveTo(px(p.alpha), py(p.beta)) : g.lineTo(px(p.alpha), py(p.beta))));
  g.stroke();
  g.fillStyle = ink.fg;
  g.beginPath();
  g.arc(px(0), py(0), 4, 0, 2 * Math.PI);
  g.fill();
  g.textBaseline = "top";
  g.fillText(`log10 loss ${lo.toFixed(2)} … ${hi.toFixed(2)}`, 4, 4);
  const w = cssWidth(sharp);
  const h = 140;
  const q = context(sharp, w, h);
  const vals = s.sharpness.map((p) => Math.max(Math.abs(p.value), 1e-12));
  const vlo = Math.min(...vals) / 1.3, vhi = Math.max(...vals) * 1.3;
  const M = { l: 52, r: 10, t: 16, b: 22 };
  const lastEpoch = Math.max(1, s.sharpness[s.sharpness.length - 1]?.epoch ?? 1);
  const X = (e: number): number => M.l + (e / lastEpoch) * (w - M.l - M.r);
  const Y = (v: number): number => M.t + (h - M.t - M.b) * (1 - (Math.log10(v) - Math.log10(vlo)) / (Math.log10(vhi) - Math.log10(vlo)));
  q.fillStyle = ink.muted;
  q.textBaseline = "top";
  q.fillText("top Hessian eigenvalue (log) per epoch", M.l, 0);
  q.textAlign = "right";
  q.textBaseline = "middle";
  for (const t of logTicks(vlo, vhi)) if (t >= vlo && t <= vhi) q.fillText(tickText(t), M.l - 4, Y(t));
  q.textAlign = "center";
  q.textBaseline = "top";
  q.fillText(`epoch 0 … ${lastEpoch}`, M.l + (w - M.l - M.r) / 2, h - M.b + 6);
  q.strokeStyle = ink.grid;
  q.strokeRect(M.l, M.t, w - M.l - M.r, h - M.t - M.b);
  q.strokeStyle = color;
  q.lineWidth = 2;
  q.beginPath();
  s.sharpness.forEach((p, i) => (i === 0 ? q.moveTo(X(p.epoch), Y(Math.max(Math.abs(p.value), 1e-12))) : q.lineTo(X(p.epoch), Y(Math.max(Math.abs(p.value), 1e-12)))));
  q.stroke();
}
