// Strict decimal parsing shared by the CSV reader and the CLI.

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A finite decimal number, or null. Unlike Number(), rejects "", " ", "0x10",
 * "Infinity", "NaN" and values that overflow to ±Infinity (such as "1e400").
 */
export function parseFiniteNumber(text: string): number | null {
  const s = text.trim();
  if (!DECIMAL.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}
