// `layers --model FILE.onnx`: per layer (each Gemm/MatMul/Conv and the activation after it) the
// pre-activation, activation, saturation, backprop and weight-gradient statistics, at the model's
// parameters and at re-initializations (--init model,he,pytorch,…), for the data given; the
// statistics are api/layers.ts's.

import { layers, type ModelLayersResult } from "../../api/layers.js";
import { MODEL_INITS, type ModelInit } from "../../model/init.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { requireFinite } from "../finite.js";
import { checkChoice, listOption } from "../options.js";
import { JSON_OPTION, seedOption } from "../shared-options.js";
import { modelPoint } from "./model-io.js";
import { MODEL_POINT_OPTIONS } from "./model-options.js";

const INIT = listOption<ModelInit>({ name: "init", arg: "SCHEME", help: `parameters to measure at: ${MODEL_INITS.join(", ")} (model = the file's or --params)`, default: ["model"], defaultText: "model", example: "he", max: 8, parse: (t) => checkChoice("--init", t, MODEL_INITS) });
const SEED = seedOption("seed of the --init draws");

export const modelLayersCommand: Command = {
  name: "layers",
  summary: "Per-layer statistics of a model on data (each Gemm/Conv and the activation after it), at its parameters or re-initialized.",
  options: [...MODEL_POINT_OPTIONS, INIT, SEED, JSON_OPTION, CONFIG_OPTION],
  details: `For each layer: preactivation {mean, std}, activation {mean, std, saturated} (σ < 0.01 or
> 0.99, |tanh| or |softsign| > 0.99, ReLU-family pre-activation ≤ 0; null for other ops),
backprop {mean, std} of one sample's ∂ℓ/∂z, and the weight gradient's norm. BatchNorm and bias
Adds between a layer and its activation are part of the layer. The model runs in eval mode.
JSON: {"model", "loss", "samples", "runs": [{"init", "seed", "loss", "layers": [{"index",
"node", "op", "activationOp", "weight", "preactivation", "activation", "backprop",
"weightGradNorm"}]}]}.

Example: loss-landscape layers --model cnn.onnx --data digits.npz --loss ce --init pytorch --init he`,
  async run(values, io) {
    const { model, theta, data, loss } = modelPoint(values, io);
    // an ONNX graph's Model: layers walks its nodes
    const doc = (await layers(model, data, { loss, params: theta, init: values.get(INIT), seed: values.get(SEED) })) as ModelLayersResult;
    const runs = doc.runs;
    requireFinite(doc, "--init");
    if (values.get(JSON_OPTION)) {
      io.out(JSON.stringify(doc) + "\n");
      return 0;
    }
    const f = (x: number): string => x.toExponential(2).padStart(10);
    const lines: string[] = [];
    for (const r of runs) {
      lines.push(`init ${r.init}${r.seed !== null ? ` (seed ${r.seed})` : ""}: ${loss} ${r.loss.toPrecision(6)}`);
      lines.push(`  ${"layer".padEnd(28)} ${"pre std".padStart(10)} ${"act std".padStart(10)} ${"saturated".padStart(10)} ${"back std".padStart(10)} ${"|∇W|".padStart(10)}`);
      for (const l of r.layers) {
        const label = `${l.op}${l.activationOp ? `+${l.activationOp}` : ""} ${l.weight ?? l.node}`;
        lines.push(`  ${label.padEnd(28)} ${f(l.preactivation.std)} ${f(l.activation.std)} ${(l.activation.saturated === null ? "—" : l.activation.saturated.toFixed(3)).padStart(10)} ${f(l.backprop.std)} ${f(l.weightGradNorm)}`);
      }
    }
    io.out(lines.join("\n") + "\n");
    return 0;
  },
};
