// `slice --directions`: the refusals of flag combinations before any work (each a UsageError
// naming the flag: exit 2, one line), the files it names read into the library's plain
// SliceDirections, and the library's SliceError put back in the flags' words. The vectors
// themselves are ../slices/slice-directions.ts's.

import type { SliceDirections } from "../slices/slice-directions.js";
import { rescaled } from "../slices/slice-directions.js";
import { SliceError } from "../slices/slice-error.js";
import type { Normalization } from "../slices/normalize.js";
import { UsageError } from "./errors.js";
import type { Dims, DirectionSpec } from "./slice-options.js";

export interface DirectionFlags {
  spec: DirectionSpec;
  dims: Dims;
  normalization: Normalization;
  /** Whether --normalize / --bias-directions were given (refused for kinds they do not apply to). */
  normalizeGiven: boolean;
  biasGiven: boolean;
  toFiles: string[];
  trajectory: boolean;
}

/** Refuses what the kind cannot take, before anything is read or computed. */
export function checkDirectionFlags(x: DirectionFlags): void {
  const k = x.spec.kind;
  const n = x.dims;
  if (x.normalizeGiven && x.normalization !== "none" && !rescaled(k)) {
    throw new UsageError(`--normalize ${x.normalization} applies to random and file directions; ${k} directions keep their own scale (give --normalize none or leave it out)`);
  }
  if (x.biasGiven && !rescaled(k) && k !== "pca") {
    throw new UsageError(`--bias-directions applies to random, file and pca directions, not to ${k}`);
  }
  if (x.toFiles.length > 0 && k !== "interp") throw new UsageError("--to is the end point of --directions interp");
  if (x.spec.kind === "files" && x.spec.files.length < n) throw new UsageError(`--directions: a plane needs two files FILE1,FILE2 (got one; or give --dims 1)`);
  if (x.spec.kind === "axes" && x.spec.names.length < n) throw new UsageError(`--directions axes: a plane needs two parameter names, e.g. axes:w,b (or give --dims 1)`);
  if (k === "interp" && x.toFiles.length === 0) throw new UsageError("--directions interp needs --to FILE (the end point; twice for a plane)");
  if (k === "interp" && x.toFiles.length < n) throw new UsageError("--directions interp with one --to is a line: give --dims 1, or --to twice for the plane through three points");
  if (k === "pca" && !x.trajectory) throw new UsageError("--directions pca needs --trajectory FILE (the saved points of a run)");
}

/** The parsed --directions with the vectors of its files (--directions FILE1,FILE2, --to FILE). */
export function sliceDirections(spec: DirectionSpec, dims: Dims, toFiles: string[], read: (file: string, flag: string) => Float64Array): SliceDirections {
  if (spec.kind === "files") return { kind: "files", files: spec.files, vectors: spec.files.slice(0, dims).map((f) => read(f, "--directions")) };
  if (spec.kind === "axes") return spec;
  if (spec.kind === "interp") return { kind: "interp", to: toFiles, points: toFiles.map((f) => read(f, "--to")) };
  return { kind: spec.kind };
}

/** A SliceError in the flags' words: "--FLAG: what" (the window's as checkSliceSpec's messages name their axis). */
export function sliceUsageError(err: unknown, normalization: Normalization): unknown {
  if (!(err instanceof SliceError)) return err;
  const m = err.message;
  switch (err.option) {
    case "window":
      return new UsageError(/^(alpha|beta):/.test(m) ? `--${m}` : `--alpha/--beta: ${m}`);
    case "normalize":
      return new UsageError(`--normalize ${normalization}: ${m}`);
    case "eigen":
      return new UsageError(`--directions eigen: ${m}`);
    case "fit":
      return new UsageError(`--fit path: ${m}`);
    default:
      return new UsageError(`--${err.option}: ${m}`);
  }
}
