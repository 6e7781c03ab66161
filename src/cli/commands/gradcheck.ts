// `gradcheck`: analytic gradient and Hessian against central differences.

import { axisValues, type GridSpec } from "../../numerics/grid.js";
import { DEFAULT_GRADCHECK_OPTIONS, gradcheckPoint, summarize, type EntryCheck, type PointCheck } from "../../numerics/gradcheck.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { UsageError } from "../errors.js";
import { loadData } from "../io.js";
import { listOption, numberOption, pair } from "../options.js";
import { axisOption, DATA_OPTION, JSON_OPTION, LOSSES_OPTION } from "../shared-options.js";
import { gridSpecValue } from "./grid.js";

/** Default points: a coarse grid over the default view, which includes plateau corners. */
const DEFAULT_CHECK_GRID: GridSpec = { w: { min: -10, max: 20, count: 7 }, b: { min: -20, max: 10, count: 7 } };

/** Most --at points in one run. */
const MAX_AT = 10_000;

const AT_OPTION = listOption<[number, number]>({
  name: "at",
  arg: "W,B",
  attached: true,
  help: "check one point instead of a grid",
  limits: `two finite numbers, up to ${MAX_AT} points`,
  default: [],
  example: "-5,-10",
  max: MAX_AT,
  parse: (t) => pair("--at", t),
});
const W_OPTION = axisOption("w", "w axis of the grid of points checked", DEFAULT_CHECK_GRID);
const B_OPTION = axisOption("b", "b axis of the grid of points checked", DEFAULT_CHECK_GRID);
const D = DEFAULT_GRADCHECK_OPTIONS;
const H_OPTION = numberOption({ name: "h", help: "finite-difference step", default: D.h, range: { gt: 0, le: 1 } });
const ATOL_OPTION = numberOption({ name: "atol", help: "absolute tolerance", default: D.atol, range: { ge: 0 } });
const RTOL_OPTION = numberOption({ name: "rtol", help: "relative tolerance", default: D.rtol, range: { ge: 0 } });

const maxOf = (es: EntryCheck[], k: "absErr" | "relErr"): number =>
  Math.max(0, ...es.filter((e) => k === "absErr" || e.status !== "unresolved").map((e) => e[k]));

function tableRow(p: PointCheck): string {
  const e = (v: number): string => v.toExponential(2).padStart(10);
  const cols = [
    p.loss.padEnd(4),
    String(p.w).padStart(10),
    String(p.b).padStart(10),
    e(Math.hypot(p.grad[0].analytic, p.grad[1].analytic)),
    e(maxOf(p.grad, "absErr")),
    e(maxOf(p.grad, "relErr")),
    e(maxOf(p.hessian, "absErr")),
    e(maxOf(p.hessian, "relErr")),
    p.status,
  ];
  return cols.join("  ");
}

export const gradcheckCommand: Command = {
  name: "gradcheck",
  summary: "Check analytic gradients and Hessians against central finite differences (float64).",
  options: [LOSSES_OPTION, AT_OPTION, W_OPTION, B_OPTION, H_OPTION, ATOL_OPTION, RTOL_OPTION, DATA_OPTION, JSON_OPTION, CONFIG_OPTION],
  details: `An entry passes when |analytic − numeric| ≤ atol + rtol·|numeric|, as in
torch.autograd.gradcheck. Where both values lie below what the finite difference can
resolve (its noise: a rounding bound, or |D(h) − D(2h)| if larger), the entry is
"unresolved": its absolute error is reported apart and it neither passes nor fails.
Exit code 1 if any entry fails.

JSON output: {"h", "atol", "rtol", "maxAbsErr", "maxRelErr", "maxUnresolvedAbsErr",
"passed", "failed", "unresolved", "points": [{"w", "b", "loss", "status",
"grad": [entry, entry], "hessian": [Hww, Hwb, Hbw, Hbb entries]}]}, each entry
{"analytic", "numeric", "absErr", "relErr", "noise", "status"}.`,
  run(values, io) {
    const losses = values.get(LOSSES_OPTION);
    const opts = { h: values.get(H_OPTION), atol: values.get(ATOL_OPTION), rtol: values.get(RTOL_OPTION) };
    const at = values.get(AT_OPTION);
    if (at.length > 0 && (values.given(W_OPTION) || values.given(B_OPTION))) {
      throw new UsageError("--at cannot be combined with --w/--b: check points or a grid, not both");
    }
    let points: Array<[number, number]>;
    if (at.length > 0) points = at;
    else {
      const spec = gridSpecValue(values, W_OPTION, B_OPTION);
      const w = axisValues(spec.w);
      const b = axisValues(spec.b);
      points = [];
      for (const bi of b) for (const wj of w) points.push([wj, bi]);
    }
    const data = loadData(values.get(DATA_OPTION));
    const checks = losses.flatMap((loss) => points.map(([w, b]) => gradcheckPoint(loss, data, w, b, opts)));
    const s = summarize(checks);
    if (values.get(JSON_OPTION)) {
      io.out(JSON.stringify({ ...opts, ...s, points: s.points }) + "\n");
    } else {
      const head = ["loss", "w".padStart(10), "b".padStart(10), "|grad|".padStart(10), "grad abs".padStart(10), "grad rel".padStart(10), "hess abs".padStart(10), "hess rel".padStart(10), "status"];
      const lines = [head.join("  "), ...checks.map(tableRow)];
      lines.push(
        "",
        `${checks.length} points: ${s.passed} pass, ${s.failed} fail, ${s.unresolved} unresolved (gradient below finite-difference resolution)`,
        `max abs error ${s.maxAbsErr.toExponential(2)}, max rel error (resolved entries) ${s.maxRelErr.toExponential(2)}, max abs error (unresolved entries) ${s.maxUnresolvedAbsErr.toExponential(2)}`,
        `criterion |a − n| ≤ ${opts.atol} + ${opts.rtol}·|n|, h = ${opts.h}`,
      );
      io.out(lines.join("\n") + "\n");
    }
    return s.failed > 0 ? 1 : 0;
  },
};
