// What every subcommand provides. Commands are loaded lazily by main.ts, so a numeric
// command never loads d3 or jsdom.

import type { OptionSpec, ParsedValues } from "./options.js";

export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  name: string;
  summary: string;
  /** One-line synopsis after "loss-landscape <name>". */
  usage: string;
  options: OptionSpec[];
  /** Extra help text after the options: output fields, examples. */
  details?: string;
  /** Returns the exit code. Throws UsageError for bad input. */
  run(values: ParsedValues, io: CommandIO): Promise<number> | number;
}

export function formatHelp(cmd: Command): string {
  const lines = [`Usage: loss-landscape ${cmd.name} ${cmd.usage}`, "", cmd.summary, "", "Options:"];
  const left = (o: OptionSpec): string => `  --${o.name}${o.arg ? ` ${o.arg}` : ""}`;
  const width = Math.max(...cmd.options.map((o) => left(o).length), 10) + 2;
  for (const o of cmd.options) {
    const def = o.defaultText !== undefined ? ` (default: ${o.defaultText})` : "";
    lines.push(`${left(o).padEnd(width)}${o.help}${def}`);
  }
  lines.push(`${"  --help".padEnd(width)}show this help`);
  if (cmd.details) lines.push("", cmd.details.trimEnd());
  return lines.join("\n") + "\n";
}
