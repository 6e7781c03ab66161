// From measured per-layer statistics (../nn/layer-stats.ts) to the layer-stats.svg
// figure's input: labels, series, and a description that states the numbers drawn.
// Shared by `layers --svg` and the networks section of the landscape figure set.

import type { ActivationName } from "../nn/activations.js";
import type { LayerStats } from "../nn/layer-stats.js";
import type { Heading } from "../render/text.js";
import type { LayerStatsInput, LayerStatsSeries } from "../render/figures/layer-stats.js";

/** One measured network (a scheme, or a scheme under one loss). */
export interface LayerStatsRun {
  label: string;
  color: string;
  dashed?: boolean;
  layers: readonly LayerStats[];
  /** The same θ as an earlier run (another loss): its activations are not drawn twice. */
  sameActivationsAsEarlier?: boolean;
}

/** "1", "2", …, "out": hidden layers by number, the σ output last. */
export function layerLabels(count: number): string[] {
  return Array.from({ length: count }, (_, l) => (l === count - 1 ? "out" : String(l + 1)));
}

/** 3 significant digits; below 10⁻³ in e-notation, so no run of zeros hides the digits. */
export const g3 = (v: number): string => (v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toPrecision(3)).replace(/-/g, "−");

/** One sentence per run: the numbers the figure draws at the first hidden layer and at the output. */
export function layerStatsSummary(run: LayerStatsRun): string {
  const first = run.layers[0];
  const last = run.layers[run.layers.length - 1];
  const act = run.sameActivationsAsEarlier
    ? ""
    : `activations at layer 1 have median ${g3(first.activationPercentiles[2])} and 2–98 % range ${g3(first.activationPercentiles[0])} … ${g3(first.activationPercentiles[4])}, ${g3(100 * first.activation.saturated)} % saturated; at the output median ${g3(last.activationPercentiles[2])}, ${g3(100 * last.activation.saturated)} % saturated; `;
  return `${run.label}: ${act}back-propagated gradient std ${g3(first.backprop.std)} at layer 1 and ${g3(last.backprop.std)} at the output.`;
}

export function layerStatsInput(options: { heading: Heading; idPrefix: string; activation: ActivationName; context: string; runs: readonly LayerStatsRun[] }): LayerStatsInput {
  const count = options.runs[0]?.layers.length ?? 0;
  const series: LayerStatsSeries[] = options.runs.map((r) => ({
    label: r.label,
    color: r.color,
    dashed: r.dashed,
    activations: r.sameActivationsAsEarlier ? null : r.layers.map((l) => l.activationPercentiles),
    backpropStd: r.layers.map((l) => l.backprop.std),
  }));
  return {
    heading: options.heading,
    idPrefix: options.idPrefix,
    desc: `Per layer of ${options.context}: the activations' 2, 25, 50, 75 and 98 % percentiles over units × samples (top) and the std of the back-propagated gradient ∂ℓ_i/∂z on a log axis (bottom). ${options.runs.map(layerStatsSummary).join(" ")}`,
    layerLabels: layerLabels(count),
    series,
    activationLabel: `${options.activation} activation (output: σ)`,
    backpropLabel: "std of ∂ℓᵢ/∂z (log)",
  };
}
