// Replaces a directory of outputs (the landscape figure set) as one unit.
//
// The new set is written, fsynced, into a fresh sibling `.DIR.PID.new`. The user's
// own files in DIR are moved into it, then two renames swap it in: DIR → `.DIR.PID.old`,
// `.DIR.PID.new` → DIR. A file counts as ours only while it is a regular file whose
// bytes still hash to what our manifest recorded; everything else (directories, links,
// files the manifest names but that were changed or never written by us) is the user's.
// Nothing is ever removed recursively: our temp folders are emptied file by file.
// A reader sees the whole old set or the whole new one. If a run is killed part-way,
// the next run finds the siblings of the dead PID and finishes or undoes the swap:
//   only `.new` and DIR exists  → the swap never began: move the user's files back
//   `.new` and `.old`, no DIR   → killed between the renames: roll forward
//   `.old` and DIR exists       → killed before cleanup: remove the old set

import { createHash } from "node:crypto";
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { OutputError } from "./errors.js";
import { isAlive, staleTemps, syncDir, writeNewFile } from "./io.js";
import { makeDirs, writeError } from "./out-path.js";
import { quote } from "./quote.js";

export interface SetFile {
  file: string;
  content: string | Uint8Array;
}

/** The files a run of ours wrote into a directory, name → hex SHA-256, read from its manifest; null if it has none. */
export type OwnedFiles = (dir: string) => Map<string, string> | null;

/** Files larger than this are never taken for ours (no figure set file comes near it). */
const MAX_OWNED_BYTES = 256 * 1024 * 1024;

/** Only plain names inside the directory: a manifest can never point the cleanup elsewhere. */
const PLAIN_NAME = /^[\w][\w.-]*$/;

/**
 * The names in `dir` that are still exactly what a run of ours wrote: regular files
 * (never a directory, link or device) whose bytes hash to the manifest's value. Null
 * when `dir` has no manifest of ours.
 */
export function ownedNow(dir: string, owned: OwnedFiles): Set<string> | null {
  const listed = owned(dir);
  if (listed === null) return null;
  const names = new Set<string>();
  for (const [name, hash] of listed) {
    if (!PLAIN_NAME.test(name) || name === "." || name === "..") continue;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (!st.isFile() || st.size > MAX_OWNED_BYTES) continue;
      if (createHash("sha256").update(readFileSync(path)).digest("hex") === hash) names.add(name);
    } catch {
      // Gone or unreadable: not ours to remove.
    }
  }
  return names;
}

/**
 * Empties a temp folder of ours file by file and removes it; a directory inside
 * (never put there by us) is left, and so the folder stays. True when it is gone.
 */
export function removeOurFolder(path: string): boolean {
  for (const e of entries(path)) {
    const p = join(path, e);
    try {
      if (!lstatSync(p).isDirectory()) unlinkSync(p);
    } catch {
      // Already gone.
    }
  }
  try {
    rmdirSync(path);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ENOENT";
  }
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isRegular(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
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
    const ours = ownedNow(s.path, owned);
    if (ours !== null) for (const e of entries(s.path)) if (!ours.has(e) && !existsSync(join(dir, e))) move(join(s.path, e), join(dir, e));
    removeOurFolder(s.path);
  }
  for (const s of stale.filter((t) => t.kind === "old")) {
    if (existsSync(dir)) removeOurFolder(s.path);
    else move(s.path, dir);
  }
  // Per-file temp files of an older writer, killed before its renames.
  for (const e of entries(dir)) {
    const m = /^\.(.+)\.(\d+)\.tmp$/.exec(e);
    if (m && !isAlive(Number(m[2])) && isRegular(join(dir, e))) rmSync(join(dir, e), { force: true });
  }
}

/** A directory where the set writes a file would go with the old set: refuse instead. */
function refuseDirectoryClash(dir: string, files: SetFile[]): void {
  for (const f of files) {
    let isDir = false;
    try {
      isDir = lstatSync(join(dir, f.file)).isDirectory();
    } catch {
      // Nothing there.
    }
    if (isDir) throw new OutputError(`cannot write ${quote(join(dir, f.file))}: a directory of that name is in the way (not ours to remove); move it or choose another --out`);
  }
}

/**
 * Makes `dir` hold exactly `files` plus the user's own files: regular files an earlier
 * run of ours wrote (listed by owned(dir), bytes unchanged) that the new run does not
 * write are removed; nothing else is. `dir` must have passed checkOutDir. On failure
 * the old directory is untouched.
 */
export function writeFileSet(dir: string, files: SetFile[], owned: OwnedFiles): void {
  const parent = dirname(dir);
  const name = basename(dir);
  makeDirs(parent);
  recoverSet(dir, owned);
  const stage = join(parent, `.${name}.${process.pid}.new`);
  const old = join(parent, `.${name}.${process.pid}.old`);
  refuseDirectoryClash(dir, files);
  removeOurFolder(stage);
  try {
    mkdirSync(stage);
  } catch (err) {
    throw writeError(err, stage);
  }
  try {
    for (const f of files) writeNewFile(join(stage, f.file), [f.content], 0o666, join(dir, f.file));
    syncDir(stage);
  } catch (err) {
    removeOurFolder(stage);
    throw err;
  }
  if (!existsSync(dir)) {
    move(stage, dir);
    syncDir(parent);
    return;
  }
  const written = new Set(files.map((f) => f.file));
  const earlier = ownedNow(dir, owned) ?? new Set<string>();
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
    removeOurFolder(stage);
    throw err;
  }
  move(stage, dir);
  syncDir(parent);
  // Only files remain in `old`: ours, and those the new set replaced by name.
  removeOurFolder(old);
}
