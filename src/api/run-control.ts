// How a caller watches and stops a library command: an optional progress callback (the CLI
// draws it on stderr and checks --max-seconds in it) and an optional AbortSignal. Library
// code never prints and never reads the clock for this: it reports stages and fractions,
// and checks the signal between units of work (rows, steps, points, vectors). A command
// whose work is a list of independent points (grid, basins, sharpness) also takes where to
// run them: in memory by default, or through the caller's runner (the CLI's tile and
// checkpoint files).

import { evaluateAll, type PointJob } from "../tiles/point-job.js";

/**
 * A job is in `stage`, with `fraction` (0..1) of that stage done; undefined: unknown. A command
 * that has a result per unit of work hands it over as `record` (train: each epoch's record, the
 * start's as epoch 0), so a caller can print a run as it goes.
 */
export type ProgressCallback<R = unknown> = (stage: string, fraction?: number, record?: R) => void;

export interface RunControl<R = unknown> {
  /** Called as the job advances (at each stage, and per row, step or point of long loops). */
  onProgress?: ProgressCallback<R>;
  /** Stops the job at the next unit of work: the call throws (or rejects with) the signal's reason. */
  signal?: AbortSignal;
  /**
   * Runs a command's points instead of evaluating them all in memory: resolves to one array
   * per field of all `job.total` points, or to null when it ran only a share of them (a tile)
   * or was stopped, and the command then resolves to null. `job.settings` leave out the
   * package version (the runner that writes files adds it).
   */
  points?: PointRunner;
}

/** Where a command's points are evaluated: see {@link RunControl.points}. */
export type PointRunner = (job: PointJob) => Promise<Float64Array[] | null>;

/** A RunControl with a point runner: the command may resolve to null (a tile, or stopped). */
export type PointsControl = RunControl & { points: PointRunner };

/** The job's values through the control's runner, else all of them in memory (null: a share only). */
export async function runPoints(job: PointJob, control: RunControl | undefined): Promise<Float64Array[] | null> {
  if (control?.points) return control.points(job);
  const values = await evaluateAll(job.evaluate, job.fields.length, job.total);
  throwIfAborted(control?.signal);
  return values;
}

/** Throws the signal's reason when it has been aborted (an `AbortError` DOMException by default). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/** One callback that reports progress and then checks the signal: the loops call only this. */
export function progressOf<R = unknown>(control: RunControl<R> | undefined): ProgressCallback<R> {
  const onProgress = control?.onProgress;
  const signal = control?.signal;
  return (stage, fraction, record) => {
    if (record === undefined) onProgress?.(stage, fraction);
    else onProgress?.(stage, fraction, record);
    throwIfAborted(signal);
  };
}
