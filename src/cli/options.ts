// The option table's building blocks. Each option owns its parser, its default (as a
// value, shown in help by the same code that parses it), its limits and its help text;
// argv and --config both go through option.read, so the two can never disagree.
// Every parser throws UsageError naming the flag and the allowed range, with a valid
// example, and echoes the bad value quoted and cut (quote.ts).

import type { AxisSpec } from "../numerics/grid.js";
import { parseFiniteNumber } from "../util/number.js";
import { UsageError } from "./errors.js";
import { quote } from "./quote.js";
import { nearest } from "./suggest.js";

/** A value as given: text, the texts of a repeatable option, or a present flag. */
export type Raw = string | string[] | true;

export interface Option<T = unknown> {
  readonly name: string;
  /** value: takes one value; flag: on/off; list: a value that may repeat. */
  readonly kind: "value" | "flag" | "list";
  /** Placeholder in help and usage, e.g. "N", "W,B", "mse|bce". */
  readonly arg?: string;
  /** Shown as --name=ARG: values that may start with "-" (--at=-5,-10). */
  readonly attached?: boolean;
  /** Also taken from a bare argument (`connect A B`, merge's DIR…), in the order such options are listed. */
  readonly positional?: boolean;
  readonly help: string;
  /** The allowed range, shown in help after the description. */
  readonly limits?: string;
  readonly defaultValue: T;
  /** The default as help shows it; parses back to defaultValue unless it describes one. */
  readonly defaultText?: string;
  /** A valid value, suggested after an error. */
  readonly example?: string;
  read(raw: Raw): T;
}

/** Parsed options of one command: a given option's checked value, or its default. */
export interface Values {
  get<T>(o: Option<T>): T;
  given(o: Option<unknown>): boolean;
}

/** "--name VALUE" or "--name=VALUE" (values starting with "-" must be attached). */
export function showFlag(o: Pick<Option, "name" | "attached">, value: string): string {
  return o.attached || value.startsWith("-") ? `--${o.name}=${value}` : `--${o.name} ${value}`;
}

function withExample(o: Option<unknown>, err: unknown): never {
  if (!(err instanceof UsageError) || o.example === undefined || err.message.includes("e.g.") || err.message.includes("did you mean")) throw err;
  throw new UsageError(`${err.message}, e.g. ${showFlag(o, o.example)}`);
}

function text(name: string, raw: Raw): string {
  if (typeof raw !== "string") throw new UsageError(`--${name} takes one value`);
  return raw;
}

interface Common<T> {
  name: string;
  help: string;
  default: T;
  arg?: string;
  attached?: boolean;
  positional?: boolean;
}

interface Described<T> extends Common<T> {
  limits?: string;
  defaultText?: string;
}

/** An option of `kind` whose texts `read` checks, with `example` added to its errors. */
function option<T>(o: Described<T>, kind: "value" | "list", example: string | undefined, read: (raw: Raw) => T): Option<T> {
  const opt: Option<T> = {
    name: o.name,
    kind,
    arg: o.arg ?? "X",
    attached: o.attached,
    positional: o.positional,
    help: o.help,
    limits: o.limits,
    defaultValue: o.default,
    defaultText: o.defaultText,
    example,
    read(raw) {
      try {
        return read(raw);
      } catch (err) {
        return withExample(opt, err);
      }
    },
  };
  return opt;
}

/** An option whose value `parse` reads from one text (throws UsageError). */
export function valueOption<T>(o: Described<T> & { example?: string; parse: (text: string) => T }): Option<T> {
  return option(o, "value", "example" in o ? o.example : o.defaultText, (raw) => o.parse(text(o.name, raw)));
}

/** A repeatable option: every occurrence parsed by `parse`, at most `max`. */
export function listOption<T>(o: Described<T[]> & { example: string; max: number; parse: (text: string) => T }): Option<T[]> {
  return option(o, "list", o.example, (raw) => {
    const list = typeof raw === "string" ? [raw] : Array.isArray(raw) ? raw : [];
    if (list.length === 0) throw new UsageError(`--${o.name} takes a value`);
    if (list.length > o.max) throw new UsageError(`--${o.name}: at most ${o.max} values (got ${list.length})`);
    return list.map(o.parse);
  });
}

export function flagOption(o: { name: string; help: string }): Option<boolean> {
  return {
    name: o.name,
    kind: "flag",
    help: o.help,
    defaultValue: false,
    read(raw) {
      if (raw !== true) throw new UsageError(`--${o.name} does not take a value`);
      return true;
    },
  };
}

export interface Range {
  gt?: number;
  ge?: number;
  lt?: number;
  le?: number;
}

/** "> 0", "≥ 0 and < 1", … (empty for no bounds). */
export function describeRange(r: Range): string {
  const parts: string[] = [];
  if (r.gt !== undefined) parts.push(`> ${r.gt}`);
  if (r.ge !== undefined) parts.push(`≥ ${r.ge}`);
  if (r.lt !== undefined) parts.push(`< ${r.lt}`);
  if (r.le !== undefined) parts.push(`≤ ${r.le}`);
  return parts.join(" and ");
}

export function checkNumber(label: string, t: string, range: Range = {}): number {
  const v = parseFiniteNumber(t);
  const ok =
    v !== null &&
    (range.gt === undefined || v > range.gt) &&
    (range.ge === undefined || v >= range.ge) &&
    (range.lt === undefined || v < range.lt) &&
    (range.le === undefined || v <= range.le);
  if (ok) return v;
  const bounds = describeRange(range);
  throw new UsageError(`${label} must be a finite number${bounds ? ` ${bounds}` : ""} (got ${quote(t)})`);
}

