// What the tile tests share: a fresh case folder per test, a CLI run that must succeed
// silently, and byte equality of two files.
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { runCli } from "../run-cli.js";

/** A factory of empty folders case0, case1, … under one temp folder named by `prefix`. */
export function caseFolders(prefix: string): { dir: string; fresh: () => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  return {
    dir,
    fresh: () => {
      const d = join(dir, `case${n++}`);
      mkdirSync(d);
      return d;
    },
  };
}

/** Runs the CLI, expecting exit 0 and nothing on stderr; its stdout. */
export function ok(args: string[]): string {
  const r = runCli(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}

/** Whether two files hold the same bytes. */
export const same = (a: string, b: string): boolean => readFileSync(a).equals(readFileSync(b));
