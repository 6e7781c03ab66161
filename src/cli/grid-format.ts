// Serialises a GridResult as the `grid` command's JSON or long CSV, in chunks (one per
// row) so a 4096² grid never needs one giant string.

import type { Field, GridResult } from "../numerics/grid.js";

/** What the formats read: any GridResult, or a loss-and-gradient-only grid. */
type GridFields = Pick<GridResult, "loss" | "w" | "b"> & { fields: Pick<GridResult["fields"], "loss" | "gradW" | "gradB" | "gradNorm"> };

export type GridFormat = "json" | "csv";
export const GRID_FORMATS: readonly GridFormat[] = ["json", "csv"];

/** Fields written by `grid`, with their JSON keys; "values" is the loss. */
const JSON_FIELDS = [
  ["values", "loss"],
  ["gradW", "gradW"],
  ["gradB", "gradB"],
  ["gradNorm", "gradNorm"],
] as const;

// One run's values are all finite (the command refuses anything else); NaN marks a point
// no tile computed (merge --allow-missing): null in JSON, an empty cell in CSV.
const json = (v: number): string => (Number.isNaN(v) ? "null" : String(v));
const cell = (v: number): string => (Number.isNaN(v) ? "" : String(v));

function row(f: Field, i: number, cols: number): string {
  return Array.from(f.data.subarray(i * cols, (i + 1) * cols), json).join(",");
}

export function* gridJsonChunks(g: GridFields): Generator<string> {
  const rows = g.b.length;
  const cols = g.w.length;
  yield `{"loss":${JSON.stringify(g.loss)},"w":[${Array.from(g.w, String).join(",")}],"b":[${Array.from(g.b, String).join(",")}]`;
  for (const [key, field] of JSON_FIELDS) {
    yield `,${JSON.stringify(key)}:[`;
    for (let i = 0; i < rows; i++) yield `${i ? "," : ""}[${row(g.fields[field], i, cols)}]`;
    yield "]";
  }
  yield "}\n";
}

export function* gridCsvChunks(g: GridFields): Generator<string> {
  const cols = g.w.length;
  const { loss, gradW, gradB, gradNorm } = g.fields;
  yield "w,b,loss,gradW,gradB,gradNorm\n";
  for (let i = 0; i < g.b.length; i++) {
    const lines: string[] = [];
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      lines.push(`${g.w[j]},${g.b[i]},${cell(loss.data[k])},${cell(gradW.data[k])},${cell(gradB.data[k])},${cell(gradNorm.data[k])}\n`);
    }
    yield lines.join("");
  }
}
