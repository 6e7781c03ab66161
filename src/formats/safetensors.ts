// Reading (and writing) the .safetensors format (https://github.com/huggingface/safetensors):
// an unsigned 64-bit little-endian header length N, N bytes of JSON
// {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__"?: {...}}, then
// the tensor bytes, little-endian, offsets relative to the end of the header.
// An nn.Sequential's state_dict names its Linear layers "0.weight", "0.bias", "2.weight",
// … (activations hold no tensors); any prefix ("net.0.weight") is allowed. Layers are
// taken in the numeric order of their module index.

import { ParamsError, type RawLayer } from "./params-json.js";
import { metaFromObject, metaToStrings, type ParamsMeta } from "./params-meta.js";

/**
 * How written tensors are named: "torch-sequential" as the state_dict of an nn.Sequential
 * of Linear and activation modules (Linear k is module 2k: "0.weight", "2.weight", …, the
 * activations holding no tensors), "plain" by layer index ("0.weight", "1.weight", …).
 */
export type ParamNames = "torch-sequential" | "plain";
export const PARAM_NAMES: readonly ParamNames[] = ["torch-sequential", "plain"];

const DTYPE_BYTES: Record<string, number> = { F32: 4, F64: 8 };

interface TensorInfo {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/** Every F32/F64 tensor of a safetensors file, by name, as float64. */
export function parseSafetensors(bytes: Uint8Array, source: string): Map<string, { shape: number[]; data: Float64Array }> {
  if (bytes.length < 8) throw new ParamsError(`${source}: too short for a safetensors file (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > bytes.length - 8) throw new ParamsError(`${source}: header length ${n} exceeds the file (${bytes.length} bytes)`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
  } catch (e) {
    throw new ParamsError(`${source}: the safetensors header is not valid JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) throw new ParamsError(`${source}: the safetensors header is not a JSON object`);
  const base = 8 + n;
  checkLayout(header, bytes.length - base, source);
  const out = new Map<string, { shape: number[]; data: Float64Array }>();
  for (const [name, value] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const t = value as TensorInfo;
    const size = DTYPE_BYTES[t?.dtype];
    if (size === undefined) throw new ParamsError(`${source}: tensor "${name}" has dtype ${String(t?.dtype)}; only F32 and F64 are read`);
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw new ParamsError(`${source}: tensor "${name}" has an invalid shape`);
    const count = t.shape.reduce((a, b) => a * b, 1);
    const [begin, end] = Array.isArray(t.data_offsets) ? t.data_offsets : [NaN, NaN];
    if (!Number.isSafeInteger(begin) || !Number.isSafeInteger(end) || begin < 0 || end < begin || base + end > bytes.length) {
      throw new ParamsError(`${source}: tensor "${name}" has data offsets outside the file`);
    }
    if (end - begin !== count * size) throw new ParamsError(`${source}: tensor "${name}" holds ${end - begin} bytes, its shape [${t.shape.join(", ")}] needs ${count * size}`);
    const data = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const at = base + begin + i * size;
      const v = size === 4 ? view.getFloat32(at, true) : view.getFloat64(at, true);
      if (!Number.isFinite(v)) throw new ParamsError(`${source}: tensor "${name}" entry ${i} is ${v}`);
      data[i] = v;
    }
    out.set(name, { shape: t.shape, data });
  }
  return out;
}

/**
 * The format's own rules, as the reference reader (safetensors' Metadata::validate) checks
 * them: "__metadata__" maps strings to strings, and the tensors' byte ranges, taken in
 * order, tile the data section exactly: from 0, with no gap, no overlap and no byte after
 * the last. A file breaking them is malformed, whatever a lenient reader would make of it.
 */
function checkLayout(header: Record<string, unknown>, dataBytes: number, source: string): void {
  const meta = header.__metadata__;
  if (meta !== undefined) {
    if (meta === null || typeof meta !== "object" || Array.isArray(meta)) throw new ParamsError(`${source}: "__metadata__" must be an object of strings`);
    const bad = Object.entries(meta).find(([, v]) => typeof v !== "string");
    if (bad) throw new ParamsError(`${source}: "__metadata__" value ${JSON.stringify(bad[0])} is not a string (the format allows only strings there)`);
  }
  const ranges: Array<{ name: string; begin: number; end: number }> = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const offsets = (value as { data_offsets?: unknown } | null)?.data_offsets;
    const [begin, end] = Array.isArray(offsets) && offsets.length === 2 ? (offsets as unknown[]) : [NaN, NaN];
    if (!Number.isSafeInteger(begin) || !Number.isSafeInteger(end) || (begin as number) < 0 || (end as number) < (begin as number)) {
      throw new ParamsError(`${source}: tensor ${JSON.stringify(name)} has invalid data offsets (expected [begin, end] with 0 ≤ begin ≤ end)`);
    }
    ranges.push({ name, begin: begin as number, end: end as number });
  }
  ranges.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const r of ranges) {
    if (r.begin < at) throw new ParamsError(`${source}: tensor ${JSON.stringify(r.name)} (bytes ${r.begin}–${r.end}) overlaps another tensor's bytes`);
    if (r.begin > at) throw new ParamsError(`${source}: bytes ${at}–${r.begin} of the data belong to no tensor (a gap before ${JSON.stringify(r.name)})`);
    at = r.end;
  }
  if (at !== dataBytes) {
    throw new ParamsError(at < dataBytes ? `${source}: ${dataBytes - at} bytes after the last tensor belong to no tensor (trailing bytes)` : `${source}: the tensors need ${at} bytes of data, the file has ${dataBytes}`);
  }
}

