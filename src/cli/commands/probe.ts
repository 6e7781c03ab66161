// `probe`: everything about one point (w, b) of the landscape.

import { evaluatePoint } from "../../numerics/point.js";
import type { Command } from "../command.js";
import { loadData } from "../io.js";
import { flag, pair, str } from "../options.js";
import { requireFinite } from "../finite.js";
import { DATA_OPTION, JSON_OPTION, LOSS_OPTION, lossValue } from "../shared-options.js";

export const probeCommand: Command = {
  name: "probe",
  summary: "Loss, gradient, gradient norm, Hessian and its eigenvalues, and accuracy at one point (w, b).",
  usage: "[--loss mse|bce] --at=W,B [--data FILE] [--json]",
  options: [
    LOSS_OPTION,
    { name: "at", type: "string", arg: "W,B", help: "the point; negatives as --at=-5,-10", defaultText: "-5,-10" },
    DATA_OPTION,
    JSON_OPTION,
  ],
  details: `JSON output: {"w", "b", "loss", "grad": [dL/dw, dL/db], "gradNorm", "hessian": [[Hww, Hwb],
[Hbw, Hbb]], "eigenvalues": [min, max], "accuracy"}.`,
  run(values, io) {
    const loss = lossValue(values);
    const [w, b] = pair("--at", str(values, "at") ?? "-5,-10");
    const data = loadData(str(values, "data"));
    const r = evaluatePoint(loss, data, w, b);
    requireFinite(r, "--at");
    if (flag(values, "json")) {
      io.out(JSON.stringify(r) + "\n");
      return 0;
    }
    const e = (v: number): string => v.toExponential(6);
    io.out(
      [
        `${loss} at (w, b) = (${w}, ${b}), ${data.x.length} samples`,
        `loss         ${r.loss.toPrecision(10)}`,
        `grad         [${e(r.grad[0])}, ${e(r.grad[1])}]`,
        `|grad|       ${e(r.gradNorm)}`,
        `hessian      [[${e(r.hessian[0][0])}, ${e(r.hessian[0][1])}], [${e(r.hessian[1][0])}, ${e(r.hessian[1][1])}]]`,
        `eigenvalues  [${e(r.eigenvalues[0])}, ${e(r.eigenvalues[1])}]`,
        `accuracy     ${r.accuracy}`,
      ].join("\n") + "\n",
    );
    return 0;
  },
};
