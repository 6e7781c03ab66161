// Number formats for tick labels and legends. Minus signs are U+2212, as d3-format does.

import { format } from "d3";

const SUPERSCRIPT: Record<string, string> = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };

/** 10^k as "10⁻⁸"; other values as 3 significant digits. */
export function formatPower(v: number): string {
  const k = Math.log10(v);
  if (Math.abs(k - Math.round(k)) < 1e-9) return `10${String(Math.round(k)).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c])}`;
  return format(".2~e")(v).replace("-", "−");
}

/** Short tick label: up to 3 significant digits, no trailing zeros. */
export const formatTick = format("~g");

/** A parameter value in a legend: 2 decimals, U+2212 minus. */
export function formatParam(v: number): string {
  return format(".2f")(v);
}

/** (w, b) as "(−5.00, −10.00)". */
export function formatPoint(w: number, b: number): string {
  return `(${formatParam(w)}, ${formatParam(b)})`;
}

/** An accuracy fraction as a percentage with up to one decimal: "57.5%". */
export function formatPercent(v: number): string {
  return `${format(".1~f")(v * 100)}%`;
}

/** Rough text width for layout (no font metrics in jsdom): average glyph ≈ 0.53 em for
// the system sans-serif fonts at 11–12 px (measured in Chromium on the legend labels). */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.53;
}
