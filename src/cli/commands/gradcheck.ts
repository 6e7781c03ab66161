// `gradcheck`: analytic gradient and Hessian against central differences.

import { axisValues, type GridSpec } from "../../numerics/grid.js";
import { addToTotals, emptyTotals, type EntryCheck, type PointCheck } from "../../numerics/gradcheck.js";
import { DEFAULT_NEURON_GRADCHECK_OPTIONS as D, gradcheckNeuronPoints, neuronCheckCount, stepReach } from "../../api/gradcheck.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { gradcheckCost } from "../../estimate/cost.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { UsageError } from "../errors.js";
import { listOption, numberOption, pair } from "../options.js";
import { requireFinite } from "../finite.js";
import { axisOption, JSON_OPTION, LOSSES_OPTION } from "../shared-options.js";
import { isDataName } from "../../nn/datasets.js";
import { MODEL_DATA_OPTION } from "../network-options.js";
import { NETWORK_POINT_OPTIONS, networkTable, wantsNetwork } from "../network-probe.js";
import { runNetworkGradcheck } from "../network-gradcheck.js";
import { loadTableCsv } from "../io.js";
import { gridSpecValue } from "./grid.js";
import { seedDataset } from "../../data/dataset.js";

/** Default points: a coarse grid over the default view, which includes plateau corners. */
const DEFAULT_CHECK_GRID: GridSpec = { w: D.w, b: D.b };

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
const W_OPTION = axisOption("w", "w axis of the grid of points checked", DEFAULT_CHECK_GRID, false);
const B_OPTION = axisOption("b", "b axis of the grid of points checked", DEFAULT_CHECK_GRID, false);
const H_OPTION = numberOption({ name: "h", help: "relative finite-difference step: θ moves by h·max(1, |θ|)", default: D.h, range: { gt: 0, le: 1 } });
const ATOL_OPTION = numberOption({ name: "atol", help: "absolute tolerance", default: D.atol, range: { ge: 0 } });
const RTOL_OPTION = numberOption({ name: "rtol", help: "relative tolerance", default: D.rtol, range: { ge: 0 } });

const maxOf = (es: EntryCheck[], k: "absErr" | "relErr"): number =>
  Math.max(0, ...es.filter((e) => k === "absErr" || e.status !== "unresolved").map((e) => e[k]));

/** Most grid points one run checks (per loss): each costs ~9 evaluations and a JSON record of ~1.5 KB. */
const MAX_CHECK_POINTS = 1024 * 1024;

