// The `connect` command's outputs from one ConnectReport: the JSON document and the text
// summary (connect.svg's input is ../geometry/connect-figure.ts).

import type { ConnectReport, PathReport } from "../geometry/connect.js";

export type { ConnectContext } from "../geometry/connect-figure.js";
export { connectFigure } from "../geometry/connect-figure.js";
export { connectJson } from "../geometry/connect-json.js";
import type { ConnectContext } from "../geometry/connect-figure.js";

const num = (v: number): string => (v === 0 ? "0" : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(5) : v.toExponential(3));

function pathLine(name: string, p: PathReport): string {
  let max = 0;
  for (let i = 1; i < p.loss.length; i++) if (p.loss[i] > p.loss[max]) max = i;
  const test = p.test ? `; test barrier ${num(p.test.barrier.height)}` : "";
  return `  ${name.padEnd(22)} barrier ${num(p.barrier.height).padStart(10)} at t = ${p.barrier.t.toFixed(3)}; max loss ${num(p.loss[max])}; min accuracy ${(100 * Math.min(...p.accuracy)).toFixed(1)}%${test}`;
}

/** A mean over equally spaced t: the trapezoid rule, the curve's E_t L. */
export function meanOverT(v: readonly number[]): number {
  if (v.length < 2) return v[0] ?? 0;
  let s = 0;
  for (let i = 1; i < v.length; i++) s += 0.5 * (v[i] + v[i - 1]);
  return s / (v.length - 1);
}

export function connectText(r: ConnectReport, ctx: ConnectContext): string {
  const lines = [
    `connect ${ctx.a} → ${ctx.b}: ${ctx.architecture}, P = ${ctx.params}, ${ctx.loss} loss on ${ctx.samples} samples of ${ctx.data}${ctx.testData ? `, test on ${ctx.testData}` : ""}`,
    `  A: loss ${num(r.endpoints.a.loss)}, accuracy ${(100 * r.endpoints.a.accuracy).toFixed(1)}%;  B: loss ${num(r.endpoints.b.loss)}, accuracy ${(100 * r.endpoints.b.accuracy).toFixed(1)}%`,
    pathLine("straight line", r.linear),
  ];
  if (r.alignment && r.aligned && r.barrierDrop) {
    const al = r.alignment;
    lines.push(
      `  ${al.method} matching: ${al.moved.map((m, l) => `layer ${l + 1}: ${m} of ${al.perms[l].length} units moved`).join(", ")}${al.method === "weights" ? ` (${al.sweeps} sweeps)` : ""}`,
      pathLine("aligned line", r.aligned),
      `  alignment dropped the barrier from ${num(r.barrierDrop.before)} to ${num(r.barrierDrop.after)} (by ${num(r.barrierDrop.drop)}${r.barrierDrop.before > 0 ? `, ${((100 * r.barrierDrop.drop) / r.barrierDrop.before).toFixed(1)}%` : ""})`,
    );
  }
  if (r.curve) {
    const h = r.curve.history;
    const k = Math.min(50, h.length);
    const mean = (s: typeof h): number => s.reduce((acc, x) => acc + x.loss, 0) / s.length;
    lines.push(
      pathLine(`${r.curve.kind} curve`, r.curve),
      `  bend training: ${h.length} steps of ${r.curve.training.optimizer} (lr ${r.curve.training.options.lr}, seed ${r.curve.training.seed}); mean sampled loss ${num(mean(h.slice(0, k)))} over the first ${k} steps, ${num(mean(h.slice(-k)))} over the last ${k}; E_t L on the grid ${num(meanOverT(r.curve.loss))}`,
    );
  }
  return lines.join("\n") + "\n";
}
