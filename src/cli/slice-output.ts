// Writing a computed slice: the --format file (or stdout) and the --svg figure. One
// function for `slice` and for `merge`, so a merged job's files are those of one run,
// byte for byte.

import { describeArchitecture } from "../nn/architecture.js";
import { writeChunksStdout } from "./io.js";
import { writeOutputSet, type PlannedOutput } from "./output-set.js";
import type { Progress } from "./progress.js";
import { reportChunks } from "./progress-options.js";
import { sliceCsvChunks, sliceJsonChunks, type SliceDocument, type SliceFormat } from "../formats/slice.js";
import { sliceSvg, type SliceSvgOptions } from "./slice-svg.js";
import { sliceSurfaceFile, sliceVtp } from "../formats/slice-surface.js";
import { vtpSurfaceChunks } from "../formats/vtp-surface.js";
import { UsageError } from "./errors.js";
import { packageVersion } from "./version.js";

/** Refuses (exit 2, before any work) a format the slice cannot be written in. */
export function checkSliceFormat(format: SliceFormat, out: string | undefined, dims: 1 | 2): void {
  if (format === "h5" && out === undefined) throw new UsageError("--format h5 writes a binary HDF5 file: give --out FILE.h5");
  if (format === "vtp" && dims === 1) throw new UsageError("--format vtp is a surface: it needs a 2-D slice (not --dims 1)");
}

export interface SliceOutputs {
  format: SliceFormat;
  /** --vtp-log: z = ln(loss + 0.1) in the VTP surface, as h52vtp.py's --log. */
  vtpLog: boolean;
  /** undefined: stdout. */
  out: string | undefined;
  svg: string | undefined;
}

export async function writeSliceOutputs(doc: SliceDocument, svgOptions: SliceSvgOptions | null, o: SliceOutputs, progress: Progress): Promise<void> {
  if (o.svg !== undefined && svgOptions === null) throw new UsageError("--svg: a model's slice (slice --model) draws no figure; leave --svg out");
  // The figure is rendered in memory before anything is written: a failure leaves no file.
  const figure = o.svg !== undefined && svgOptions !== null ? await sliceSvg(doc, svgOptions) : null;
  const rows = doc.result.beta.length;
  const total = o.format === "json" ? 3 * rows : rows;
  let chunks: Iterable<string | Uint8Array>;
  // h5wasm (HDF5 compiled to WebAssembly, over a second to load) only when HDF5 is asked for.
  if (o.format === "h5") chunks = [await (await import("../formats/h5-surface.js")).surfaceH5(sliceSurfaceFile(doc, packageVersion()))];
  else if (o.format === "vtp") chunks = vtpSurfaceChunks(sliceVtp(doc, o.vtpLog));
  else chunks = reportChunks(o.format === "json" ? sliceJsonChunks(doc) : sliceCsvChunks(doc.result, doc.extraFields), total, progress, "writing");
  // One write set: the report and the figure are both complete before either is renamed.
  const figures: PlannedOutput[] = figure !== null && o.svg !== undefined ? [{ label: "--svg", path: o.svg, chunks: () => [figure] }] : [];
  if (o.out !== undefined) writeOutputSet([{ label: "--out", path: o.out, chunks: () => chunks }, ...figures]);
  else {
    writeOutputSet(figures);
    writeChunksStdout(chunks as Iterable<string>);
  }
}

/** The figure's options of a slice: captions name the model, the data size and the center. */
export function sliceSvgOptions(o: Omit<SliceSvgOptions, "model"> & { arch: Parameters<typeof describeArchitecture>[0] }): SliceSvgOptions {
  return { loss: o.loss, epsilon: o.epsilon, samples: o.samples, model: describeArchitecture(o.arch), center: o.center };
}
