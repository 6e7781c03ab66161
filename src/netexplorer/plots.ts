// The page's charts on canvas: the loss curves of every run (log axis) and the tutorial's
// per-layer criterion for every run (activation percentile bands, back-propagated
// gradient std on a log axis, the saturated fraction), redrawn each frame.

import type { LayerStats } from "../nn/layer-stats.js";
import { context, logTicks, tickText, type Ink } from "./canvas.js";

export interface Curve {
  color: string;
  train: number[];
  test: number[];
}

const M = { l: 52, r: 10, t: 10, b: 30 };

function logRange(values: number[][]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const vs of values) for (const v of vs) if (v > 0 && Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  if (!(lo < Infinity)) return [1e-3, 1];
  if (hi / lo < 10) { const m = Math.sqrt(hi * lo); return [m / 4, m * 4]; }
  return [lo / 1.3, hi * 1.3];
}

function yAxisLog(g: CanvasRenderingContext2D, ink: Ink, lo: number, hi: number, x: number, top: number, h: number, w: number): (v: number) => number {
  const y = (v: number): number => top + h - ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * h;
  g.textAlign = "right";
  g.textBaseline = "middle";
  for (const t of logTicks(lo, hi)) {
    if (t < lo || t > hi) continue;
    g.strokeStyle = ink.grid;
    g.beginPath(); g.moveTo(x, y(t)); g.lineTo(x + w, y(t)); g.stroke();
    g.fillStyle = ink.muted;
    g.fillText(tickText(t), x - 4, y(t));
  }
  return y;
}

/** Training (solid) and test (dashed) loss per epoch of each run; `epochs` sets the x range. */
export function drawCurves(canvas: HTMLCanvasElement, width: number, height: number, curves: Curve[], epochs: number, ink: Ink): void {
  const g = context(canvas, width, height);
  const w = width - M.l - M.r, h = height - M.t - M.b;
  const [lo, hi] = logRange(curves.flatMap((c) => [c.train, c.test]));
  const y = yAxisLog(g, ink, lo, hi, M.l, M.t, h, w);
  const xMax = Math.max(1, epochs);
  const x = (e: number): number => M.l + (e / xMax) * w;
  g.textAlign = "center";
  g.textBaseline = "top";
  g.fillStyle = ink.muted;
  for (let k = 0; k <= 4; k++) g.fillText(String(Math.round((k * xMax) / 4)), x((k * xMax) / 4), M.t + h + 4);
  g.fillText("epoch", M.l + w / 2, M.t + h + 16);
  g.strokeStyle = ink.fg;
  g.strokeRect(M.l, M.t, w, h);
  for (const c of curves) {
    for (const [vs, dash] of [[c.train, []], [c.test, [5, 3]]] as Array<[number[], number[]]>) {
      g.strokeStyle = c.color;
      g.lineWidth = 2;
      g.setLineDash(dash);
      g.beginPath();
      vs.forEach((v, e) => (e === 0 ? g.moveTo(x(e), y(v)) : g.lineTo(x(e), y(v))));
      g.stroke();
    }
  }
  g.setLineDash([]);
  g.lineWidth = 1;
}

/** Activation bands (2–98 and 25–75 percentiles, median tick) above, δ std (log) below, saturated % in between; one column per layer, runs side by side. */
export function drawLayers(canvas: HTMLCanvasElement, width: number, height: number, runs: Array<{ color: string; stats: LayerStats[] }>, ink: Ink): void {
  const g = context(canvas, width, height);
  if (runs.length === 0 || runs[0].stats.length === 0) return;
  const L = runs[0].stats.length;
  const w = width - M.l - M.r;
  const top = { t: 16, h: Math.round((height - 16 - 100) * 0.55) };
  const satY = top.t + top.h + 6;
  const bot = { t: satY + 66, h: height - (satY + 66) - 20 };
  let aLo = Infinity, aHi = -Infinity;
  for (const r of runs) for (const s of r.stats) { aLo = Math.min(aLo, s.activationPercentiles[0]); aHi = Math.max(aHi, s.activationPercentiles[4]); }
  if (!(aHi > aLo)) { aLo -= 1; aHi += 1; }
  const ya = (v: number): number => top.t + top.h - ((v - aLo) / (aHi - aLo)) * top.h;
  const col = w / L;
  const slot = col / (runs.length + 1);
  g.fillStyle = ink.muted;
  g.textBaseline = "middle";
  g.textAlign = "right";
  for (const v of [aLo, (aLo + aHi) / 2, aHi]) g.fillText(Math.abs(v) < 1e-3 * (aHi - aLo) ? "0" : tickText(Number(v.toPrecision(2))), M.l - 4, ya(v));
  g.textAlign = "left";
  g.textBaseline = "top";
  g.fillText("activation (2–98, 25–75 %)", M.l, 0);
  g.strokeStyle = ink.grid;
  g.strokeRect(M.l, top.t, w, top.h);
  const deltas = runs.flatMap((r) => r.stats.map((s) => s.backprop.std));
  const [dLo, dHi] = logRange([deltas]);
  g.fillStyle = ink.muted;
  g.fillText("back-propagated δ std (log)", M.l, bot.t - 14);
  const yd = yAxisLog(g, ink, dLo, dHi, M.l, bot.t, bot.h, w);
  g.strokeStyle = ink.grid;
  g.strokeRect(M.l, bot.t, w, bot.h);
  g.textAlign = "center";
  g.textBaseline = "top";
  g.fillStyle = ink.muted;
  for (let l = 0; l < L; l++) g.fillText(l === L - 1 ? "out" : `h${l + 1}`, M.l + col * (l + 0.5), bot.t + bot.h + 4);
  g.textAlign = "left";
  g.fillText("saturated fraction", M.l, satY);
  g.textAlign = "center";
  runs.forEach((r, k) => {
    const prev: Array<[number, number]> = [];
    r.stats.forEach((s, l) => {
      const cx = M.l + col * l + slot * (k + 1);
      const p = s.activationPercentiles;
      g.globalAlpha = 0.35;
      g.fillStyle = r.color;
      g.fillRect(cx - 5, ya(p[4]), 10, Math.max(1, ya(p[0]) - ya(p[4])));
      g.globalAlpha = 0.9;
      g.fillRect(cx - 5, ya(p[3]), 10, Math.max(1, ya(p[1]) - ya(p[3])));
      g.globalAlpha = 1;
      g.fillStyle = ink.fg;
      g.fillRect(cx - 7, ya(p[2]) - 1, 14, 2);
      // Saturated fraction: a bar whose height is the fraction, with its percentage.
      const sat = s.activation.saturated;
      g.fillStyle = r.color;
      g.fillRect(cx - 5, satY + 34 - 18 * sat, 10, Math.max(1, 18 * sat));
      g.fillStyle = ink.muted;
      g.fillText(`${Math.round(100 * sat)}%`, cx, satY + 36);
      prev.push([cx, yd(s.backprop.std)]);
    });
    g.strokeStyle = r.color;
    g.lineWidth = 2;
    g.beginPath();
    prev.forEach(([x, yy], i) => (i === 0 ? g.moveTo(x, yy) : g.lineTo(x, yy)));
    g.stroke();
    g.fillStyle = r.color;
    for (const [x, yy] of prev) { g.beginPath(); g.arc(x, yy, 3, 0, 2 * Math.PI); g.fill(); }
    g.lineWidth = 1;
  });
}
