// How a caller watches and stops a library command: an optional progress callback (the CLI
// draws it on stderr and checks --max-seconds in it) and an optional AbortSignal. Library
// code never prints and never reads the clock for this: it reports stages and fractions,
// and checks the signal between units of work (rows, steps, points, vectors).

/** A job is in `stage`, with `fraction` (0..1) of that stage done; undefined: unknown. */
export type ProgressCallback = (stage: string, fraction?: number) => void;

export interface RunControl {
  /** Called as the job advances (at each stage, and per row, step or point of long loops). */
  onProgress?: ProgressCallback;
  /** Stops the job at the next unit of work: the call throws (or rejects with) the signal's reason. */
  signal?: AbortSignal;
}

/** Throws the signal's reason when it has been aborted (an `AbortError` DOMException by default). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/** One callback that reports progress and then checks the signal: the loops call only this. */
export function progressOf(control: RunControl | undefined): ProgressCallback {
  const onProgress = control?.onProgress;
  const signal = control?.signal;
  return (stage, fraction) => {
    onProgress?.(stage, fraction);
    throwIfAborted(signal);
  };
}
