// Run colours. They must stay apart from each other and from every sequential scheme
// (viridis runs dark purple → blue → green → yellow), so they come from the warm and
// neutral end of the Okabe–Ito colour-blind-safe palette and every line is drawn over
// a white halo, which separates it from any band colour.

export const RUN_COLORS: readonly string[] = ["#d55e00", "#cc79a7", "#000000", "#e69f00", "#0072b2", "#f0e442", "#56b4e9", "#009e73"];

/** The colour of the k-th run (cycling). */
export function runColor(k: number): string {
  return RUN_COLORS[k % RUN_COLORS.length];
}

export const HALO = "#ffffff";
