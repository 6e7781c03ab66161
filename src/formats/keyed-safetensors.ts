// Keyed safetensors: one tensor per parameter name (params, H·v vectors, slice directions), read
// into and written from the flat θ layout. Missing, extra and misshaped tensors are errors that
// name them; files whose dtypes are F32 are widened to float64 exactly.

import { parseSafetensors } from "./safetensors.js";
import { ParamsError } from "./params-json.js";
import type { ParamTensor } from "../model/model.js";

/** Throws naming the tensors missing from or extra to the model's parameters. */
export function checkKeyedNames(tensors: ReadonlyMap<string, unknown>, params: readonly ParamTensor[], source: string): void {
  const names = new Set(params.map((p) => p.name));
  const missing = params.filter((p) => !tensors.has(p.name)).map((p) => p.name);
  const extra = [...tensors.keys()].filter((k) => !names.has(k));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [missing.length ? `missing ${missing.join(", ")}` : "", extra.length ? `extra ${extra.join(", ")}` : ""].filter(Boolean);
    throw new ParamsError(`${source}: tensors do not match the model's parameters (${parts.join("; ")})`);
  }
}

export function readKeyed(bytes: Uint8Array, params: readonly ParamTensor[], source: string): Float64Array {
  const tensors = parseSafetensors(bytes, source);
  checkKeyedNames(tensors, params, source);
  const P = params.reduce((a, p) => a + p.size, 0);
  const flat = new Float64Array(P);
  for (const p of params) {
    const t = tensors.get(p.name)!;
    if (t.shape.length !== p.shape.length || t.shape.some((d, i) => d !== p.shape[i])) {
      throw new ParamsError(`${source}: tensor ${p.name} has shape [${t.shape.join(", ")}], the model's parameter has [${p.shape.join(", ")}]`);
    }
    flat.set(t.data, p.offset);
  }
  return flat;
}

/** F32 or F64 tensors by name; dtype per tensor (F32 stores float32-rounded values). */
export function writeKeyed(flat: Float64Array, params: readonly ParamTensor[], dtypeOf: (name: string) => "F32" | "F64"): Uint8Array {
  return packSafetensors(
    params.map((p) => ({ name: p.name, dtype: dtypeOf(p.name), shape: p.shape, values: [flat.subarray(p.offset, p.offset + p.size)] })),
    null,
  );
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
