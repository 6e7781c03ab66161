// Canvas plumbing shared by the views: sizing to the element's CSS box at the device's
// pixel ratio, the theme's colours (CSS custom properties), and a diverging colour ramp.

export interface Ink {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  /** Class 0 and class 1 (orange and blue, Okabe–Ito), and the ramp's midpoint. */
  c0: [number, number, number];
  c1: [number, number, number];
  mid: [number, number, number];
  runs: string[];
}

function rgb(text: string): [number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(text.trim());
  return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : [128, 128, 128];
}

/** The theme's colours, read from the page's CSS variables. */
export function inkOf(el: Element): Ink {
  const cs = getComputedStyle(el);
  const v = (name: string): string => cs.getPropertyValue(name).trim();
  return {
    fg: v("--fg"), muted: v("--muted"), grid: v("--grid"), bg: v("--bg"),
    c0: rgb(v("--class0")), c1: rgb(v("--class1")), mid: rgb(v("--surface-mid")),
    runs: [v("--run0"), v("--run1"), v("--run2"), v("--run3")],
  };
}

/** A 2-D context for `canvas` drawn in CSS pixels (width × height) at the device pixel ratio. */
export function context(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const r = Math.min(2, Math.max(1, window.devicePixelRatio || 1));
  const w = Math.round(width * r), h = Math.round(height * r);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const g = canvas.getContext("2d")!;
  g.setTransform(r, 0, 0, r, 0, 0);
  g.clearRect(0, 0, width, height);
  g.font = "12px system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
  // A context keeps its state between draws: each draw starts from the defaults, not from the last one's alignment.
  g.textAlign = "left";
  g.textBaseline = "alphabetic";
  return g;
}

/** The CSS width of the canvas's box (its parent decides it), at least `min`. */
export function cssWidth(canvas: HTMLCanvasElement, min = 120): number {
  return Math.max(min, Math.floor(canvas.parentElement?.clientWidth ?? canvas.clientWidth));
}

/** Colour of t ∈ [−1, 1] on the ramp class 0 ← mid → class 1, into out[o … o+3]. */
export function ramp(ink: Ink, t: number, out: Uint8ClampedArray, o: number): void {
  const u = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const to = u < 0 ? ink.c0 : ink.c1;
  const s = Math.abs(u) * 0.85;
  out[o] = ink.mid[0] + (to[0] - ink.mid[0]) * s;
  out[o + 1] = ink.mid[1] + (to[1] - ink.mid[1]) * s;
  out[o + 2] = ink.mid[2] + (to[2] - ink.mid[2]) * s;
  out[o + 3] = 255;
}

/** "1.23e-4" style for log axes, "0.5" otherwise. */
export function tickText(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e-2 && a < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(0).replace("e+", "e");
}

/** Powers of ten covering [lo, hi] (at most ~6 of them). */
export function logTicks(lo: number, hi: number): number[] {
  const a = Math.floor(Math.log10(lo)), b = Math.ceil(Math.log10(hi));
  const step = Math.max(1, Math.ceil((b - a) / 6));
  const out: number[] = [];
  for (let k = a; k <= b; k += step) out.push(10 ** k);
  return out;
}
