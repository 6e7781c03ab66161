// Replaces a directory of outputs (the landscape figure set) as one unit.
//
// The new set is written, fsynced, into a fresh sibling `.DIR.PID.new`. The user's
// own files in DIR (anything an earlier run did not write, by its manifest) are moved
// into it, then two renames swap it in: DIR → `.DIR.PID.old`, `.DIR.PID.new` → DIR.
// A reader sees the whole old set or the whole new one. If a run is killed part-way,
// the next run finds the siblings of the dead PID and finishes or undoes the swap:
//   only `.new` and DIR exists  → the swap never began: move the user's files back
//   `.new` and `.old`, no DIR   → killed between the renames: roll forward
//   `.old` and DIR exists       → killed before cleanup: remove the old set

import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { isAlive, staleTemps, syncDir, writeNewFile } from "./io.js";
import { makeDirs, writeError } from "./out-path.js";

export interface SetFile {
  file: string;
  content: string | Uint8Array;
}

/** The names in a directory that a run of ours wrote (read from its manifest); null if it has none. */
export type OwnedFiles = (dir: string) => Set<string> | null;

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function move(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    throw writeError(err, to);
  }
}

/** Finishes or undoes what killed runs left beside `dir` (see the header). */
export function recoverSet(dir: string, owned: OwnedFiles): void {
  const parent = dirname(dir);
  const name = basename(dir);
  const stale = staleTemps(parent, name);
  for (const s of stale.filter((t) => t.kind === "new")) {
    if (!existsSync(dir) && stale.some((t) => t.kind === "old")) {
      move(s.path, dir);
      continue;
    }
    // The swap never happened. User files are moved in only after the manifest is
    // written, so without one the stage holds nothing but a partial new set.
    const ours = owned(s.path);
    if (ours !== null) for (const e of entries(s.path)) if (!ours.has(e) && !existsSync(join(dir, e))) move(join(s.path, e), join(dir, e));
    rmSync(s.path, { recursive: true, force: true });
  }
  for (const s of stale.filter((t) => t.kind === "old")) {
    if (existsSync(dir)) rmSync(s.path, { recursive: true, force: true });
    else move(s.path, dir);
  }
  // Per-file temp files of an older writer, killed before its renames.
  for (const e of entries(dir)) {
    const m = /^\.(.+)\.(\d+)\.tmp$/.exec(e);
    if (m && !isAlive(Number(m[2]))) rmSync(join(dir, e), { force: true });
  }
}

/**
 * Makes `dir` hold exactly `files` plus the user's own files: files an earlier run of
 * ours wrote (owned(dir)) and the new run does not write are removed; nothing else is.
 * `dir` must have passed checkOutDir. On failure the old directory is untouched.
 */
export function writeFileSet(dir: string, files: SetFile[], owned: OwnedFiles): void {
  const parent = dirname(dir);
  const name = basename(dir);
  makeDirs(parent);
  recoverSet(dir, owned);
  const stage = join(parent, `.${name}.${process.pid}.new`);
  const old = join(parent, `.${name}.${process.pid}.old`);
  rmSync(stage, { recursive: true, force: true });
  try {
    mkdirSync(stage);
  } catch (err) {
    throw writeError(err, stage);
  }
  try {
    for (const f of files) writeNewFile(join(stage, f.file), [f.content], 0o666, join(dir, f.file));
    syncDir(stage);
  } catch (err) {
    rmSync(stage, { recursive: true, force: true });
    throw err;
  }
  if (!existsSync(dir)) {
    move(stage, dir);
    syncDir(parent);
    return;
  }
  const written = new Set(files.map((f) => f.file));
  const earlier = owned(dir) ?? new Set<string>();
  const moved: string[] = [];
  try {
    chmodSync(stage, statSync(dir).mode & 0o7777);
    for (const e of entries(dir)) {
      if (written.has(e) || earlier.has(e)) continue;
      move(join(dir, e), join(stage, e));
      moved.push(e);
    }
    move(dir, old);
  } catch (err) {
    for (const e of moved) if (!existsSync(join(dir, e))) renameSync(join(stage, e), join(dir, e));
    rmSync(stage, { recursive: true, force: true });
    throw err;
  }
  move(stage, dir);
  syncDir(parent);
  // Only the files of the two runs of ours remain in `old`: the user's files moved on.
  rmSync(old, { recursive: true, force: true });
}
