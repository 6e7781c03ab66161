// The init-scheme study as long CSV or a Markdown table for docs/networks.md (its JSON,
// also embedded in landscape.json, is basins/study-json.ts).

import type { InitStudy, StudyCell, StudyRow } from "../basins/init-study.js";
import type { Distribution } from "../init/initializers.js";
import { LOSS_LABELS, type LossName } from "../numerics/losses.js";

export type StudyFormat = "markdown" | "json" | "csv";
export const STUDY_FORMATS: readonly StudyFormat[] = ["markdown", "json", "csv"];

export function describeDistribution(d: Distribution): string {
  return d.kind === "uniform" ? `U(−${fmt(d.bound, 4)}, ${fmt(d.bound, 4)})` : `N(0, ${fmt(d.std, 4)}²)`;
}

/**
 * A scale for the table: four decimals, trailing zeros trimmed ("1.7321", "1", "0.5"),
 * and for values below 1 five significant digits in their shortest form, so a small σ
 * reads "0.00001" or "1e-7", never "0".
 */
export function fmt(v: number, digits: number): string {
  if (Math.abs(v) < 1 && v !== 0) return String(Number(v.toPrecision(digits + 1)));
  return v.toFixed(digits).replace(/\.?0+$/, "");
}

const pct = (v: number): string => v.toFixed(4);

function cellText(c: StudyCell): string {
  return `${pct(c.reached.rate)} [${pct(c.reached.ci[0])}, ${pct(c.reached.ci[1])}]`;
}

export function studyMarkdown(s: InitStudy): string {
  const losses: LossName[] = s.losses;
  const head = [
    "scheme",
    "w, b ~",
    ...losses.map((l) => `${LOSS_LABELS[l]}: P(reach ${s.accuracyTarget * 100}%) [95% CI]`),
    ...losses.map((l) => `${LOSS_LABELS[l]}: stuck flat`),
  ];
  const line = (cells: string[]): string => `| ${cells.join(" | ")} |`;
  const rows = s.rows.map((r: StudyRow) =>
    line([
      r.label,
      describeDistribution(r.distribution),
      ...losses.map((l) => cellText(r.results[l] as StudyCell)),
      ...losses.map((l) => pct((r.results[l] as StudyCell).stuck.rate)),
    ]),
  );
  const o = s.config.optimizerOptions;
  return [
    line(head),
    line(head.map(() => "---")),
    ...rows,
    "",
    `${s.samples} seeded draws per scheme (seed ${s.seed}); ${s.config.optimizer}, lr ${o.lr}, batch size ${s.config.batchSize}${s.config.shuffle ? " (shuffled)" : ""}, ${s.config.epochs} epochs. ` +
      `"Reach" = full-data accuracy ≥ ${s.accuracyTarget} at some epoch's end; "stuck flat" = never reaches it and ends with |∇L| < ${s.epsilon}. Wilson 95% intervals.`,
    "",
  ].join("\n");
}

export function studyCsv(s: InitStudy): string {
  const lines = ["scheme,distribution,std,loss,n,reached,rate,ciLow,ciHigh,stuck,stuckRate,meanAccuracy"];
  for (const r of s.rows) {
    for (const l of s.losses) {
      const c = r.results[l] as StudyCell;
      const dist = r.distribution.kind === "uniform" ? `uniform(${r.distribution.bound})` : `normal(${r.distribution.std})`;
      lines.push(
        [JSON.stringify(r.label), dist, r.std, l, c.reached.n, c.reached.k, c.reached.rate, c.reached.ci[0], c.reached.ci[1], c.stuck.k, c.stuck.rate, c.meanAccuracy].join(","),
      );
    }
  }
  return lines.join("\n") + "\n";
}
