// Serialises a slice as the `slice` command's JSON or CSV, in chunks (a row of a field, a
// block of a direction, one trajectory point) so a large slice or a direction of millions
// of parameters is never one giant string. Numbers are written in the shortest form that
// reads back to the same float64; fields are indexed [beta][alpha] like `grid`'s.

import type { ProjectedPoint } from "../slices/projection.js";
import { SLICE_FIELDS, type SliceResult } from "../slices/slice.js";

export type SliceFormat = "json" | "csv" | "h5" | "vtp";
export const SLICE_FORMATS: readonly SliceFormat[] = ["json", "csv", "h5", "vtp"];

export interface SliceDocument {
  /** Everything written before "alpha": loss name, model, center, samples, dims. */
  header: Record<string, unknown>;
  result: SliceResult;
  d1: Float64Array;
  d2: Float64Array | null;
  directionMeta: Record<string, unknown>;
  trajectory: Array<ProjectedPoint & { step: number }> | null;
  /** Further per-point fields (β-major), after the three of every slice: JSON name, HDF5 dataset name, values. */
  extraFields?: Array<{ name: string; h5Name: string; data: Float64Array }>;
}

/** A value, or null for a point not computed (a merge with --allow-missing). */
const num = (v: number): string => (Number.isFinite(v) ? String(v) : "null");
/** The CSV cell: empty for a point not computed. */
const cell = (v: number): string => (Number.isFinite(v) ? String(v) : "");

/** Numbers per chunk of a long vector. */
const BLOCK = 1 << 14;

function* vectorChunks(v: ArrayLike<number>): Generator<string> {
  yield "[";
  for (let s = 0; s < v.length; s += BLOCK) {
    const parts: string[] = [];
    for (let i = s; i < Math.min(v.length, s + BLOCK); i++) parts.push(String(v[i]));
    yield (s ? "," : "") + parts.join(",");
  }
  yield "]";
}

/** The JSON head object's members without braces: "a":1,"b":2. */
const members = (o: Record<string, unknown>): string =>
  Object.entries(o)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join(",");

export function* sliceJsonChunks(doc: SliceDocument): Generator<string> {
  const { result: r } = doc;
  const rows = r.beta.length, cols = r.alpha.length;
  const head = members(doc.header);
  yield `{${head}${head ? "," : ""}"alpha":`;
  yield* vectorChunks(r.alpha);
  yield ',"beta":';
  yield* vectorChunks(r.beta);
  const meta = members(doc.directionMeta);
  yield `,"directions":{${meta}${meta ? "," : ""}"d1":`;
  yield* vectorChunks(doc.d1);
  yield ',"d2":';
  if (doc.d2) yield* vectorChunks(doc.d2);
  else yield "null";
  yield '},"fields":{';
  for (const [f, name] of SLICE_FIELDS.entries()) {
    yield `${f ? "," : ""}${JSON.stringify(name)}:[`;
    const data = r.fields[name].data;
    for (let i = 0; i < rows; i++) yield `${i ? "," : ""}[${Array.from(data.subarray(i * cols, (i + 1) * cols), num).join(",")}]`;
    yield "]";
  }
  for (const e of doc.extraFields ?? []) {
    yield `,${JSON.stringify(e.name)}:[`;
    for (let i = 0; i < rows; i++) yield `${i ? "," : ""}[${Array.from(e.data.subarray(i * cols, (i + 1) * cols), num).join(",")}]`;
    yield "]";
  }
  yield "}";
  if (doc.trajectory) {
    yield ',"trajectory":[';
    for (const [t, p] of doc.trajectory.entries()) {
      yield `${t ? "," : ""}{"step":${p.step},"alpha":${p.alpha},"beta":${p.beta},"offPlane":${p.offPlane},"offPlaneFraction":${p.offPlaneFraction},"loss":${p.loss},"planeLoss":${p.planeLoss}}`;
    }
    yield "]";
  }
  yield "}\n";
}

/** Header alpha,beta,loss,accuracy,gradNorm (then any extra fields), one line per point, beta-major. */
export function* sliceCsvChunks(r: SliceResult, extra: SliceDocument["extraFields"] = []): Generator<string> {
  const cols = r.alpha.length;
  const { loss, accuracy, gradNorm } = r.fields;
  yield `alpha,beta,loss,accuracy,gradNorm${extra.map((e) => `,${e.name}`).join("")}\n`;
  for (let i = 0; i < r.beta.length; i++) {
    const lines: string[] = [];
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      lines.push(`${r.alpha[j]},${r.beta[i]},${cell(loss.data[k])},${cell(accuracy.data[k])},${cell(gradNorm.data[k])}${extra.map((e) => `,${cell(e.data[k])}`).join("")}\n`);
    }
    yield lines.join("");
  }
}
