// Hand-made ONNX files for tests: a ModelProto built with protobufjs against the ONNX schema
// (the same schema the loader reads), for ops torch does not emit in these shapes and for
// malformed files.

import { modelType } from "../../src/onnx/decode.js";

export type Attr = { i: number } | { f: number } | { ints: number[] } | { floats: number[] } | { s: string } | { t: InitSpec };

export interface NodeSpecT {
  op: string;
  inputs: string[];
  output: string;
  attrs?: Record<string, Attr>;
  name?: string;
}

export interface InitSpec {
  name?: string;
  dims: number[];
  data: ArrayLike<number>;
  type?: "f32" | "f64" | "i64";
  /** Store in the typed field instead of raw_data. */
  typed?: boolean;
}

const TYPES = { f32: 1, f64: 11, i64: 7 } as const;

function tensorProto(t: InitSpec): Record<string, unknown> {
  const type = t.type ?? "f64";
  const base = { name: t.name ?? "", dims: t.dims, dataType: TYPES[type] };
  if (t.typed) {
    if (type === "f32") return { ...base, floatData: Array.from(t.data) };
    if (type === "f64") return { ...base, doubleData: Array.from(t.data) };
    return { ...base, int64Data: Array.from(t.data) };
  }
  const size = type === "f32" ? 4 : 8;
  const raw = new Uint8Array(t.data.length * size);
  const v = new DataView(raw.buffer);
  for (let i = 0; i < t.data.length; i++) {
    if (type === "f32") v.setFloat32(4 * i, t.data[i], true);
    else if (type === "f64") v.setFloat64(8 * i, t.data[i], true);
    else v.setBigInt64(8 * i, BigInt(t.data[i]), true);
  }
  return { ...base, rawData: raw };
}

function attribute(name: string, a: Attr): Record<string, unknown> {
  if ("i" in a) return { name, type: 2, i: a.i };
  if ("f" in a) return { name, type: 1, f: a.f };
  if ("ints" in a) return { name, type: 7, ints: a.ints };
  if ("floats" in a) return { name, type: 6, floats: a.floats };
  if ("s" in a) return { name, type: 3, s: new TextEncoder().encode(a.s) };
  return { name, type: 4, t: tensorProto(a.t) };
}

export function buildOnnx(o: { input: { name: string; dims: Array<number | string>; type?: "f32" | "f64" }; output: string; nodes: NodeSpecT[]; inits: InitSpec[]; opset?: number }): Uint8Array {
  const type = modelType();
  const model = {
    irVersion: 8,
    producerName: "loss-landscape tests",
    opsetImport: [{ domain: "", version: o.opset ?? 13 }],
    graph: {
      name: "test",
      node: o.nodes.map((n, k) => ({ opType: n.op, name: n.name ?? `${n.op}_${k}`, input: n.inputs, output: [n.output], attribute: Object.entries(n.attrs ?? {}).map(([name, a]) => attribute(name, a)) })),
      initializer: o.inits.map(tensorProto),
      input: [
        {
          name: o.input.name,
          type: { tensorType: { elemType: TYPES[o.input.type ?? "f64"], shape: { dim: o.input.dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) } } },
        },
      ],
      output: [{ name: o.output }],
    },
  };
  return type.encode(type.fromObject(model)).finish();
}
