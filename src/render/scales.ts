// Colour: perceptually uniform sequential schemes, split into discrete bands.
//
// The heatmaps are filled contour bands, so the colour scale is a list of thresholds
// t_0 < t_1 < … < t_k; band i covers values in [t_i, t_{i+1}) and is painted with the
// scheme's colour at the band's middle (in the scale's own space, so log bands get the
// geometric middle). The colorbar draws exactly the same bands, so figure and key agree.

import {
  interpolateCividis, interpolateInferno, interpolateMagma, interpolatePlasma, interpolateViridis,
  scaleLinear, scaleLog, ticks,
} from "d3";

export type ColorScheme = "viridis" | "cividis" | "magma" | "inferno" | "plasma";
export const COLOR_SCHEMES: readonly ColorScheme[] = ["viridis", "cividis", "magma", "inferno", "plasma"];

export type ScaleType = "linear" | "log";
export const SCALE_TYPES: readonly ScaleType[] = ["linear", "log"];

const INTERPOLATORS: Record<ColorScheme, (t: number) => string> = {
  viridis: interpolateViridis,
  cividis: interpolateCividis,
  magma: interpolateMagma,
  inferno: interpolateInferno,
  plasma: interpolatePlasma,
};

export interface ColorBands {
  scheme: ColorScheme;
  type: ScaleType;
  /** Band edges, ascending; band i is [thresholds[i], thresholds[i+1]). */
  thresholds: number[];
  /** One colour per band: thresholds.length − 1 entries. */
  colors: string[];
  /** Values at which the colorbar puts ticks (a subset of the thresholds). */
  ticks: number[];
}

/** Lowest positive value a log scale accepts: smaller values (and zeros) are floored to it. */
export const LOG_FLOOR = 1e-300;

/**
 * About `count` bands covering [min, max] with nice edges: d3's linear ticks, or whole
 * and half decades for a log scale. The outer edges are widened to contain the data.
 */
export function colorBands(min: number, max: number, scheme: ColorScheme, type: ScaleType, count = 10): ColorBands {
  if (!(Number.isFinite(min) && Number.isFinite(max))) throw new RangeError(`colour domain must be finite (got ${min}, ${max})`);
  let thresholds: number[];
  if (type === "log") {
    const lo = Math.max(min, LOG_FLOOR);
    const hi = Math.max(max, lo * 10);
    const d0 = Math.floor(Math.log10(lo));
    const d1 = Math.ceil(Math.log10(hi));
    // Whole decades when there are many; halves (10^0.5 steps) when the range is short.
    const step = d1 - d0 > count / 2 ? Math.ceil((d1 - d0) / count) : 0.5;
    thresholds = [];
    for (let e = d0; e <= d1 + 1e-9; e += step) thresholds.push(10 ** e);
    if (thresholds[thresholds.length - 1] < hi) thresholds.push(10 ** (d0 + step * thresholds.length));
  } else {
    const hi = max > min ? max : min + 1;
    thresholds = ticks(min, hi, count);
    const dt = thresholds.length > 1 ? thresholds[1] - thresholds[0] : hi - min;
    if (thresholds[0] > min) thresholds.unshift(thresholds[0] - dt);
    if (thresholds[thresholds.length - 1] < hi) thresholds.push(thresholds[thresholds.length - 1] + dt);
  }
  const k = thresholds.length - 1;
  const interp = INTERPOLATORS[scheme];
  const colors: string[] = [];
  for (let i = 0; i < k; i++) colors.push(interp(k === 1 ? 0.5 : i / (k - 1)));
  // Log scales tick whole decades only; both keep at most ~7 ticks so labels never touch.
  const candidates = type === "log" ? thresholds.filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9) : thresholds;
  const tickEvery = Math.max(1, Math.ceil(candidates.length / 7));
  return { scheme, type, thresholds, colors, ticks: candidates.filter((_, i) => i % tickEvery === 0) };
}

/** Band index of a value (clamped to the first/last band). */
export function bandIndex(bands: ColorBands, v: number): number {
  const t = bands.thresholds;
  let i = 0;
  while (i < t.length - 2 && v >= t[i + 1]) i++;
  return i;
}

/** Positional scale over the bands' outer edges, for a colorbar of length `length`. */
export function bandScale(bands: ColorBands, range: [number, number]) {
  const t = bands.thresholds;
  const domain: [number, number] = [t[0], t[t.length - 1]];
  return bands.type === "log" ? scaleLog().domain(domain).range(range) : scaleLinear().domain(domain).range(range);
}

/** Finite min and max of an array (NaN and ±Infinity skipped). */
export function finiteExtent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) throw new RangeError("field has no finite values");
  return [lo, hi];
}
