// Writing a computed grid: the --format file or stdout. One function for `grid` and for
// `merge`, so a merged job's file is that of one run, byte for byte.

import { GRID_FORMATS, gridResultCsvChunks, gridResultJsonChunks, type GridFormat, type GridJson } from "../formats/grid.js";
import { writeChunksAtomic, writeChunksStdout } from "./io.js";
import type { Progress } from "./progress.js";
import { reportChunks } from "./progress-options.js";
import { UsageError } from "./errors.js";

export function writeGridOutput(g: GridJson, format: GridFormat, out: string | undefined, progress: Progress): void {
  // JSON writes 4 fields of M rows, CSV M row chunks (after a header).
  const rows = g.b.length;
  const chunks = reportChunks(format === "json" ? gridResultJsonChunks(g) : gridResultCsvChunks(g), format === "json" ? 4 * rows : rows, progress, "writing");
  if (out !== undefined) writeChunksAtomic(out, chunks);
  else writeChunksStdout(chunks);
}

/** Refuses (exit 2) a format `grid` does not write (merge offers the slice's too). */
export function checkGridFormat(format: string): GridFormat {
  if (!(GRID_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format ${format}: tiles of \`grid\` merge to ${GRID_FORMATS.join(" or ")}`);
  return format as GridFormat;
}
