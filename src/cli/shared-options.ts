// Options several commands share, defined once: each with its parser, default and help.

import { checkOutFile } from "./out-path.js";
import { DEFAULT_GRID, type AxisSpec, type GridSpec } from "../numerics/grid.js";
import { LOSS_NAMES, type LossName } from "../numerics/losses.js";
import { UsageError } from "./errors.js";
import { axis, axisText, checkDrawnAxis, DRAWN_AXIS_LIMITS, choiceOption, flagOption, intOption, valueOption, type Option } from "./options.js";
import { quote } from "./quote.js";
import { nearest } from "./suggest.js";

export const LOSS_OPTION = choiceOption<LossName>({ name: "loss", help: "loss function", choices: LOSS_NAMES, default: "mse" });

/** "all", one loss, or a comma-separated list of distinct losses: the one loss-list parser. */
export function parseLosses(label: string, text: string): LossName[] {
  if (text === "all") return [...LOSS_NAMES];
  const parts = text.split(",").map((s) => s.trim());
  const bad = parts.find((p) => !(LOSS_NAMES as readonly string[]).includes(p));
  if (bad !== undefined) {
    const near = nearest(bad, [...LOSS_NAMES, "all"]);
    throw new UsageError(`${label} must be all or a comma-separated list of ${LOSS_NAMES.join(", ")} (got ${quote(text)})${near ? `; did you mean ${near}?` : ""}`);
  }
  if (new Set(parts).size !== parts.length) throw new UsageError(`${label} lists a loss twice (got ${quote(text)})`);
  return parts as LossName[];
}

/** A loss-list option (--loss mse|bce|all, or landscape's --losses LIST). */
export function lossListOption(o: { name: string; arg: string; help: string; default: readonly LossName[]; defaultText: string }): Option<LossName[]> {
  return valueOption({
    name: o.name,
    arg: o.arg,
    help: o.help,
    limits: `all or a comma-separated list of ${LOSS_NAMES.join(", ")}`,
    default: [...o.default],
    defaultText: o.defaultText,
    parse: (t) => parseLosses(`--${o.name}`, t),
  });
}

/** --loss mse|bce|all for the commands that run several losses. */
export const LOSSES_OPTION = lossListOption({ name: "loss", arg: "mse|bce|all", help: "loss(es) to run", default: LOSS_NAMES, defaultText: "all" });

export const DATA_OPTION = valueOption<string | undefined>({
  name: "data",
  arg: "FILE",
  help: "CSV with header x,y and y in {0,1}",
  default: undefined,
  defaultText: "the seed data set, 40 points",
  example: undefined,
  parse: (t) => t,
});

export const JSON_OPTION = flagOption({ name: "json", help: "print one JSON object instead of text" });

export const OUT_FILE_OPTION = valueOption<string | undefined>({
  name: "out",
  arg: "FILE",
  help: "write to FILE (atomically) instead of stdout",
  default: undefined,
  // Checked when parsed, so a bad path costs nothing (writeChunksAtomic checks again).
  parse: (t) => (checkOutFile(t), t),
});

/** --format for a command's output formats, the first being the default. */
export function formatOption<T extends string>(formats: readonly T[]): Option<T> {
  return choiceOption<T>({ name: "format", help: "output format", choices: formats, default: formats[0] });
}

/** --seed N with a command's own meaning and limit. */
export function seedOption(help: string, max = Number.MAX_SAFE_INTEGER): Option<number> {
  return intOption({ name: "seed", help, default: 0, min: 0, max });
}

/**
 * An axis flag --NAME=MIN:MAX:N (grid's --w/--b, slice's --alpha/--beta). A drawn axis
 * (figures, slices, basin starts) also passes checkDrawnAxis; grid and gradcheck only
 * compute, so they take any finite range.
 */
export function axisSpecOption(name: string, help: string, fallback: AxisSpec, drawn = true): Option<AxisSpec> {
  return valueOption({
    name,
    arg: "MIN:MAX:N",
    attached: true,
    help,
    limits: drawn ? DRAWN_AXIS_LIMITS : "MIN < MAX, N ≥ 2",
    default: fallback,
    defaultText: axisText(fallback),
    parse: (t) => (drawn ? checkDrawnAxis(`--${name}`, axis(`--${name}`, t), t) : axis(`--${name}`, t)),
  });
}

/** --w / --b as MIN:MAX:N (drawn unless said otherwise). */
export function axisOption(name: "w" | "b", help: string, fallback: GridSpec = DEFAULT_GRID, drawn = true): Option<GridSpec["w"]> {
  return axisSpecOption(name, help, fallback[name], drawn);
}
