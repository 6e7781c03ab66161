// `gradcheck`: analytic gradient and Hessian against central differences.

import { axisValues, type GridSpec } from "../../numerics/grid.js";
import { DEFAULT_GRADCHECK_OPTIONS, gradcheckPoint, summarize, type EntryCheck, type PointCheck } from "../../numerics/gradcheck.js";
import { LOSS_NAMES, type LossName } from "../../numerics/losses.js";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { loadData } from "../io.js";
import { flag, num, oneOf, pair, str } from "../options.js";
import { DATA_OPTION, JSON_OPTION } from "../shared-options.js";
import { gridSpecValue } from "./grid.js";

/** Default points: a coarse grid over the default view, which includes plateau corners. */
const DEFAULT_CHECK_GRID: GridSpec = { w: { min: -10, max: 20, count: 7 }, b: { min: -20, max: 10, count: 7 } };

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
  usage: "[--loss mse|bce|all] [--at=W,B | --w=MIN:MAX:N --b=MIN:MAX:N] [--h X] [--atol X] [--rtol X] [--json]",
  options: [
    { name: "loss", type: "string", arg: "mse|bce|all", help: "which loss to check", defaultText: "all" },
    { name: "at", type: "string", arg: "W,B", help: "check one point (repeatable)", multiple: true },
    { name: "w", type: "string", arg: "MIN:MAX:N", help: "check a grid (with --b)", defaultText: "-10:20:7" },
    { name: "b", type: "string", arg: "MIN:MAX:N", help: "check a grid (with --w)", defaultText: "-20:10:7" },
    { name: "h", type: "string", arg: "X", help: "finite-difference step, > 0", defaultText: "1e-6" },
    { name: "atol", type: "string", arg: "X", help: "absolute tolerance, ≥ 0", defaultText: "1e-5" },
    { name: "rtol", type: "string", arg: "X", help: "relative tolerance, ≥ 0", defaultText: "1e-3" },
    DATA_OPTION,
    JSON_OPTION,
  ],
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
    const lossText = oneOf(values, "loss", [...LOSS_NAMES, "all"] as const, "all");
    const losses: LossName[] = lossText === "all" ? [...LOSS_NAMES] : [lossText];
    const opts = {
      h: num(values, "h", DEFAULT_GRADCHECK_OPTIONS.h, { gt: 0, le: 1 }),
      atol: num(values, "atol", DEFAULT_GRADCHECK_OPTIONS.atol, { ge: 0 }),
      rtol: num(values, "rtol", DEFAULT_GRADCHECK_OPTIONS.rtol, { ge: 0 }),
    };
    const at = (values.at as string[] | undefined) ?? [];
    if (at.length > 0 && (values.w !== undefined || values.b !== undefined)) {
      throw new UsageError("--at cannot be combined with --w/--b: check points or a grid, not both");
    }
    let points: Array<[number, number]>;
    if (at.length > 0) points = at.map((t) => pair("--at", t));
    else {
      const spec = gridSpecValue(values, DEFAULT_CHECK_GRID);
      const w = axisValues(spec.w);
      const b = axisValues(spec.b);
      points = [];
      for (const bi of b) for (const wj of w) points.push([wj, bi]);
    }
    const data = loadData(str(values, "data"));
    const checks = losses.flatMap((loss) => points.map(([w, b]) => gradcheckPoint(loss, data, w, b, opts)));
    const s = summarize(checks);
    if (flag(values, "json")) {
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
