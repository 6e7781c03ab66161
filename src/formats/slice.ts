// Serialises a slice as the `slice` command's JSON or CSV, in chunks (a row of a field, a
// block of a direction, one trajectory point) so a large slice or a direction of millions
// of parameters is never one giant string. Numbers are written in the shortest form that
// reads back to the same float64; fields are indexed [beta][alpha] like `grid`'s.

import ndarray from "ndarray";
import type { ProjectedPoint } from "../slices/projection.js";
import { MAX_SLICE_POINTS, SLICE_FIELDS, type SliceFieldName, type SliceResult } from "../slices/slice.js";
import { MAX_TRAJECTORY_ENTRIES } from "./trajectory.js";
import { cellOf, csvLines, matrixOf, objectOf, parseBoundedJson, vectorOf } from "./read-json.js";

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

/** The per-point field a subsampled slice adds (the loss's standard error), with its HDF5 dataset name. */
export const STANDARD_ERROR_FIELD = { name: "lossStandardError", h5Name: "train_loss_sem" } as const;
const H5_NAMES: Readonly<Record<string, string>> = { [STANDARD_ERROR_FIELD.name]: STANDARD_ERROR_FIELD.h5Name };

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

const TRAJECTORY_KEYS = ["step", "alpha", "beta", "offPlane", "offPlaneFraction", "loss", "planeLoss"] as const;
const OWN_KEYS = new Set(["alpha", "beta", "directions", "fields", "trajectory"]);

/** Reads `slice --format json` text back into the document it was written from (null read as NaN). */
export function parseSliceJson(text: string): SliceDocument {
  return sliceDocumentOfJson(parseBoundedJson(text, 8 * MAX_SLICE_POINTS + 2 * MAX_TRAJECTORY_ENTRIES));
}

/** The document of `slice --format json`'s object (the library's slice result; null read as NaN), checked as parseSliceJson checks the text. */
export function sliceDocumentOfJson(json: unknown): SliceDocument {
  const o = objectOf(json, '{"alpha", "beta", "directions", "fields", …}');
  const alpha = vectorOf(o.alpha, "alpha");
  const beta = vectorOf(o.beta, "beta");
  const rows = beta.length, cols = alpha.length;
  if (rows * cols > MAX_SLICE_POINTS) throw new RangeError(`more than ${MAX_SLICE_POINTS} points`);
  const header: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!OWN_KEYS.has(k)) header[k] = v;
  const dirs = objectOf(o.directions, '"directions": {…, "d1": […], "d2": […] or null}');
  const directionMeta: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(dirs)) if (k !== "d1" && k !== "d2") directionMeta[k] = v;
  const fieldsIn = objectOf(o.fields, '"fields": {"loss", "accuracy", "gradNorm"}');
  const grid = (name: string): Float64Array => matrixOf(fieldsIn[name], rows, cols, `fields.${name}`);
  const fields = Object.fromEntries(SLICE_FIELDS.map((n) => [n, ndarray(grid(n), [rows, cols])])) as SliceResult["fields"];
  const extra = Object.keys(fieldsIn).filter((k) => !(SLICE_FIELDS as readonly string[]).includes(k));
  const doc: SliceDocument = {
    header,
    result: { alpha, beta, fields },
    d1: vectorOf(dirs.d1, "directions.d1"),
    d2: dirs.d2 === null ? null : vectorOf(dirs.d2, "directions.d2"),
    directionMeta,
    trajectory: o.trajectory === undefined ? null : trajectoryOf(o.trajectory),
  };
  if (extra.length > 0) doc.extraFields = extra.map((name) => ({ name, h5Name: H5_NAMES[name] ?? name, data: grid(name) }));
  return doc;
}

function trajectoryOf(v: unknown): Array<ProjectedPoint & { step: number }> {
  if (!Array.isArray(v)) throw new RangeError('"trajectory" must be an array of points');
  return v.map((p: unknown, t) => {
    const q = objectOf(p, `trajectory[${t}] to be {${TRAJECTORY_KEYS.join(", ")}}`);
    const out = {} as Record<(typeof TRAJECTORY_KEYS)[number], number>;
    for (const k of TRAJECTORY_KEYS) {
      if (typeof q[k] !== "number") throw new RangeError(`trajectory[${t}].${k} is not a number`);
      out[k] = q[k];
    }
    return out;
  });
}

/** Reads `slice --format csv` text: the axes and every per-point column (empty cell: NaN). */
export function parseSliceCsv(text: string): { result: SliceResult; extraFields: NonNullable<SliceDocument["extraFields"]> } {
  const lines = csvLines(text);
  const head = (lines[0] ?? "").split(",");
  if (head.slice(0, 5).join(",") !== "alpha,beta,loss,accuracy,gradNorm") throw new RangeError('line 1 must start with the header "alpha,beta,loss,accuracy,gradNorm"');
  const n = lines.length - 1;
  if (n > MAX_SLICE_POINTS) throw new RangeError(`more than ${MAX_SLICE_POINTS} points`);
  const columns = head.map(() => new Float64Array(n));
  lines.slice(1).forEach((line, k) => {
    const cells = line.split(",");
    if (cells.length !== head.length) throw new RangeError(`line ${k + 2} has ${cells.length} cells, the header ${head.length}`);
    cells.forEach((c, j) => (columns[j]![k] = cellOf(c, k + 2, head[j]!)));
  });
  const [a, b] = columns as [Float64Array, Float64Array];
  // β-major: the first run of lines sharing β is the α axis.
  let cols = 0;
  while (cols < n && b[cols] === b[0]) cols++;
  if (cols === 0 || n % cols !== 0) throw new RangeError("the points do not form a grid (β-major, one row of α per β)");
  const alpha = a.slice(0, cols);
  const beta = Float64Array.from({ length: n / cols }, (_, i) => b[i * cols]!);
  for (let k = 0; k < n; k++) {
    if (a[k] !== alpha[k % cols] || b[k] !== beta[Math.floor(k / cols)]) throw new RangeError(`line ${k + 2}: (alpha, beta) = (${a[k]}, ${b[k]}) breaks the grid's order`);
  }
  const at = (j: number) => ndarray(columns[j]!, [beta.length, cols]);
  const fields = { loss: at(2), accuracy: at(3), gradNorm: at(4) } as Record<SliceFieldName, ReturnType<typeof at>>;
  const extraFields = head.slice(5).map((name, e) => ({ name, h5Name: H5_NAMES[name] ?? name, data: columns[5 + e]! }));
  return { result: { alpha, beta, fields }, extraFields };
}
