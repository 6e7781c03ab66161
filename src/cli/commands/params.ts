// `params`: a model file's parameters (name, shape, offset into the flat θ, size), in the order
// every model command uses (PyTorch's named_parameters()), and its buffers.

import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { JSON_OPTION } from "../shared-options.js";
import { safeLine } from "../quote.js";
import { readModelFile } from "../model/model-io.js";
import { MODEL_OPTION } from "../model/model-options.js";

export const paramsCommand: Command = {
  name: "params",
  summary: "List a model's parameters (name, shape, offset, size) in the flat order every command uses, and its buffers.",
  options: [MODEL_OPTION, JSON_OPTION],
  details: `JSON: {"parameters": [{"name", "shape", "offset", "size"}], "buffers": [{"name", "shape"}],
"total": P}. The order is PyTorch's named_parameters() order (for an exported module, the order
in which the graph first uses each parameter); gradients, H·v and flat vectors follow it.

Example: loss-landscape params --model model.onnx --json`,
  run(values, io) {
    const path = values.get(MODEL_OPTION);
    if (path === undefined) throw new UsageError("--model FILE.onnx is required");
    const { graph, warnings } = readModelFile(path);
    for (const w of warnings) io.err(`${safeLine(`loss-landscape params: warning: ${w}`)}\n`);
    const doc = {
      parameters: graph.parameters.map((p) => ({ name: p.name, shape: p.shape, offset: p.offset, size: p.size })),
      buffers: graph.buffers.map((b) => ({ name: b.name, shape: b.shape })),
      total: graph.P,
    };
    if (values.get(JSON_OPTION)) {
      io.out(JSON.stringify(doc) + "\n");
      return 0;
    }
    const width = Math.max(4, ...doc.parameters.map((p) => p.name.length), ...doc.buffers.map((b) => b.name.length));
    const lines = [`${path}: ${graph.P} parameters in ${doc.parameters.length} tensors`, `${"name".padEnd(width)}  ${"shape".padEnd(16)}  ${"offset".padStart(9)}  ${"size".padStart(9)}`];
    for (const p of doc.parameters) lines.push(`${p.name.padEnd(width)}  ${`[${p.shape.join(", ")}]`.padEnd(16)}  ${String(p.offset).padStart(9)}  ${String(p.size).padStart(9)}`);
    if (doc.buffers.length > 0) {
      lines.push("buffers (fixed: BatchNorm running statistics)");
      for (const b of doc.buffers) lines.push(`${b.name.padEnd(width)}  [${b.shape.join(", ")}]`);
    }
    io.out(lines.join("\n") + "\n");
    return 0;
  },
};
