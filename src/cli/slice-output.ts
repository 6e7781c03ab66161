// Writing a computed slice: the --format file (or stdout) and the --svg figure. One
// function for `slice` and for `merge`, so a merged job's files are those of one run,
// byte for byte.

import { describeArchitecture } from "../nn/architecture.js";
import { writeChunksAtomic, writeChunksStdout } from "./io.js";
import type { Progress } from "./progress.js";
import { reportChunks } from "./progress-options.js";
import { sliceCsvChunks, sliceJsonChunks, type SliceDocument, type SliceFormat } from "./slice-format.js";
import { sliceSvg, type SliceSvgOptions } from "./slice-svg.js";

export interface SliceOutputs {
  format: SliceFormat;
  /** undefined: stdout. */
  out: string | undefined;
  svg: string | undefined;
}

export async function writeSliceOutputs(doc: SliceDocument, svgOptions: SliceSvgOptions, o: SliceOutputs, progress: Progress): Promise<void> {
  // The figure is rendered in memory before anything is written: a failure leaves no file.
  const figure = o.svg !== undefined ? await sliceSvg(doc, svgOptions) : null;
  const rows = doc.result.beta.length;
  const total = o.format === "json" ? 3 * rows : rows;
  const chunks = reportChunks(o.format === "json" ? sliceJsonChunks(doc) : sliceCsvChunks(doc.result), total, progress, "writing");
  if (o.out !== undefined) writeChunksAtomic(o.out, chunks);
  else writeChunksStdout(chunks);
  if (figure !== null && o.svg !== undefined) writeChunksAtomic(o.svg, [figure], "--svg");
}

/** The figure's options of a slice: captions name the model, the data size and the center. */
export function sliceSvgOptions(o: Omit<SliceSvgOptions, "model"> & { arch: Parameters<typeof describeArchitecture>[0] }): SliceSvgOptions {
  return { loss: o.loss, epsilon: o.epsilon, samples: o.samples, model: describeArchitecture(o.arch), center: o.center };
}
