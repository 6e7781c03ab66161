// The ONNX file with new parameter values: each parameter's initializer gets raw little-endian
// data in its own dtype (float32 or float64), everything else is written back as decoded.

import type { Graph } from "../graph/graph.js";
import { DOUBLE, modelType, type ModelProto, type TensorProto } from "./decode.js";

export function encodeModelWith(
  proto: ModelProto, graph: Graph, theta: Float64Array, renamed: Map<string, { initializer: string; transposed: boolean }> = new Map(), untied: Map<string, string> = new Map(),
): Uint8Array {
  const byName = new Map(graph.parameters.map((p) => [p.name, p]));
  const source = new Map([...renamed].map(([name, r]) => [r.initializer, name]));
  // initializers the exporter had deduplicated go back as their own (their values may now differ)
  const given = proto.graph?.initializer ?? [];
  const restored = [...untied].map(([name, src]): TensorProto => ({ ...given.find((t) => t.name === src)!, name }));
  const initializer = [...given, ...restored].map((t): TensorProto => {
    const key = t.name !== undefined ? (source.get(t.name) ?? t.name) : undefined;
    const p = key !== undefined ? byName.get(key) : undefined;
    if (!p) return t;
    // a restored Linear weight [out, in] goes back as the file's transposed [in, out]
    const values = renamed.get(p.name)?.transposed ? transposed(theta.subarray(p.offset, p.offset + p.size), p.shape[0], p.shape[1]) : theta.subarray(p.offset, p.offset + p.size);
    const f64 = t.dataType === DOUBLE;
    const raw = new Uint8Array(p.size * (f64 ? 8 : 4));
    const view = new DataView(raw.buffer);
    for (let i = 0; i < p.size; i++) {
      if (f64) view.setFloat64(8 * i, values[i], true);
      else view.setFloat32(4 * i, values[i], true);
    }
    return { ...t, rawData: raw, floatData: [], doubleData: [] };
  });
  // Encode with the type that decoded the file: its nested messages then pass through as they
  // are. (A freshly parsed type sees them as plain objects and writes every proto2 default,
  // which onnx.checker rejects.)
  const type = (proto as { $type?: ReturnType<typeof modelType> }).$type ?? modelType();
  const node = (proto.graph?.node ?? []).filter((n) => !(n.opType === "Identity" && untied.has(n.output?.[0] ?? "")));
  const m = { ...proto, graph: { ...proto.graph!, initializer, node } };
  return type.encode(type.fromObject(m as unknown as Record<string, unknown>)).finish();
}

function transposed(v: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(v.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = v[r * cols + c];
  return out;
}
