// JSON and CSV outputs hold only finite numbers: a value float64 cannot hold (a loss
// or Hessian beyond 1.8e308 far out in the plane or for huge inputs) is refused with
// exit 2 and a line naming the flag and the field, never written as null or Infinity.

import { firstNonFinite, NonFiniteError } from "../util/finite.js";
import { UsageError } from "./errors.js";

export { firstNonFinite };

/** Throws UsageError naming `flags` and the field when `value` holds a non-finite number. */
export function requireFinite(value: unknown, flags: string): void {
  const bad = firstNonFinite(value);
  if (bad !== null) {
    throw new UsageError(`${flags}: ${bad} exceeds the float64 range (about ±1.8e308) here; choose points or data of smaller magnitude`);
  }
}

/** The library's result, with its NonFiniteError (a field beyond float64) as a usage error naming `flags`. */
export async function finiteOr<T>(flags: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof NonFiniteError) throw new UsageError(`${flags}: ${err.message}`);
    throw err;
  }
}
