// Numbers as people read them in text output (JSON keeps full float64 precision).

/**
 * An accuracy (a fraction k/n) with at most 4 decimals and no trailing zeros: 0.575,
 * 0.9667 (not 0.9666666666666667), 1. Four decimals resolve one sample in 10,000.
 */
export function accuracyText(a: number): string {
  return Number.isFinite(a) ? String(Number(a.toFixed(4))) : String(a);
}
