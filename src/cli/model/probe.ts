// `probe --model FILE.onnx`: loss, accuracy or R², the flat gradient, H·v and the dense Hessian's
// spectrum at the model's parameters (or --params); the numbers are api/probe.ts's.

import { probe, type ModelProbeResult } from "../../api/probe.js";
import { MAX_DENSE_HESSIAN_PARAMS } from "../../model/curvature.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { requireFinite } from "../finite.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { JSON_OPTION } from "../shared-options.js";
import { modelPoint, readKeyedFile } from "./model-io.js";
import { MODEL_HVP_OPTION, MODEL_POINT_OPTIONS, NO_HESSIAN_OPTION } from "./model-options.js";

export const modelProbeCommand: Command = {
  name: "probe",
  summary: "A model's loss, accuracy (or R²), gradient, H·v and dense Hessian spectrum at its parameters.",
  options: [...MODEL_POINT_OPTIONS, MODEL_HVP_OPTION, NO_HESSIAN_OPTION, JSON_OPTION, CONFIG_OPTION, ...PROGRESS_OPTIONS],
  details: `The model runs in eval mode: BatchNorm uses its running statistics, Dropout is off.
JSON: {"model": {"file", "params", "loss", "samples", "data"}, "loss", "accuracy" (null for
mse), "r2" (mse only, else null), "gradient" (flat, in the params order), "gradNorm",
"parameters": [{"name", "gradNorm"}], "hvp" (flat, with --hvp; else null), "hessian":
{"eigenvalues" (ascending, all), "trace", "lambdaMin", "lambdaMax"} (null when skipped),
"hessianSkipped" (why, or null)}. The dense Hessian is computed for P ≤ ${MAX_DENSE_HESSIAN_PARAMS}
(P exact H·v products) unless --no-hessian.

Example: loss-landscape probe --model cnn.onnx --data digits.npz --loss ce --hvp v.safetensors --json`,
  async run(values, io) {
    const { loaded, model, theta, data, loss } = modelPoint(values, io);
    const hvpPath = values.get(MODEL_HVP_OPTION);
    const v = hvpPath !== undefined ? readKeyedFile(hvpPath, "--hvp", model) : undefined;
    const P = model.P;
    const N = data.x.shape[0];
    const noHessian = values.get(NO_HESSIAN_OPTION);
    const dense = !noHessian && P <= MAX_DENSE_HESSIAN_PARAMS;
    // a pass costs about (work per sample) × N; the dense Hessian P of them
    const perPass = (1e-7 * data.x.data.length + 2e-8 * P * N) * 4;
    const progress = startJob(values, io, "probe", { seconds: perPass * (1 + (dense ? P : 0)), what: `${dense ? `the ${P}×${P} Hessian` : "loss and gradient"} on ${N} samples` });
    // an ONNX graph's Model is no MLP: probe reports it as a model
    const r = (await probe(model, data, { loss, params: theta, hvp: v ?? null, noHessian }, { onProgress: (s, f) => progress.update(s, f) })) as ModelProbeResult;
    progress.finish();
    const doc = r;
    requireFinite(doc, "--model");
    if (values.get(JSON_OPTION)) {
      io.out(JSON.stringify(doc) + "\n");
      return 0;
    }
    const e = (x: number): string => x.toExponential(6);
    const lines = [
      `${loss}, ${values.get(MODEL_POINT_OPTIONS[0])} (${P} parameters, ${loaded.graph.nodes.length} nodes), ${N} samples of ${data.source}`,
      `loss         ${r.loss.toPrecision(10)}`,
      r.accuracy !== null ? `accuracy     ${r.accuracy}` : `R²           ${r.r2}`,
      `|grad|       ${e(r.gradNorm)}`,
      ...r.parameters.map((p) => `  ${p.name.padEnd(24)} |∇| ${e(p.gradNorm)}`),
      r.hessian ? `hessian      λmin ${e(r.hessian.lambdaMin)}  λmax ${e(r.hessian.lambdaMax)}  trace ${e(r.hessian.trace)}` : `hessian      skipped: ${r.hessianSkipped}`,
    ];
    if (r.hvp) lines.push(`|H v|        ${e(Math.sqrt(r.hvp.reduce((a, x) => a + x * x, 0)))}`);
    io.out(lines.join("\n") + "\n");
    return 0;
  },
};
