// --config FILE: a JSON object whose keys are the command's option names. Its values
// become the same raw texts a command line gives (numbers as their shortest decimal,
// lists for repeatable options), so they go through the same parsers; a flag given on
// the command line wins over the file.

import { UsageError } from "./errors.js";
import { valueOption, type Option, type Raw } from "./options.js";
import { quote } from "./quote.js";
import { nearest } from "./suggest.js";

export const CONFIG_OPTION: Option<string | undefined> = valueOption<string | undefined>({
  name: "config",
  arg: "FILE",
  help: "JSON object with any of these options as keys (flags on the command line win)",
  default: undefined,
  parse: (t) => t,
});

/** One JSON value as the raw value its option would get from argv. */
function rawOf(o: Option<unknown>, key: string, v: unknown): Raw {
  if (o.kind === "flag") {
    if (typeof v !== "boolean") throw new UsageError(`--config: ${quote(key)} must be true or false`);
    // false = not given: the default.
    return true;
  }
  const one = (x: unknown): string => {
    if (typeof x === "string") return x;
    if (typeof x === "number") return String(x);
    throw new UsageError(`--config: ${quote(key)} must be a string or a number${o.kind === "list" ? ", or a list of them" : ""}`);
  };
  if (Array.isArray(v)) return o.kind === "list" ? v.map(one) : v.map(one).join(",");
  return o.kind === "list" ? [one(v)] : one(v);
}

/** The file's options under the command line's. */
export function mergeConfig(
  raw: Map<string, Raw>,
  options: readonly Option<unknown>[],
  readText: (path: string) => string,
): Map<string, Raw> {
  const path = raw.get(CONFIG_OPTION.name);
  if (typeof path !== "string") return raw;
  let text: string;
  try {
    text = readText(path);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--config: cannot read ${quote(path)}${code ? ` (${code})` : ""}`);
  }
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw new UsageError(`--config: ${quote(path)} is not valid JSON`);
  }
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) throw new UsageError(`--config: ${quote(path)} must hold a JSON object`);
  const keys = options.filter((o) => o.name !== CONFIG_OPTION.name);
  const merged = new Map<string, Raw>();
  for (const [key, v] of Object.entries(obj as Record<string, unknown>)) {
    const o = keys.find((k) => k.name === key);
    if (!o) {
      const near = nearest(key, keys.map((k) => k.name));
      throw new UsageError(`--config: unknown key ${quote(key)} in ${quote(path)}${near ? `; did you mean ${quote(near)}?` : ""}`);
    }
    if (o.kind === "flag" && v === false) continue;
    merged.set(key, rawOf(o, key, v));
  }
  for (const [k, v] of raw) if (k !== CONFIG_OPTION.name) merged.set(k, v);
  return merged;
}
