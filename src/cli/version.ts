// The package's version, read from its package.json (one directory above dist/cli and
// src/cli), so `--version` can never disagree with what npm installed.

import { readFileSync } from "node:fs";

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown };
  return typeof pkg.version === "string" ? pkg.version : "unknown";
}
