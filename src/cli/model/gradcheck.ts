// `gradcheck --model FILE.onnx`: the model's gradient (every entry, or a seeded sample of each
// large tensor) and H·v against central differences, over all parameters or --only NAME,…;
// the check is api/gradcheck.ts's.

import { DEFAULT_MODEL_GRADCHECK_OPTIONS as D, gradcheck, stepReach, type ModelGradcheckResult } from "../../api/gradcheck.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { UsageError } from "../errors.js";
import { intOption, numberOption, valueOption } from "../options.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { JSON_OPTION, seedOption } from "../shared-options.js";
import { modelPoint } from "./model-io.js";
import { MODEL_PARAMS_OPTION, MODEL_POINT_OPTIONS } from "./model-options.js";

const ONLY = valueOption<string[] | null>({ name: "only", arg: "NAME,…", help: "check only these parameter tensors (names as 'params' lists them)", default: null, defaultText: "all", parse: (t) => t.split(",").map((s) => s.trim()).filter((s) => s !== "") });
const H = numberOption({ name: "h", help: "relative finite-difference step: θ_i moves by h·max(1, |θ_i|)", default: D.h, range: { gt: 0, le: 1 } });
const ATOL = numberOption({ name: "atol", help: "absolute tolerance", default: D.atol, range: { ge: 0 } });
const RTOL = numberOption({ name: "rtol", help: "relative tolerance", default: D.rtol, range: { ge: 0 } });
const MAX_ENTRIES = intOption({ name: "max-entries", help: "most entries checked per tensor (a seeded sample of larger ones)", default: D.maxEntries, min: 1 });
const SEED = seedOption("seed of the entry sample and of v for the H·v check");

export const modelGradcheckCommand: Command = {
  name: "gradcheck",
  summary: "A model's gradient and H·v against central finite differences, per parameter tensor.",
  options: [...MODEL_POINT_OPTIONS, ONLY, H, ATOL, RTOL, MAX_ENTRIES, SEED, JSON_OPTION, CONFIG_OPTION, ...PROGRESS_OPTIONS],
  details: `An entry passes when |analytic − fd| ≤ atol + rtol·|fd|. Exit 0 when every entry and H·v
pass, 1 otherwise. JSON: {"loss", "parameters": [{"name", "checked", "size", "maxAbsErr",
"maxRelErr", "failed"}], "hvp": {"absErr", "relErr", "passed"}, "passed"}.

Example: loss-landscape gradcheck --model cnn.onnx --data digits.npz --loss ce --only 0.weight,4.bias`,
  async run(values, io) {
    const { model, theta, data, loss } = modelPoint(values, io);
    const only = values.get(ONLY);
    if (only) {
      const unknown = only.filter((n) => !model.parameters.some((p) => p.name === n));
      if (unknown.length) throw new UsageError(`--only: no parameter named ${unknown.join(", ")} (the model has ${model.parameters.map((p) => p.name).join(", ")})`);
    }
    const o = { h: values.get(H), atol: values.get(ATOL), rtol: values.get(RTOL), maxEntries: values.get(MAX_ENTRIES) };
    // the central differences move θ_i by 2·h·max(1, |θ_i|): past this reach they overflow
    const reach = stepReach(o.h);
    const far = theta.findIndex((t) => Math.abs(t) > reach);
    if (far >= 0) {
      const name = model.parameters.find((p) => far >= p.offset && far < p.offset + p.size)?.name ?? `θ[${far}]`;
      throw new UsageError(`${values.given(MODEL_PARAMS_OPTION) ? "--params" : "--model"}: |θ| must be ≤ ${reach.toPrecision(4)} with --h ${o.h}, so the steps stay finite (${name} holds ${theta[far]})`);
    }
    const checked = model.parameters.filter((p) => !only || only.includes(p.name)).reduce((a, p) => a + Math.min(p.size, o.maxEntries), 0);
    const N = data.x.shape[0];
    const progress = startJob(values, io, "gradcheck", { seconds: (2 * checked + 4) * (1e-7 * data.x.data.length + 1e-8 * model.P * N), what: `${checked} entries × 2 evaluations on ${N} samples` });
    // an ONNX graph's Model is no MLP: gradcheck checks it per tensor
    const r = (await gradcheck(model, data, { loss, params: theta, only, ...o, seed: values.get(SEED) }, { onProgress: (s, f) => progress.update(s, f) })) as ModelGradcheckResult;
    progress.finish();
    if (values.get(JSON_OPTION)) io.out(JSON.stringify(r) + "\n");
    else {
      const e = (x: number): string => x.toExponential(2).padStart(10);
      const w = Math.max(6, ...r.parameters.map((p) => p.name.length));
      const lines = [`${"tensor".padEnd(w)}  ${"checked".padStart(9)}  ${"abs err".padStart(10)}  ${"rel err".padStart(10)}  status`];
      for (const p of r.parameters) lines.push(`${p.name.padEnd(w)}  ${`${p.checked}/${p.size}`.padStart(9)}  ${e(p.maxAbsErr)}  ${e(p.maxRelErr)}  ${p.failed ? `FAIL (${p.failed})` : "ok"}`);
      lines.push(`${"H·v".padEnd(w)}  ${"".padStart(9)}  ${e(r.hvp.absErr)}  ${e(r.hvp.relErr)}  ${r.hvp.passed ? "ok" : "FAIL"}`);
      lines.push(r.passed ? "all derivatives agree with finite differences" : "some derivatives disagree with finite differences");
      io.out(lines.join("\n") + "\n");
    }
    return r.passed ? 0 : 1;
  },
};
