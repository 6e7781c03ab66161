// ONNX protobuf in: the file is decoded by protobufjs against the ONNX schema (onnx.proto), and
// its tensors and attributes are turned into float64 engine values. Tensor bytes are views of the
// file's buffer until they are converted, so a model is held in memory once plus its float64 copy.

import protobuf from "protobufjs";
import { GraphError, type AttrValue } from "../graph/op.js";
import type { Tensor } from "../graph/tensor.js";
import { ONNX_PROTO } from "./onnx-schema.js";

type Long = { toNumber(): number } | number;
const num = (v: Long | null | undefined): number => (v === null || v === undefined ? 0 : typeof v === "number" ? v : v.toNumber());

export interface TensorProto {
  name?: string;
  dims?: Long[];
  dataType?: number;
  rawData?: Uint8Array;
  floatData?: number[];
  doubleData?: number[];
  int32Data?: number[];
  int64Data?: Long[];
  dataLocation?: number;
}

export interface AttributeProto {
  name: string;
  type?: number;
  f?: number;
  i?: Long;
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: Long[];
  strings?: Uint8Array[];
}

export interface NodeProto {
  input: string[];
  output: string[];
  name?: string;
  opType: string;
  domain?: string;
  attribute: AttributeProto[];
}

interface Dim {
  dimValue?: Long;
  dimParam?: string;
}

export interface ValueInfoProto {
  name: string;
  type?: { tensorType?: { elemType?: number; shape?: { dim?: Dim[] } } };
}

export interface ModelProto {
  irVersion?: Long;
  opsetImport?: Array<{ domain?: string; version?: Long }>;
  producerName?: string;
  graph?: {
    node: NodeProto[];
    initializer: TensorProto[];
    input: ValueInfoProto[];
    output: ValueInfoProto[];
    name?: string;
  };
}

/** The ONNX ModelProto type, from the schema text (parsed per call: no module-level state). */
export function modelType(): protobuf.Type {
  return protobuf.parse(ONNX_PROTO, { keepCase: false }).root.lookupType("onnx.ModelProto");
}

/** Decode a model file; a file that is not ONNX, or is cut short, is a GraphError naming it. */
export function decodeModel(bytes: Uint8Array, source: string): ModelProto {
  let m: ModelProto;
  try {
    m = modelType().decode(bytes) as unknown as ModelProto;
  } catch (e) {
    throw new GraphError(`${source} is not an ONNX model or is truncated (${(e as Error).message})`);
  }
  if (!m.graph || !Array.isArray(m.graph.node) || m.graph.node.length === 0 || num(m.irVersion) <= 0) {
    throw new GraphError(`${source} is not an ONNX model (no graph with nodes and an IR version)`);
  }
  return m;
}

export const FLOAT = 1;
export const DOUBLE = 11;
const INT_BYTES: Record<number, number> = { 6: 4, 7: 8, 9: 1, 2: 1, 3: 1, 4: 2, 5: 2, 12: 4, 13: 8 };
export const dimsOf = (t: TensorProto): number[] => (t.dims ?? []).map(num);

export const isFloatTensor = (t: TensorProto): boolean => t.dataType === FLOAT || t.dataType === DOUBLE;

/** A TensorProto as a float64 engine tensor (integer types flagged int). */
export function tensorOf(t: TensorProto, where: string): Tensor {
  const shape = dimsOf(t);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new GraphError(`${where}: invalid dims [${shape.join(", ")}]`);
  const n = shape.reduce((a, b) => a * b, 1);
  if (t.dataLocation === 1) throw new GraphError(`${where}: external tensor data is not supported (save the model with its weights inside)`);
  const type = t.dataType ?? 0;
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : null;
  const view = raw ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : null;
  const out = new Float64Array(n);
  const needBytes = (b: number): void => {
    if (raw && raw.length !== n * b) throw new GraphError(`${where}: raw data holds ${raw.length} bytes, dims [${shape.join(", ")}] need ${n * b}`);
  };
  const typed = <T>(arr: T[] | undefined, conv: (v: T) => number): void => {
    const a = arr ?? [];
    if (a.length !== n) throw new GraphError(`${where}: ${a.length} values for dims [${shape.join(", ")}]`);
    for (let i = 0; i < n; i++) out[i] = conv(a[i]);
  };
  if (type === FLOAT) {
    needBytes(4);
    if (view) for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
    else typed(t.floatData, (v) => Math.fround(v));
    return { shape, data: out };
  }
  if (type === DOUBLE) {
    needBytes(8);
    if (view) for (let i = 0; i < n; i++) out[i] = view.getFloat64(8 * i, true);
    else typed(t.doubleData, (v) => v);
    return { shape, data: out };
  }
  const ib = INT_BYTES[type];
  if (ib === undefined) throw new GraphError(`${where}: tensor data type ${type} is not supported (float32, float64 and integers are)`);
  needBytes(ib);
  if (view) {
    for (let i = 0; i < n; i++) {
      const at = ib * i;
      out[i] = ib === 8 ? Number(view.getBigInt64(at, true)) : ib === 4 ? view.getInt32(at, true) : ib === 2 ? view.getInt16(at, true) : view.getInt8(at);
    }
  } else if (type === 7 || type === 13) typed(t.int64Data, num);
  else typed(t.int32Data, (v) => v);
  return { shape, data: out, int: true };
}

/** A node's attributes as plain values (floats as stored: float32 values, exactly). */
export function attributesOf(n: NodeProto, where: string): Map<string, AttrValue> {
  const m = new Map<string, AttrValue>();
  const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b ?? new Uint8Array());
  for (const a of n.attribute ?? []) {
    switch (a.type) {
      case 1: m.set(a.name, a.f ?? 0); break;
      case 2: m.set(a.name, num(a.i)); break;
      case 3: m.set(a.name, text(a.s)); break;
      case 4: m.set(a.name, tensorOf(a.t ?? {}, `${where} attribute ${a.name}`)); break;
      case 6: m.set(a.name, [...(a.floats ?? [])]); break;
      case 7: m.set(a.name, (a.ints ?? []).map(num)); break;
      case 8: m.set(a.name, (a.strings ?? []).map(text)); break;
      default: throw new GraphError(`${where}: attribute ${a.name} has a type (${a.type}) that is not supported`);
    }
  }
  return m;
}

/** The dims of a graph input: numbers, or null where symbolic (dim_param) or absent. */
export function inputDims(v: ValueInfoProto): Array<number | null> | null {
  const dims = v.type?.tensorType?.shape?.dim;
  if (!dims) return null;
  return dims.map((d) => (d.dimValue !== undefined && d.dimValue !== null && num(d.dimValue) > 0 ? num(d.dimValue) : null));
}

export const opsetVersion = (m: ModelProto): number => {
  const o = (m.opsetImport ?? []).find((x) => !x.domain || x.domain === "ai.onnx");
  return o ? num(o.version) : 0;
};
