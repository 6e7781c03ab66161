// Run colours. They must stay apart from each other and from every sequential scheme
// (viridis runs dark purple → blue → green → yellow), so they come from the warm and
// neutral end of the Okabe–Ito colour-blind-safe palette and every line is drawn over
// a white halo, which separates it from any band colour.

// The first four (the default bad start and three inits) keep a CIEDE2000 difference of
// at least 20 from each other under simulated deuteranopia and protanopia (culori's
// Machado et al. filters; test/render.colorblind.test.ts): Okabe–Ito's orange, which
// drops to 17 from vermillion for a deuteranope, gave way to its yellow.
export const RUN_COLORS: readonly string[] = ["#d55e00", "#cc79a7", "#000000", "#f0e442", "#0072b2", "#e69f00", "#56b4e9", "#009e73"];

/** The colour of the k-th run (cycling). */
export function runColor(k: number): string {
  return RUN_COLORS[k % RUN_COLORS.length];
}

export const HALO = "#ffffff";
