// What every subcommand provides, and its help, generated from its option table so the
// usage line, the defaults and the limits shown are the ones the parsers apply.
// Commands are loaded lazily by main.ts, so a numeric command never loads d3 or jsdom.

import type { Option, Values } from "./options.js";

export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress is shown there by default). */
  errIsTTY?: boolean;
  /** The command's arguments after its name, as given (a tile records the line that computes it). */
  argv?: readonly string[];
  /** The environment (`--tile auto` reads a job engine's variables). */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface Command {
  name: string;
  summary: string;
  options: readonly Option<unknown>[];
  /** Extra help text after the options: output fields, examples. */
  details?: string;
  /** Returns the exit code. Throws UsageError for bad input. */
  run(values: Values, io: CommandIO): Promise<number> | number;
}

/** Help lines are wrapped to this width. */
const WIDTH = 88;
/** The help column starts here at most; longer flags put their help on the next line. */
const MAX_LEFT = 30;

function wrap(words: string[], width: number, indent: string, first: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const w of words) {
    if (!empty && line.length + 1 + w.length > width) {
      lines.push(line);
      line = indent + w;
    } else {
      line += (empty ? "" : " ") + w;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

function synopsis(o: Option<unknown>): string {
  if (o.positional) {
    const arg = o.arg ?? o.name.toUpperCase();
    return `${arg} (or --${o.name} ${arg})`;
  }
  const arg = o.arg === undefined ? "" : o.attached ? `=${o.arg}` : ` ${o.arg}`;
  return `--${o.name}${arg}`;
}

export function usageLines(cmd: Pick<Command, "name" | "options">): string[] {
  const first = `Usage: loss-landscape ${cmd.name} `;
  // Positional arguments first, bare; then the flags in brackets.
  const words = [
    ...cmd.options.filter((o) => o.positional).map(synopsis),
    ...cmd.options.filter((o) => !o.positional).map((o) => `[${synopsis(o)}${o.kind === "list" ? " ..." : ""}]`),
  ];
  return wrap(words, WIDTH, " ".repeat(first.length), first);
}

/** The text after a flag in help: what it does, its limits, whether it repeats, its default. */
export function optionHelp(o: Option<unknown>): string {
  const limits = o.limits ? `; ${o.limits}` : "";
  const repeat = o.kind === "list" ? "; repeatable" : "";
  const def = o.defaultText !== undefined ? ` (default: ${o.defaultText})` : "";
  return `${o.help}${limits}${repeat}${def}`;
}

/** The help text; without `details`, only the usage, summary and options (docs/commands.md shows those). */
export function formatHelp(cmd: Command, withDetails = true): string {
  const rows: Array<[string, string]> = [...[...cmd.options.filter((o) => o.positional), ...cmd.options.filter((o) => !o.positional)].map((o): [string, string] => [`  ${synopsis(o)}`, optionHelp(o)]), ["  -h, --help", "show this help"]];
  const left = Math.min(MAX_LEFT, Math.max(...rows.map(([l]) => l.length)) + 2);
  const lines = [...usageLines(cmd), "", ...wrap(cmd.summary.split(" "), WIDTH, "", ""), "", "Options:"];
  for (const [l, h] of rows) {
    const indent = " ".repeat(left);
    if (l.length + 2 > left) {
      lines.push(l);
      lines.push(...wrap(h.split(" "), WIDTH, indent, indent));
    } else {
      lines.push(...wrap(h.split(" "), WIDTH, indent, l.padEnd(left)));
    }
  }
  if (cmd.details && withDetails) lines.push("", cmd.details.trimEnd());
  return lines.join("\n") + "\n";
}
