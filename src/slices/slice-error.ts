// A slice's inputs that do not fit together (a zero or parallel direction, a trajectory
// that cannot be projected, a subsample larger than the data): a RangeError that names the
// option it comes from, so a caller (the CLI) can say which of its inputs to change.

/** The option a refusal is about: subsample, trajectory, directions, eigen (its Lanczos run), normalize, fit, or window (alpha/beta). */
export type SliceOptionName = "subsample" | "trajectory" | "directions" | "eigen" | "normalize" | "fit" | "window";

export class SliceError extends RangeError {
  override name = "SliceError";
  constructor(
    readonly option: SliceOptionName,
    message: string,
  ) {
    super(message);
  }
}

/** Runs f, turning its RangeError into a SliceError about `option`. */
export function sliceErrorOn<T>(option: SliceOptionName, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof RangeError && !(err instanceof SliceError)) throw new SliceError(option, err.message);
    throw err;
  }
}
