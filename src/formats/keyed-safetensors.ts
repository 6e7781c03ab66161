// Keyed safetensors: one tensor per parameter name (params, H·v vectors, slice directions), read
// into and written from the flat θ layout. Missing, extra and misshaped tensors are errors that
// name them; files whose dtypes are F32 are widened to float64 exactly.

import { packSafetensors, parseSafetensors } from "./safetensors.js";
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
