// The files one command writes, as one set: two flags may not name the same file, and
// no output is replaced until every one of them is complete. Each file is staged as a
// fsynced temp beside its target; only when all are staged are they renamed into place,
// so a full disk or a failing renderer part-way leaves every old output as it was, and a
// signal meanwhile waits for the last of them.

import { realpathSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UsageError } from "./errors.js";
import { holdSignalsDuring } from "./hold-signals.js";
import { commitStaged, dropStaged, stageFile, type StagedFile } from "./io.js";
import { checkOutFile } from "./out-path.js";
import { quote } from "./quote.js";

export interface PlannedOutput {
  /** The flag that named the file, for messages. */
  label: string;
  path: string;
  /** The bytes, produced only while staging (a generator for large outputs). */
  chunks: () => Iterable<string | Uint8Array>;
}

/** What identifies a file: its inode when it exists (hard links, symlinks), else its real directory and name. */
function identity(path: string, label: string): string {
  const target = checkOutFile(path, label);
  try {
    const st = statSync(target);
    return `inode ${st.dev}:${st.ino}`;
  } catch {
    // Not there yet.
  }
  let dir = dirname(target);
  const rest: string[] = [basename(target)];
  for (;;) {
    try {
      return join(realpathSync(dir), ...rest);
    } catch {
      if (dir === dirname(dir)) return target;
      rest.unshift(basename(dir));
      dir = dirname(dir);
    }
  }
}

/** Refuses two output flags that name one file (by resolved path or inode), with exit 2 and one line. */
export function checkDistinctOutputs(outputs: Array<{ label: string; path: string | undefined }>): void {
  const seen = new Map<string, { label: string; path: string }>();
  for (const o of outputs) {
    if (o.path === undefined) continue;
    const id = identity(o.path, o.label);
    const other = seen.get(id);
    if (other !== undefined) throw new UsageError(`${other.label} ${quote(other.path)} and ${o.label} ${quote(o.path)} name the same file: give two paths`);
    seen.set(id, { label: o.label, path: o.path });
  }
}

/**
 * Writes every output or none: all are staged (complete, fsynced) before the first rename.
 * A SIGINT or SIGTERM meanwhile is held until the set is written (no temp file is left
 * behind), then honoured with the signal's exit status.
 */
export function writeOutputSet(outputs: PlannedOutput[]): void {
  checkDistinctOutputs(outputs);
  holdSignalsDuring(() => {
    const staged: StagedFile[] = [];
    try {
      for (const o of outputs) staged.push(stageFile(o.path, o.chunks(), o.label));
    } catch (err) {
      for (const s of staged) dropStaged(s);
      throw err;
    }
    for (const s of staged) commitStaged(s);
  });
}
