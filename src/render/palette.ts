// Run colours. They must stay apart from each other and from every sequential scheme
// (viridis runs dark purple → blue → green → yellow), so they come from the warm and
// neutral end of the Okabe–Ito colour-blind-safe palette and every line is drawn over
// a white halo, which separates it from any band colour.

// The first four (the default bad start and three inits) are Okabe–Ito's. All eight keep
// a CIEDE2000 difference of at least 20 from each other for normal vision and under
// simulated deuteranopia and protanopia, and of at least 15 under tritanopia (culori's
// Machado et al. filters; test/render.colorblind.test.ts), so a figure with up to eight
// runs stays readable. Okabe–Ito's orange, sky blue, blue and bluish green fell to 13–17
// from vermillion, pink or yellow for a deuteranope or protanope; the last four were
// chosen by a search over sRGB for the largest smallest difference, keeping the first four.
export const RUN_COLORS: readonly string[] = ["#d55e00", "#cc79a7", "#000000", "#f0e442", "#0022ff", "#227766", "#992200", "#330044"];

/** The colour of the k-th run (cycling). */
export function runColor(k: number): string {
  return RUN_COLORS[k % RUN_COLORS.length];
}

export const HALO = "#ffffff";
