// What a params file says about the model it belongs to: input size, hidden widths,
// activation, the loss it was trained with and the version of the package that wrote it.
// JSON params files carry it as {"metadata": {...}, "layers": [...]}; safetensors files in
// "__metadata__", whose values the format requires to be strings. Files without it (from
// PyTorch, or older files) read as before: every field is optional.

import { isActivationName, type ActivationName } from "../nn/activations.js";
import type { Architecture } from "../nn/architecture.js";

export interface ParamsMeta {
  inputs?: number;
  hidden?: number[];
  activation?: ActivationName;
  loss?: string;
  /** The loss-landscape version that wrote the file. */
  version?: string;
}

/** The metadata of a model written by this package. */
export function paramsMeta(arch: Architecture, loss: string | undefined, version: string): ParamsMeta {
  return { inputs: arch.inputs, hidden: [...arch.hidden], activation: arch.activation, ...(loss !== undefined ? { loss } : {}), version };
}

/** The safetensors "__metadata__" map (strings only): "format": "pt" as PyTorch's writer adds, then ours. */
export function metaToStrings(m: ParamsMeta): Record<string, string> {
  const out: Record<string, string> = { format: "pt" };
  if (m.inputs !== undefined) out.inputs = String(m.inputs);
  if (m.hidden !== undefined) out.hidden = m.hidden.join(",");
  if (m.activation !== undefined) out.activation = m.activation;
  if (m.loss !== undefined) out.loss = m.loss;
  if (m.version !== undefined) out.loss_landscape_version = m.version;
  return out;
}

const widthList = (v: unknown): number[] | undefined => {
  if (Array.isArray(v)) return v.every((w) => Number.isSafeInteger(w) && w > 0) ? (v as number[]) : undefined;
  if (typeof v !== "string") return undefined;
  if (v.trim() === "") return [];
  const ws = v.split(",").map((s) => Number(s.trim()));
  return ws.every((w) => Number.isSafeInteger(w) && w > 0) ? ws : undefined;
};

/**
 * The fields of a metadata object (JSON "metadata", or safetensors "__metadata__" with
 * string values) that this package understands; anything else, or malformed, is ignored.
 */
export function metaFromObject(o: unknown): ParamsMeta {
  if (o === null || typeof o !== "object" || Array.isArray(o)) return {};
  const r = o as Record<string, unknown>;
  const m: ParamsMeta = {};
  const inputs = typeof r.inputs === "string" ? Number(r.inputs) : r.inputs;
  if (typeof inputs === "number" && Number.isSafeInteger(inputs) && inputs > 0) m.inputs = inputs;
  const hidden = widthList(r.hidden);
  if (hidden !== undefined) m.hidden = hidden;
  if (typeof r.activation === "string" && isActivationName(r.activation)) m.activation = r.activation;
  if (typeof r.loss === "string" && r.loss !== "") m.loss = r.loss;
  const version = r.version ?? r.loss_landscape_version;
  if (typeof version === "string" && version !== "") m.version = version;
  return m;
}

/**
 * One line per disagreement between what a file recorded and what a run uses (the run
 * goes on: a file's record is a hint, the tensors' shapes are the truth).
 */
export function metaMismatches(m: ParamsMeta, used: { arch: Architecture; loss?: string }, source: string): string[] {
  const out: string[] = [];
  const h = used.arch.hidden;
  if (m.hidden !== undefined && (m.hidden.length !== h.length || m.hidden.some((w, i) => w !== h[i]))) {
    out.push(`${source} records hidden widths ${m.hidden.join(",") || "none"}, its tensors give ${h.join(",") || "none"}`);
  }
  if (m.inputs !== undefined && m.inputs !== used.arch.inputs) out.push(`${source} records ${m.inputs} inputs, the data has ${used.arch.inputs}`);
  if (m.activation !== undefined && m.activation !== used.arch.activation) {
    out.push(`${source} was saved with --activation ${m.activation}; this run uses ${used.arch.activation}`);
  }
  if (m.loss !== undefined && used.loss !== undefined && m.loss !== used.loss) out.push(`${source} was trained with --loss ${m.loss}; this run uses ${used.loss}`);
  return out;
}
