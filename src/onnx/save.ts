// The ONNX file with new parameter values: each parameter's initializer gets raw little-endian
// data in its own dtype (float32 or float64), everything else is written back as decoded.

import type { Graph } from "../graph/graph.js";
import { DOUBLE, modelType, type ModelProto, type TensorProto } from "./decode.js";

export function encodeModelWith(proto: ModelProto, graph: Graph, theta: Float64Array): Uint8Array {
  const byName = new Map(graph.parameters.map((p) => [p.name, p]));
  const initializer = (proto.graph?.initializer ?? []).map((t): TensorProto => {
    const p = t.name !== undefined ? byName.get(t.name) : undefined;
    if (!p) return t;
    const f64 = t.dataType === DOUBLE;
    const raw = new Uint8Array(p.size * (f64 ? 8 : 4));
    const view = new DataView(raw.buffer);
    for (let i = 0; i < p.size; i++) {
      if (f64) view.setFloat64(8 * i, theta[p.offset + i], true);
      else view.setFloat32(4 * i, theta[p.offset + i], true);
    }
    return { ...t, rawData: raw, floatData: [], doubleData: [] };
  });
  const type = modelType();
  const m = { ...proto, graph: { ...proto.graph!, initializer } };
  return type.encode(type.fromObject(m as unknown as Record<string, unknown>)).finish();
}
