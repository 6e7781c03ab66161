// `probe`: everything about one point (w, b) of the landscape.

import { probeNeuron } from "../../api/probe.js";
import type { Command } from "../command.js";
import { loadTableCsv } from "../io.js";
import { seedDataset } from "../../data/dataset.js";
import { CONFIG_OPTION } from "../config.js";
import { pair, valueOption } from "../options.js";
import { requireFinite } from "../finite.js";
import { JSON_OPTION, LOSS_OPTION } from "../shared-options.js";
import { MODEL_DATA_OPTION } from "../network-options.js";
import { isDataName } from "../../nn/datasets.js";
import { UsageError } from "../errors.js";
import { NETWORK_PROBE_OPTIONS, networkTable, probeNetwork, wantsNetwork } from "../network-probe.js";
import { probeCost } from "../../estimate/cost.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { accuracyText } from "../human-number.js";

const AT_OPTION = valueOption<[number, number]>({
  name: "at",
  arg: "W,B",
  attached: true,
  help: "the point",
  limits: "two finite numbers",
  default: [-5, -10],
  defaultText: "-5,-10",
  parse: (t) => pair("--at", t),
});

export const probeCommand: Command = {
  name: "probe",
  summary: "Loss, gradient, gradient norm, Hessian and its eigenvalues, and accuracy at one point (w, b).",
  options: [LOSS_OPTION, AT_OPTION, MODEL_DATA_OPTION, JSON_OPTION, ...NETWORK_PROBE_OPTIONS, CONFIG_OPTION, ...PROGRESS_OPTIONS],
  details: `JSON output: {"w", "b", "loss", "grad": [dL/dw, dL/db], "gradNorm", "hessian": [[Hww, Hwb],
[Hbw, Hbb]], "eigenvalues": [min, max], "accuracy"}.
With a network (--hidden, --params, --init, --hvp, or --data naming a built-in 2-D set):
{"loss", "gradient" (flat, PyTorch's parameters_to_vector order), "gradNorm", "accuracy",
"layers": [{"weightGradNorm", "biasGradNorm"}], "hessian": {"eigenvalues" (ascending, all),
"trace", "lambdaMin", "lambdaMax"} or null, "hessianSkipped" (null when computed, else why:
"--no-hessian" or "P > 2000"), "hvp" (flat, with --hvp)}. The dense Hessian is computed
for P ≤ 2000 unless --no-hessian; the text output says when it was skipped.
A network's dense Hessian costs ~P²·N·6 ns plus P³ ns for the spectrum (P = 1801, N = 500:
about 20 s): the estimate is printed above 30 s and --max-seconds refuses it.`,
  async run(values, io) {
    const loss = values.get(LOSS_OPTION);
    const dataSpec = values.get(MODEL_DATA_OPTION);
    const csv = dataSpec !== undefined && !isDataName(dataSpec) ? loadTableCsv(dataSpec) : null;
    if (wantsNetwork(values, dataSpec, isDataName) || (csv !== null && csv.inputs > 1)) {
      if (values.given(AT_OPTION)) throw new UsageError("--at is the one-neuron model's point; a network starts from --params or --init");
      return probeNetwork(values, loss, csv ?? networkTable(values, dataSpec), values.get(JSON_OPTION), io);
    }
    const [w, b] = values.get(AT_OPTION);
    const data = csv ? { x: csv.x, y: csv.y, source: csv.source } : seedDataset();
    const progress = startJob(values, io, "probe", probeCost(data.x.length));
    const r = await probeNeuron(data, { loss, at: [w, b] }, { onProgress: (s, f) => progress.update(s, f) });
    progress.finish();
    requireFinite(r, "--at");
    if (values.get(JSON_OPTION)) {
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
        `accuracy     ${accuracyText(r.accuracy)}`,
      ].join("\n") + "\n",
    );
    return 0;
  },
};