/** The "__metadata__" of a safetensors file as params metadata (fields it lacks stay unset). */
export function safetensorsMeta(bytes: Uint8Array): ParamsMeta {
  if (bytes.length < 8) return {};
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true));
  if (n > bytes.length - 8) return {};
  try {
    const header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n))) as Record<string, unknown> | null;
    return metaFromObject(header?.__metadata__);
  } catch {
    return {};
  }
}

/** The Linear layers of an nn.Sequential state_dict, in module order. */
export function safetensorsLayers(bytes: Uint8Array, source: string): RawLayer[] {
  const tensors = parseSafetensors(bytes, source);
  const groups = new Map<string, { weight?: { shape: number[]; data: Float64Array }; bias?: { shape: number[]; data: Float64Array } }>();
  for (const [name, t] of tensors) {
    const m = /^(.*)\.(weight|bias)$/.exec(name);
    if (!m) throw new ParamsError(`${source}: tensor "${name}" is neither a .weight nor a .bias`);
    const g = groups.get(m[1]) ?? {};
    g[m[2] as "weight" | "bias"] = t;
    groups.set(m[1], g);
  }
  if (groups.size === 0) throw new ParamsError(`${source}: no tensors`);
  const index = (prefix: string): number => {
    const m = /(\d+)$/.exec(prefix);
    return m ? Number(m[1]) : Number.NaN;
  };
  const prefixes = [...groups.keys()];
  if (prefixes.some((p) => Number.isNaN(index(p)))) throw new ParamsError(`${source}: layer names must end in a module index like "0.weight" (got ${prefixes.join(", ")})`);
  prefixes.sort((a, b) => index(a) - index(b));
  return prefixes.map((p) => {
    const { weight, bias } = groups.get(p)!;
    if (!weight || !bias) throw new ParamsError(`${source}: layer "${p}" needs both ${p}.weight and ${p}.bias`);
    if (weight.shape.length !== 2) throw new ParamsError(`${source}: ${p}.weight has shape [${weight.shape.join(", ")}], expected [out, in]`);
    if (bias.shape.length !== 1) throw new ParamsError(`${source}: ${p}.bias has shape [${bias.shape.join(", ")}], expected [out]`);
    return { weight: weight.data, rows: weight.shape[0], cols: weight.shape[1], bias: bias.data };
  });
}

/**
 * A safetensors file of the layers as F64 tensors named per `names` ("0.weight", "0.bias",
 * "2.weight", … for torch-sequential), with `meta` as "__metadata__" (string values).
 */
export function serializeSafetensors(layers: RawLayer[], options: { names?: ParamNames; meta?: ParamsMeta } = {}): Uint8Array {
  const step = (options.names ?? "torch-sequential") === "torch-sequential" ? 2 : 1;
  const tensors = layers.flatMap((l, k) => [
    { name: `${k * step}.weight`, dtype: "F64" as const, shape: [l.rows, l.cols], values: [l.weight] },
    { name: `${k * step}.bias`, dtype: "F64" as const, shape: [l.bias.length], values: [l.bias] },
  ]);
  return packSafetensors(tensors, options.meta ? metaToStrings(options.meta) : null);
}

/**
 * A safetensors file: each tensor's values are the concatenation of its `values` runs, stored
 * little-endian in its dtype, in the order given; `meta` (string values) as "__metadata__".
 */
export function packSafetensors(tensors: ReadonlyArray<{ name: string; dtype: "F32" | "F64"; shape: number[]; values: readonly Float64Array[] }>, meta: Record<string, string> | null): Uint8Array {
  const header: Record<string, unknown> = meta ? { __metadata__: meta } : {};
  let offset = 0;
  for (const t of tensors) {
    const bytes = (t.dtype === "F32" ? 4 : 8) * t.values.reduce((a, v) => a + v.length, 0);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - ((json.length + 8) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const t of tensors) {
    const f32 = t.dtype === "F32";
    for (const run of t.values) {
      for (let i = 0; i < run.length; i++) {
        if (f32) view.setFloat32(at, run[i], true), (at += 4);
        else view.setFloat64(at, run[i], true), (at += 8);
      }
    }
  }
  return out;
}