const HEAD = ["loss", "w".padStart(10), "b".padStart(10), "|grad|".padStart(10), "grad abs".padStart(10), "grad rel".padStart(10), "hess abs".padStart(10), "hess rel".padStart(10), "status"].join("  ");

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
  options: [LOSSES_OPTION, AT_OPTION, W_OPTION, B_OPTION, H_OPTION, ATOL_OPTION, RTOL_OPTION, MODEL_DATA_OPTION, ...NETWORK_POINT_OPTIONS, JSON_OPTION, CONFIG_OPTION, ...PROGRESS_OPTIONS],
  details: `An entry passes when |analytic − numeric| ≤ atol + rtol·|numeric|, as in
torch.autograd.gradcheck. Where both values lie below what the finite difference can
resolve (its noise: a rounding bound, or |D(h) − D(2h)| if larger), the entry is
"unresolved": its absolute error is reported apart and it neither passes nor fails.
Exit code 1 if any entry fails. The step along w is h·max(1, |w|) (likewise for b), so
it moves the point at any magnitude. At most 1024² grid points per loss; results are
streamed, so memory does not grow with the grid.

JSON output: {"h", "atol", "rtol", "maxAbsErr", "maxRelErr", "maxUnresolvedAbsErr",
"passed", "failed", "unresolved", "points": [{"w", "b", "loss", "status",
"grad": [entry, entry], "hessian": [Hww, Hwb, Hbw, Hbb entries]}]}, each entry
{"analytic", "numeric", "absErr", "relErr", "noise", "status"}.

A network (--hidden, --params, --init, or --data naming a built-in 2-D set or a CSV with
x1,…,xd,y) is checked at one point θ (--params, or --init/--seed/--gain), every parameter
θ_j with the step h·max(1, |θ_j|), and every Hessian entry (R-operator columns H e_j against
differences of the gradient) when P ≤ 400; one point per loss. JSON: {"h", "atol", "rtol",
"parameters", "hessianChecked", "points": [{"loss", "status", "passed", "failed",
"unresolved", "maxAbsErr", "maxRelErr", "maxUnresolvedAbsErr" (over that point's entries),
"grad": [P entries, θ's order], "hessian": [P² entries row-major, or []]}], then the
totals as above (passed/failed/unresolved count points)}.`,
  async run(values, io) {
    const losses = values.get(LOSSES_OPTION);
    const opts = { h: values.get(H_OPTION), atol: values.get(ATOL_OPTION), rtol: values.get(RTOL_OPTION) };
    const at = values.get(AT_OPTION);
    const dataSpec = values.given(MODEL_DATA_OPTION) ? values.get(MODEL_DATA_OPTION) : undefined;
    const csv = dataSpec !== undefined && !isDataName(dataSpec) ? loadTableCsv(dataSpec) : null;
    if (wantsNetwork(values, dataSpec, isDataName) || (csv !== null && csv.inputs > 1)) {
      if (at.length > 0 || values.given(W_OPTION) || values.given(B_OPTION)) throw new UsageError("--at/--w/--b are points of the one-neuron model; a network is checked at --params or --init");
      return runNetworkGradcheck(values, losses, csv ?? networkTable(values, dataSpec), opts, values.get(JSON_OPTION), io);
    }
    if (at.length > 0 && (values.given(W_OPTION) || values.given(B_OPTION))) {
      throw new UsageError("--at cannot be combined with --w/--b: check points or a grid, not both");
    }
    const spec = at.length === 0 ? gridSpecValue(values, W_OPTION, B_OPTION) : null;
    if (spec !== null && spec.w.count * spec.b.count > MAX_CHECK_POINTS) {
      throw new UsageError(`--w/--b: at most ${MAX_CHECK_POINTS} points (1024²) to check (got ${spec.w.count}×${spec.b.count})`);
    }
    const check = { loss: losses, at, ...(spec ?? {}), ...opts };
    // The points in order (never one array for a grid), checked before any work:
    // steps are relative (h·max(1, |θ|)), so θ ± 2·step must stay a finite number.
    const grid = spec === null ? null : { w: axisValues(spec.w), b: axisValues(spec.b) };
    const each = function* (): Generator<readonly [number, number]> {
      if (grid === null) yield* at;
      else for (const bi of grid.b) for (const wj of grid.w) yield [wj, bi];
    };
    const reach = stepReach(opts.h);
    for (const [w, b] of each()) {
      if (Math.abs(w) > reach || Math.abs(b) > reach) {
        throw new UsageError(`--at/--w/--b: |w| and |b| must be ≤ ${reach.toPrecision(4)} with --h ${opts.h}, so the steps stay finite (got ${w}, ${b})`);
      }
    }
    const data = csv ? { x: csv.x, y: csv.y, source: csv.source } : seedDataset();
    const progress = startJob(values, io, "gradcheck", gradcheckCost(neuronCheckCount(check), data.x.length));
    const totals = emptyTotals();
    let count = 0;
    const json = values.get(JSON_OPTION);
    if (json) io.out(`${JSON.stringify(opts).slice(0, -1)},"points":[`);
    else io.out(HEAD + "\n");
    // Streamed point by point: a 1024² grid never lives in memory.
    for (const p of gradcheckNeuronPoints(data, check, { onProgress: (s, f) => progress.update(s, f) })) {
      requireFinite(p, "--at/--w/--b");
      addToTotals(totals, p);
      io.out(json ? (count > 0 ? "," : "") + JSON.stringify(p) : tableRow(p) + "\n");
      count++;
    }
    progress.finish();
    const s = totals;
    if (json) {
      io.out(`],${JSON.stringify(totals).slice(1)}\n`);
    } else {
      io.out(
        [
          "",
          `${count} points: ${s.passed} pass, ${s.failed} fail, ${s.unresolved} unresolved (gradient below finite-difference resolution)`,
          `max abs error ${s.maxAbsErr.toExponential(2)}, max rel error (resolved entries) ${s.maxRelErr.toExponential(2)}, max abs error (unresolved entries) ${s.maxUnresolvedAbsErr.toExponential(2)}`,
          `criterion |a − n| ≤ ${opts.atol} + ${opts.rtol}·|n|, h = ${opts.h} relative (step h·max(1, |θ|))`,
        ].join("\n") + "\n",
      );
    }
    return s.failed > 0 ? 1 : 0;
  },
};
