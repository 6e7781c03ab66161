// `hessian --model FILE.onnx`: the hessian command's estimates (Lanczos extremes, Hutchinson
// trace, SLQ density, per-parameter-tensor λ_max) on a model's exact H·v, beside the dense exact
// values for P ≤ 2000; same JSON and text as for a network.

import { resolve } from "node:path";
import { hessianAnalysis } from "../../api/hessian.js";
import { parameterBlocks } from "../../model/curvature.js";
import { MAX_DENSE_HESSIAN_PARAMS } from "../../model/curvature.js";
import type { Command } from "../command.js";
import { request, requestOptions } from "../commands/hessian.js";
import { CONFIG_OPTION } from "../config.js";
import { UsageError } from "../errors.js";
import { requireFinite } from "../finite.js";
import { hessianCost } from "../../estimate/hessian-cost.js";
import { hessianJson, hessianText } from "../hessian-format.js";
import { HESSIAN_SEED_OPTION } from "../hessian-model.js";
import { AXIS_OPTION, HESSIAN_ESTIMATE_OPTIONS, SVG_OPTION } from "../hessian-options.js";
import { hessianSvg } from "../hessian-svg.js";
import { writeOutputSet, type PlannedOutput } from "../output-set.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { JSON_OPTION, OUT_FILE_OPTION } from "../shared-options.js";
import { modelPoint } from "./model-io.js";
import { MODEL_OPTION, MODEL_POINT_OPTIONS } from "./model-options.js";

export const modelHessianCommand: Command = {
  name: "hessian",
  summary: "Curvature of a model's loss at its parameters: top/bottom eigenvalues (Lanczos), trace, density, per-parameter-tensor λ_max, and the dense exact values when P ≤ 2000.",
  options: [...MODEL_POINT_OPTIONS, ...HESSIAN_ESTIMATE_OPTIONS, HESSIAN_SEED_OPTION, JSON_OPTION, OUT_FILE_OPTION, SVG_OPTION, AXIS_OPTION, CONFIG_OPTION, ...PROGRESS_OPTIONS],
  details: `As 'loss-landscape hessian --help' describes, on the model's exact H·v (every op's R-op;
max pooling's routing is fixed at the point, so its second derivative is zero). --per-layer
gives one block per parameter tensor (perLayer[i].layer indexes 'params'). JSON "model":
{"architecture" (the file), "params", "loss", "samples", "data"}. Dense exact values for P ≤ ${MAX_DENSE_HESSIAN_PARAMS}.

Example: loss-landscape hessian --model cnn.onnx --data digits.npz --loss ce --top 3 --json`,
  async run(values, io) {
    const { model, theta, data, loss } = modelPoint(values, io);
    const P = model.P;
    const req = request(values, P, values.get(HESSIAN_SEED_OPTION));
    const svgPath = values.get(SVG_OPTION);
    const out = values.get(OUT_FILE_OPTION);
    if (svgPath !== undefined && out !== undefined && resolve(svgPath) === resolve(out)) throw new UsageError("--out and --svg name the same file: give two paths");
    const exact = req.exact && P <= MAX_DENSE_HESSIAN_PARAMS;
    const blocks = parameterBlocks(model);
    const N = data.x.shape[0];
    const progress = startJob(values, io, "hessian", hessianCost(req, P, N * Math.max(1, data.x.data.length / N / 8), blocks.map((b) => b.size), exact));
    // an ONNX graph's Model: its blocks are its parameter tensors, named
    const analysis = await hessianAnalysis(model, data, { loss, params: theta, ...requestOptions(req) }, { onProgress: (s, f) => progress.update(s, f) });
    const { report } = analysis;
    const file = values.get(MODEL_OPTION)!;
    const ctx = { ...analysis.context, origin: `--model ${file}` };
    const doc = hessianJson(report, ctx);
    requireFinite(doc, "--model");
    const text = values.get(JSON_OPTION) ? JSON.stringify(doc) + "\n" : hessianText(report, ctx);
    const svg = svgPath === undefined ? null : await hessianSvg(report, ctx, values.get(AXIS_OPTION));
    const outputs: PlannedOutput[] = [];
    if (svgPath !== undefined && svg !== null) outputs.push({ label: "--svg", path: svgPath, chunks: () => [svg] });
    if (out !== undefined) outputs.push({ label: "--out", path: out, chunks: () => [text] });
    writeOutputSet(outputs);
    if (out === undefined) io.out(text);
    progress.finish();
    return 0;
  },
};