/** A finite number within `range`. */
export function numberOption(o: Common<number> & { range: Range; example?: number }): Option<number> {
  return valueOption({
    ...o,
    limits: describeRange(o.range) || undefined,
    defaultText: String(o.default),
    example: String(o.example ?? o.default),
    parse: (t) => checkNumber(`--${o.name}`, t, o.range),
  });
}

export function describeInt(min: number, max: number): string {
  return max === Number.MAX_SAFE_INTEGER ? `whole number ≥ ${min}` : `whole number from ${min} to ${max}`;
}

export function checkInt(label: string, t: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = /^[+-]?\d+$/.test(t.trim()) ? Number(t) : NaN;
  if (Number.isSafeInteger(v) && v >= min && v <= max) return v;
  throw new UsageError(`${label} must be a ${describeInt(min, max)} (got ${quote(t)})`);
}

/** A whole number in [min, max]. */
export function intOption(o: Common<number> & { min: number; max?: number }): Option<number> {
  const max = o.max ?? Number.MAX_SAFE_INTEGER;
  return valueOption({
    ...o,
    arg: o.arg ?? "N",
    limits: describeInt(o.min, max),
    defaultText: String(o.default),
    parse: (t) => checkInt(`--${o.name}`, t, o.min, max),
  });
}

export function checkChoice<T extends string>(label: string, t: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(t)) return t as T;
  const near = nearest(t, choices);
  throw new UsageError(`${label} must be one of ${choices.join(", ")} (got ${quote(t)})${near ? `; did you mean ${near}?` : ""}`);
}

/** One word of a fixed set. */
export function choiceOption<T extends string>(o: Common<T> & { choices: readonly T[] }): Option<T> {
  return valueOption({
    ...o,
    arg: o.arg ?? o.choices.join("|"),
    defaultText: o.default,
    // The choices are the hint: the message lists them.
    example: undefined,
    parse: (t) => checkChoice(`--${o.name}`, t, o.choices),
  });
}

/** "W,B": two finite numbers. */
export function pair(label: string, t: string): [number, number] {
  const parts = t.split(",");
  const nums = parts.map(parseFiniteNumber);
  if (parts.length !== 2 || nums[0] === null || nums[1] === null) {
    throw new UsageError(`${label} must be two finite numbers W,B (got ${quote(t)})`);
  }
  return [nums[0], nums[1]];
}

/** An axis as the MIN:MAX:N text that axis() parses (for help defaults). */
export function axisText(a: AxisSpec): string {
  return `${a.min}:${a.max}:${a.count}`;
}

/**
 * Axes that are drawn or that place a model: figures and slices square distances and
 * spans, and a step must show on the tick labels, so both ends stay within ±1e150 and
 * the step (MAX − MIN)/(N − 1) is at least 1e-150 and at least 1e-12 of the largest |end|.
 */
export const DRAWN_AXIS_MAX = 1e150;
const DRAWN_STEP_MIN = 1e-150;
const DRAWN_STEP_REL = 1e-12;
export const DRAWN_AXIS_LIMITS = "MIN < MAX within ±1e150, N ≥ 2, step (MAX−MIN)/(N−1) ≥ 1e-150 and ≥ 1e-12·max(|MIN|,|MAX|)";

/** Refuses an axis a figure cannot draw (see DRAWN_AXIS_MAX); returns it otherwise. */
export function checkDrawnAxis(label: string, a: AxisSpec, given = axisText(a)): AxisSpec {
  const text = quote(given);
  if (Math.abs(a.min) > DRAWN_AXIS_MAX || Math.abs(a.max) > DRAWN_AXIS_MAX) {
    throw new UsageError(`${label}: MIN and MAX must lie within ±1e150 for a drawn axis (got ${text})`);
  }
  // Halved before subtracting, so the span never overflows while it is checked.
  const step = ((a.max / 2 - a.min / 2) * 2) / (a.count - 1);
  const floor = Math.max(DRAWN_STEP_MIN, DRAWN_STEP_REL * Math.max(Math.abs(a.min), Math.abs(a.max)));
  if (!(step >= floor)) {
    throw new UsageError(`${label}: the step (MAX−MIN)/(N−1) = ${step.toPrecision(3)} is too small to draw; it must be ≥ 1e-150 and ≥ 1e-12·max(|MIN|,|MAX|) = ${floor.toPrecision(3)} (got ${text})`);
  }
  return a;
}

/** "MIN:MAX:N" with finite MIN < MAX and whole N ≥ 2. */
export function axis(label: string, t: string): AxisSpec {
  const parts = t.split(":");
  if (parts.length !== 3) throw new UsageError(`${label} must be MIN:MAX:N (got ${quote(t)})`);
  const min = parseFiniteNumber(parts[0]);
  const max = parseFiniteNumber(parts[1]);
  if (min === null || max === null) throw new UsageError(`${label}: MIN and MAX must be finite numbers (got ${quote(t)})`);
  if (!(min < max)) throw new UsageError(`${label}: MIN must be less than MAX (got ${quote(t)})`);
  const count = checkInt(`${label}: N`, parts[2], 2);
  return { min, max, count };
}
