// argv → checked option values. Our own small parser rather than node:util parseArgs,
// for what users of a CLI expect: -h and --help everywhere, "did you mean" for a
// mistyped flag, an error (not "last one wins") for a flag given twice, negative
// numbers as values (--lr -1 is a value, then rejected by --lr's range), and every
// value checked by its option's parser before the command runs.

import { mergeConfig } from "./config.js";
import { UsageError } from "./errors.js";
import type { Option, Raw, Values } from "./options.js";
import { quote } from "./quote.js";
import { nearest } from "./suggest.js";

export type CommandLine = { help: true } | { help: false; values: Values; raw: Map<string, Raw> };

const HELP = new Set(["-h", "--help"]);

/** A flag name as typed, echoed safely. */
export function flagName(name: string): string {
  return /^[A-Za-z0-9][\w-]{0,40}$/.test(name) ? `--${name}` : quote(`--${name}`);
}

/** "unknown option --los; did you mean --loss?" */
export function unknownOption(typed: string, options: readonly Option<unknown>[]): UsageError {
  const bare = typed.replace(/^-+/, "").split("=")[0];
  const near = nearest(bare, [...options.map((o) => o.name), "help"]);
  const shown = /^-{1,2}[A-Za-z0-9][\w-]{0,40}$/.test(typed.split("=")[0]) ? typed.split("=")[0] : quote(typed);
  return new UsageError(`unknown option ${shown}${near ? `; did you mean --${near}?` : " (--help lists the options)"}`);
}

/** Looks like a number (or number list) given as a value, not a flag: -1, -.5, -5,-10. */
const NEGATIVE = /^-[\d.]/;

/** Splits argv into raw values per option; throws UsageError for anything malformed. */
export function tokenize(argv: readonly string[], options: readonly Option<unknown>[]): Map<string, Raw> {
  const byName = new Map(options.map((o) => [o.name, o]));
  const raw = new Map<string, Raw>();
  const bare = options.find((o) => o.positional === true && o.kind === "list");
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (bare && !a.startsWith("-")) {
      raw.set(bare.name, [...((raw.get(bare.name) as string[] | undefined) ?? []), a]);
      continue;
    }
    if (!a.startsWith("--") || a === "--") {
      if (a.startsWith("-") && a.length > 1 && a !== "--") throw unknownOption(a, options);
      // A bare argument fills the next positional option not yet given (`connect A B`).
      const slot = a === "--" ? undefined : options.find((o) => o.positional && !raw.has(o.name));
      if (slot) {
        raw.set(slot.name, a);
        continue;
      }
      throw new UsageError(`unexpected argument ${quote(a)} (options start with --)`);
    }
    const eq = a.indexOf("=");
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    const o = byName.get(name);
    if (!o) throw unknownOption(a, options);
    let value: Raw;
    if (o.kind === "flag") {
      if (eq >= 0) throw new UsageError(`--${name} does not take a value (got ${quote(a)})`);
      value = true;
    } else if (eq >= 0) {
      value = a.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("-") && !NEGATIVE.test(next))) {
        const what = o.limits ? ` (${o.arg ?? "X"}: ${o.limits})` : o.arg ? ` (${o.arg})` : "";
        const eg = o.example !== undefined ? `, e.g. ${o.attached || o.example.startsWith("-") ? `--${name}=${o.example}` : `--${name} ${o.example}`}` : "";
        throw new UsageError(`--${name} needs a value${what}${eg}`);
      }
      value = next;
      i++;
    }
    const prev = raw.get(name);
    if (o.kind === "list") {
      raw.set(name, [...((prev as string[] | undefined) ?? []), value as string]);
    } else if (prev !== undefined) {
      const seen = o.kind === "flag" ? "" : ` (${quote(prev as string)}, then ${quote(value as string)})`;
      throw new UsageError(`--${name} given twice${seen}; give it once`);
    } else {
      raw.set(name, value);
    }
  }
  return raw;
}

/** Checks every given raw value with its option's parser; defaults for the rest. */
export function checkValues(raw: Map<string, Raw>, options: readonly Option<unknown>[]): Values {
  const parsed = new Map<string, unknown>();
  for (const o of options) {
    const r = raw.get(o.name);
    if (r !== undefined) parsed.set(o.name, o.read(r));
  }
  return {
    get<T>(o: Option<T>): T {
      return parsed.has(o.name) ? (parsed.get(o.name) as T) : o.defaultValue;
    },
    given: (o) => parsed.has(o.name),
  };
}

/** The command line: help requested, or every option checked. `merge` may add --config's values. */
export function parseCommandLine(
  argv: readonly string[],
  options: readonly Option<unknown>[],
  merge: (raw: Map<string, Raw>) => Map<string, Raw> = (r) => r,
): CommandLine {
  if (argv.some((a) => HELP.has(a))) return { help: true };
  const raw = merge(tokenize(argv, options));
  return { help: false, values: checkValues(raw, options), raw };
}

/** The checked values of argv (and of --config, read with readText); --help is not expected here. */
export function parseOptions(argv: readonly string[], options: readonly Option<unknown>[], readText?: (path: string) => string): Values {
  const raw = tokenize(argv, options);
  return checkValues(readText ? mergeConfig(raw, options, readText) : raw, options);
}
