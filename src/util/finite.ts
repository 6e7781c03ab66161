// Results hold only finite numbers: a value float64 cannot hold (a loss or Hessian beyond
// 1.8e308 far out in parameter space, or for huge inputs) is refused by name, never returned
// as Infinity or NaN. The CLI adds the flag that chose the point (cli/finite.ts).

/** The key path of the first non-finite number in `value` (arrays, typed arrays, objects), or null. */
export function firstNonFinite(value: unknown, path = ""): string | null {
  if (typeof value === "number") return Number.isFinite(value) ? null : path || "value";
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const a = value as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (typeof a[i] === "number" && !Number.isFinite(a[i])) return `${path}[${i}]`;
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = firstNonFinite(value[i], `${path}[${i}]`);
      if (bad !== null) return bad;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const bad = firstNonFinite(v, path ? `${path}.${k}` : k);
      if (bad !== null) return bad;
    }
  }
  return null;
}

/** A result field beyond float64's range; `field` is its key path (e.g. "hessian[12]"). */
export class NonFiniteError extends RangeError {
  override name = "NonFiniteError";
  constructor(readonly field: string) {
    super(`${field} exceeds the float64 range (about ±1.8e308) here; choose points or data of smaller magnitude`);
  }
}

/** Throws NonFiniteError naming the first non-finite number in `value`. */
export function assertFinite(value: unknown): void {
  const bad = firstNonFinite(value);
  if (bad !== null) throw new NonFiniteError(bad);
}
