// The eigenvalue axis of spectrum.svg. Hessian spectra are a bulk near zero (of either
// sign) plus a few large outliers, so a linear axis hides the bulk and a log axis cannot
// show negative eigenvalues. The symmetric log t ↦ sign(t)·log(1 + |t|/c) (d3's
// scaleSymlog; Webber 2013) is linear within ±c and logarithmic beyond, on both sides.
// c is a power of ten three decades below the largest |t|, so the ticks are 0 and ±10^k.

import { scaleLinear, scaleSymlog, type ScaleContinuousNumeric } from "d3";
import { formatPower, formatTick } from "../format.js";

export type SpectrumAxis = "symlog" | "linear";
export const SPECTRUM_AXES: readonly SpectrumAxis[] = ["symlog", "linear"];

/** Decades of linear-looking range kept below the largest |t| on a symlog axis. */
const LINEAR_DECADES = 3;

/** The symlog constant c for a domain: 10^(⌊log10 max|t|⌋ − 3), 1 for an all-zero domain. */
export function symlogConstant(lo: number, hi: number): number {
  const m = Math.max(Math.abs(lo), Math.abs(hi));
  if (!(m > 0) || !Number.isFinite(m)) return 1;
  return 10 ** (Math.floor(Math.log10(m)) - LINEAR_DECADES);
}

/**
 * 0 (when inside) and ±10^k from c up to the domain's ends. `px` maps a value to pixels;
 * ticks closer than `gap` px to one already kept are dropped, 0 and the largest
 * magnitudes first kept, so the labels near 0 (where the axis is nearly linear) never overlap.
 */
export function symlogTicks(lo: number, hi: number, c: number, px: (v: number) => number, gap = 34): number[] {
  const candidates: number[] = lo <= 0 && hi >= 0 ? [0] : [];
  const top = Math.max(Math.abs(lo), Math.abs(hi));
  const decades: number[] = [];
  for (let k = Math.round(Math.log10(c)); 10 ** k <= top * (1 + 1e-12); k++) decades.push(10 ** k);
  for (const v of decades.reverse()) {
    if (v <= hi) candidates.push(v);
    if (-v >= lo) candidates.push(-v);
  }
  const kept: number[] = [];
  for (const v of candidates) if (kept.every((u) => Math.abs(px(u) - px(v)) >= gap)) kept.push(v);
  return kept.sort((a, b) => a - b);
}

/** A tick label: 0, 10ᵏ or −10ᵏ (U+2212 minus), else d3's short format. */
export function formatSigned(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  const k = Math.log10(a);
  const body = Math.abs(k - Math.round(k)) < 1e-9 ? formatPower(a) : formatTick(a);
  return v < 0 ? `−${body}` : body;
}

/**
 * A continuous scale over [lo, hi] → range with its ticks and labels set for the axis
 * kind (d3-axis asks the scale itself for ticks and their format).
 */
export function eigenvalueScale(kind: SpectrumAxis, lo: number, hi: number, range: [number, number], ticks = 7): ScaleContinuousNumeric<number, number> {
  if (kind === "linear") {
    const s = scaleLinear().domain([lo, hi]).range(range).nice(ticks);
    return s;
  }
  const c = symlogConstant(lo, hi);
  // 3% of the transformed span on each side, so spikes at the extreme eigenvalues sit
  // inside the frame rather than on it.
  const f = (t: number): number => Math.sign(t) * Math.log1p(Math.abs(t) / c);
  const g = (u: number): number => Math.sign(u) * c * Math.expm1(Math.abs(u));
  const pad = 0.03 * (f(hi) - f(lo));
  const s = scaleSymlog().constant(c).domain([g(f(lo) - pad), g(f(hi) + pad)]).range(range);
  const values = symlogTicks(lo, hi, c, s);
  return Object.assign(s, { ticks: () => values, tickFormat: () => (v: { valueOf(): number }) => formatSigned(Number(v)) });
}
