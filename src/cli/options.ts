// Declarative option specs and strict parsing on top of node:util parseArgs.
// Every validator throws UsageError with the flag and the allowed range, so each
// command's run() receives values that are already checked.

import { parseArgs } from "node:util";
import type { AxisSpec } from "../numerics/grid.js";
import { parseFiniteNumber } from "../util/number.js";
import { UsageError } from "./errors.js";

export interface OptionSpec {
  name: string;
  type: "string" | "boolean";
  /** Placeholder shown in help, e.g. "W,B" or "FILE". */
  arg?: string;
  help: string;
  /** Default shown in help (the command applies it). */
  defaultText?: string;
  /** Allow the flag more than once (values collected in order). */
  multiple?: boolean;
}

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

/** Parses argv against specs (plus --help); unknown flags and stray positionals are errors. */
export function parseOptions(argv: string[], specs: OptionSpec[]): ParsedValues {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = { help: { type: "boolean" } };
  for (const s of specs) options[s.name] = { type: s.type, ...(s.multiple ? { multiple: true } : {}) };
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    return values as ParsedValues;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(rewordParseError(err, argv));
  }
}

/** node:util's messages, shortened to one line and pointing at the --flag=VALUE form. */
function rewordParseError(err: unknown, argv: string[]): string {
  const msg = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: string }).code;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const m = /Unknown option '([^']+)'/.exec(msg);
    return `unknown option ${m ? m[1] : ""}`.trim();
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const m = /Option '(--[\w-]+)/.exec(msg);
    if (/argument is ambiguous/.test(msg) && m) {
      // The value that looked like a flag is the word after the option.
      const next = argv[argv.indexOf(m[1]) + 1] ?? "-1";
      return `${m[1]} needs a value; write values starting with "-" as ${m[1]}=${next}`;
    }
    if (/does not take an argument/.test(msg) && m) return `${m[1]} does not take a value`;
    if (m) return `${m[1]} needs a value`;
  }
  return msg.split("\n")[0];
}

export function str(values: ParsedValues, name: string): string | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new UsageError(`--${name} takes a value`);
  return v;
}

export function flag(values: ParsedValues, name: string): boolean {
  return values[name] === true;
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(values: ParsedValues, name: string, allowed: readonly T[], fallback: T): T {
  const v = str(values, name);
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(", ")} (got "${v}")`);
  return v as T;
}

/** A finite number with optional open/closed bounds, described in the error. */
export function num(
  values: ParsedValues,
  name: string,
  fallback: number,
  range: { gt?: number; ge?: number; le?: number; lt?: number } = {},
): number {
  const text = str(values, name);
  if (text === undefined) return fallback;
  return checkNumber(`--${name}`, text, range);
}

export function checkNumber(label: string, text: string, range: { gt?: number; ge?: number; le?: number; lt?: number } = {}): number {
  const v = parseFiniteNumber(text);
  const ok =
    v !== null &&
    (range.gt === undefined || v > range.gt) &&
    (range.ge === undefined || v >= range.ge) &&
    (range.lt === undefined || v < range.lt) &&
    (range.le === undefined || v <= range.le);
  if (ok) return v;
  throw new UsageError(`${label} must be ${describeRange(range)} (got "${text}")`);
}

function describeRange(r: { gt?: number; ge?: number; le?: number; lt?: number }): string {
  const parts: string[] = [];
  if (r.gt !== undefined) parts.push(`> ${r.gt}`);
  if (r.ge !== undefined) parts.push(`≥ ${r.ge}`);
  if (r.lt !== undefined) parts.push(`< ${r.lt}`);
  if (r.le !== undefined) parts.push(`≤ ${r.le}`);
  return parts.length ? `a finite number ${parts.join(" and ")}` : "a finite number";
}

/** A whole number in [min, max]. */
export function int(values: ParsedValues, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const text = str(values, name);
  if (text === undefined) return fallback;
  return checkInt(`--${name}`, text, min, max);
}

export function checkInt(label: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (Number.isSafeInteger(v) && v >= min && v <= max) return v;
  const bound = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
  throw new UsageError(`${label} must be a whole number ${bound} (got "${text}")`);
}

/** "W,B": two finite numbers. */
export function pair(label: string, text: string): [number, number] {
  const parts = text.split(",");
  const nums = parts.map(parseFiniteNumber);
  if (parts.length !== 2 || nums[0] === null || nums[1] === null) {
    throw new UsageError(`${label} must be two finite numbers W,B (got "${text}"); write negatives as ${label}=-5,-10`);
  }
  return [nums[0], nums[1]];
}

/** An axis as the MIN:MAX:N text that axis() parses (for help defaults). */
export function axisText(a: AxisSpec): string {
  return `${a.min}:${a.max}:${a.count}`;
}

/** "MIN:MAX:N" with finite MIN < MAX and whole N ≥ 2. */
export function axis(label: string, text: string): AxisSpec {
  const parts = text.split(":");
  if (parts.length !== 3) throw new UsageError(`${label} must be MIN:MAX:N, e.g. ${label}=-10:10:201 (got "${text}")`);
  const min = parseFiniteNumber(parts[0]);
  const max = parseFiniteNumber(parts[1]);
  if (min === null || max === null) throw new UsageError(`${label}: MIN and MAX must be finite numbers (got "${text}")`);
  if (!(min < max)) throw new UsageError(`${label}: MIN must be less than MAX (got "${text}")`);
  const count = checkInt(`${label}: N`, parts[2], 2);
  return { min, max, count };
}
