// Checks an --out path before any work starts, so a bad path costs nothing and never
// reaches mkdir or rename: exit 2 and one line for '', '.', '/', a directory where a
// file is wanted, a path under a file, a device or FIFO, and virtual file systems.

import { lstatSync, mkdirSync, realpathSync, statSync, type Stats } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { OutputError, UsageError } from "./errors.js";
import { quote } from "./quote.js";

/** Kernel file systems whose files are not data: writing there never makes an output. */
const VIRTUAL_ROOTS = ["/proc", "/sys", "/dev"];

function lstatOrNull(path: string, label: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "ENOTDIR") throw new UsageError(`${label}: ${quote(path)} lies under a file, not a directory`);
    throw new UsageError(`${label}: cannot use ${quote(path)} (${code ?? "error"})`);
  }
}

function inVirtual(real: string): string | undefined {
  return VIRTUAL_ROOTS.find((r) => real === r || real.startsWith(r + sep));
}

/** The nearest existing ancestor of `path` must be a real directory outside /proc, /sys and /dev. */
function checkAncestor(path: string, label: string): void {
  let dir = dirname(path);
  for (;;) {
    const st = lstatOrNull(dir, label);
    if (st !== null) {
      const real = realpathSync(dir);
      if (!statSync(real).isDirectory()) throw new UsageError(`${label}: ${quote(path)} lies under ${quote(dir)}, which is not a directory`);
      const v = inVirtual(real);
      if (v !== undefined) throw new UsageError(`${label}: ${quote(path)} is inside ${v}, a kernel file system; choose a path on a disk`);
      return;
    }
    dir = dirname(dir);
  }
}

/**
 * The file to write for `--out FILE`: the path itself, or for a symlink to a regular
 * file the file it points to (written through deliberately, so the link stays a link).
 * Refuses directories, devices, FIFOs and sockets, which a rename would replace.
 */
export function checkOutFile(text: string, label = "--out"): string {
  if (text === "") throw new UsageError(`${label} must name a file (got "")`);
  if (text.endsWith("/") || /(^|\/)\.{1,2}$/.test(text)) throw new UsageError(`${label} must name a file, not a directory (got ${quote(text)})`);
  const path = resolve(text);
  checkAncestor(path, label);
  const st = lstatOrNull(path, label);
  if (st === null) return path;
  let target = path;
  let tst = st;
  if (st.isSymbolicLink()) {
    try {
      target = realpathSync(path);
      tst = statSync(target);
    } catch {
      throw new UsageError(`${label}: ${quote(text)} is a symbolic link to a missing file; refusing to replace the link`);
    }
    const v = inVirtual(target);
    if (v !== undefined) throw new UsageError(`${label}: ${quote(text)} points into ${v}, a kernel file system`);
  }
  if (tst.isDirectory()) throw new UsageError(`${label}: ${quote(text)} is a directory; name a file inside it`);
  if (!tst.isFile()) throw new UsageError(`${label}: ${quote(text)} is not a regular file (a device, FIFO or socket); refusing to replace it`);
  return target;
}

/**
 * The directory to replace for `--out DIR` (absolute, symlinks resolved). Refuses '',
 * '/', the current directory or one of its ancestors (it is replaced by a rename), a
 * non-directory, and virtual file systems.
 */
export function checkOutDir(text: string, label = "--out"): string {
  if (text === "") throw new UsageError(`${label} must name a directory (got "")`);
  let path = resolve(text);
  checkAncestor(path, label);
  const st = lstatOrNull(path, label);
  if (st !== null) {
    path = realpathSync(path);
    if (!statSync(path).isDirectory()) throw new UsageError(`${label}: ${quote(text)} exists and is not a directory`);
    const v = inVirtual(path);
    if (v !== undefined) throw new UsageError(`${label}: ${quote(text)} is inside ${v}, a kernel file system`);
  }
  const cwd = process.cwd();
  if (path === dirname(path) || cwd === path || cwd.startsWith(path + sep)) {
    throw new UsageError(`${label}: ${quote(text)} is the root, the current directory or one of its parents; the set replaces DIR as a whole, so name a subdirectory such as ${label} figures`);
  }
  return path;
}

/** Creates `dir` and missing parents one level at a time (no recursive mkdir loops). */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    try {
      if (statSync(d).isDirectory()) break;
      throw new OutputError(`cannot create ${quote(dir)}: ${quote(d)} is not a directory`);
    } catch (err) {
      if (err instanceof OutputError) throw err;
      if ((err as NodeJS.ErrnoException).code !== "ENOENT" || d === dirname(d)) throw writeError(err, dir);
      missing.push(d);
    }
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw writeError(err, d);
    }
  }
}

/** One line naming the path and the cause of a failed write ("no space left" for a full disk). */
export function writeError(err: unknown, path: string): OutputError {
  const code = (err as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOSPC: "no space left on device",
    EDQUOT: "no space left (disk quota exceeded)",
    EFBIG: "no space left (file too large for the file system)",
    EROFS: "read-only file system",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EIO: "input/output error",
  };
  const reason = code !== undefined && Object.hasOwn(why, code) ? why[code] : (err as Error).message ?? String(err);
  return new OutputError(`cannot write ${quote(path)}: ${reason}`);
}
