// The live readout (the point under the cursor or the run's current step), the notice
// box and the run summary, whose data attributes are the page's contract for scripts and tests.

import type { Dataset } from "../data/dataset.js";
import { LOSS_LABELS, type LossName } from "../numerics/losses.js";
import { evaluatePoint } from "../numerics/point.js";
import { sci } from "../landscape/figure-parts.js";
import type { EpsilonChoice, RunPath } from "../landscape/types.js";

/** With no start of the reader's, the figure shows the landscape command's default starts: the summary says so. */
export const NO_RUN_TEXT = "No run of yours yet: the figure shows the landscape command's default starts (the bad start (−5, −10), pytorch, xavier, he). Click the landscape or pick an init scheme to add one.";

/**
 * What the hatch's ε is and why it changes: `landscape`'s ε = D / (lr·T) takes D from the
 * runs in the figure, so each run added (or a change of lr, batch or epochs) moves it.
 */
export function epsilonText(eps: EpsilonChoice, flat: boolean): string {
  if (!flat) return "The flat region is not hatched (tick “Hatch the flat region” to show it).";
  const head = `Hatched: the flat region |∇L| < ε = ${sci(eps.value)} (the legend's value).`;
  if (eps.distance === undefined) return `${head} ε is fixed (${eps.rule}).`;
  return `${head} ${eps.rule}: D is measured on the runs in the figure, so ε moves as runs are added or removed, and with the learning rate, batch size and epochs (landscape --epsilon X fixes it).`;
}

const fmt = (v: number, digits = 5): string => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(digits) : v.toExponential(2)).replace("-", "−");

/** "w = …, b = …, MSE = …, |∇L| = …, accuracy = …" at (w, b). */
export function pointText(loss: LossName, data: Dataset, w: number, b: number, prefix: string): string {
  const p = evaluatePoint(loss, data, w, b);
  return `${prefix}: w = ${fmt(w)}, b = ${fmt(b)}, ${LOSS_LABELS[loss]} loss = ${fmt(p.loss)}, |∇L| = ${fmt(p.gradNorm)}, accuracy = ${(p.accuracy * 100).toFixed(1)}%`;
}

/** The notice box: a heading and one list item per line; hidden when there are none. */
export function showNotice(el: HTMLElement, lines: string[], heading = "Some settings were not valid and were reset:"): void {
  el.hidden = lines.length === 0;
  el.textContent = "";
  if (lines.length === 0) return;
  el.append(heading);
  const ul = el.appendChild(el.ownerDocument.createElement("ul"));
  for (const l of lines) ul.appendChild(el.ownerDocument.createElement("li")).textContent = l;
}

export const SUMMARY_ATTRIBUTES = ["data-w", "data-b", "data-loss", "data-accuracy", "data-epochs"] as const;

/** Removes the previous run's values (a run is in progress or the settings changed). */
export function clearSummary(el: HTMLElement, text: string): void {
  for (const a of SUMMARY_ATTRIBUTES) el.removeAttribute(a);
  el.textContent = text;
}

/** The finished run: final (w, b), full-data loss and accuracy, as JavaScript writes numbers. */
export function showSummary(el: HTMLElement, run: RunPath, epochs: number): void {
  el.setAttribute("data-w", String(run.final[0]));
  el.setAttribute("data-b", String(run.final[1]));
  el.setAttribute("data-loss", String(run.finalLoss));
  el.setAttribute("data-accuracy", String(run.accuracy));
  el.setAttribute("data-epochs", String(epochs));
  el.textContent = `Run from (${fmt(run.start[0], 4)}, ${fmt(run.start[1], 4)}) with ${run.optimizer}, ${epochs} epochs: ended at (${fmt(run.final[0])}, ${fmt(run.final[1])}), ${LOSS_LABELS[run.loss]} loss ${fmt(run.finalLoss)}, accuracy ${(run.accuracy * 100).toFixed(1)}%.`;
}
