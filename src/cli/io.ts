// The module that touches files and stdout. Inputs must be regular files and are read
// with a byte cap, so /dev/zero or a FIFO without a writer cannot hang the CLI or fill
// the heap. Outputs go to a temp file in the same directory, every byte written and
// fsynced before the rename, so a full disk fails the command and never leaves a
// truncated file in place of the old one.

import { closeSync, constants, fstatSync, fsyncSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { csvInputs, csvParser, DataError, endCsv, endCsvTable, pushCsv, type CsvParser } from "../data/csv.js";
import { seedDataset, type Dataset } from "../data/dataset.js";
import type { Table } from "../nn/table.js";
import { StdoutClosed, UsageError } from "./errors.js";
import { holdSignalsDuring } from "./hold-signals.js";
import { checkOutFile, makeDirs, writeError } from "./out-path.js";
import { quote } from "./quote.js";
import { nearest } from "./suggest.js";
import { DATA_NAMES } from "../nn/datasets.js";

/** Largest --data file read (512 MiB) and most rows kept (16 bytes each: 512 MiB). */
export const MAX_CSV_BYTES = 512 * 1024 * 1024;
export const MAX_CSV_ROWS = 32 * 1024 * 1024;
/** Most input values (rows × d) kept from a d-input --data file (8 bytes each: 512 MiB). */
export const MAX_CSV_VALUES = 64 * 1024 * 1024;
/** Largest --params or --hvp file read (256 MiB: 5,000,000 parameters as JSON fit). */
export const MAX_PARAMS_BYTES = 256 * 1024 * 1024;
/** Largest --config file read (1 MiB). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

const CHUNK = 4 * 1024 * 1024;

/** Words a file flag also takes: a missing file near one of them gets "did you mean". */
const KEYWORDS: Record<string, readonly string[]> = {
  "--data": DATA_NAMES,
  "--directions": ["random", "pca", "interp", "eigen"],
};
const MiB = (n: number): string => `${n / (1024 * 1024)} MiB`;

/**
 * Opens a regular file for reading without blocking (a FIFO opens at once and is then
 * refused) and feeds its text to `onText` in chunks, refusing more than maxBytes.
 */
export function readCapped(path: string, label: string, maxBytes: number, onText: (text: string) => void): void {
  const dec = new StringDecoder("utf8");
  readBytesCapped(path, label, maxBytes, (bytes) => onText(dec.write(bytes)));
  onText(dec.end());
}

/** The whole content of a capped binary input (a params file: JSON or safetensors). */
export function readBufferCapped(path: string, label: string, maxBytes: number): Buffer {
  const parts: Buffer[] = [];
  readBytesCapped(path, label, maxBytes, (bytes) => parts.push(Buffer.from(bytes)));
  return Buffer.concat(parts);
}

/** readCapped's bytes: each chunk is a view, valid only during the call. */
function readBytesCapped(path: string, label: string, maxBytes: number, onBytes: (bytes: Buffer) => void): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A missing file spelled like one of the flag's keywords is a typo of the keyword.
    const near = code === "ENOENT" && Object.hasOwn(KEYWORDS, label) ? nearest(path, KEYWORDS[label]) : undefined;
    throw new UsageError(`${label}: cannot read ${quote(path)}${code ? ` (${code})` : ""}${near ? `; did you mean ${near}?` : ""}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UsageError(`${label}: ${quote(path)} is not a regular file (a directory, device or FIFO); give a file`);
    const tooBig = (): UsageError => new UsageError(`${label}: ${quote(path)} is larger than the limit of ${MiB(maxBytes)}`);
    if (st.size > maxBytes) throw tooBig();
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1));
    let total = 0;
    for (;;) {
      let got: number;
      try {
        got = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        throw new UsageError(`${label}: cannot read ${quote(path)} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
      }
      if (got === 0) break;
      total += got;
      // A file can grow while it is read (or report size 0, as /proc files do).
      if (total > maxBytes) throw tooBig();
      onBytes(buf.subarray(0, got));
    }
  } finally {
    closeSync(fd);
  }
}

/** The whole text of a small capped input (--config). */
export function readTextCapped(path: string, label: string, maxBytes: number): string {
  const parts: string[] = [];
  readCapped(path, label, maxBytes, (t) => parts.push(t));
  return parts.join("");
}

/** Like readTextCapped, but null for a file that is missing, special or too large. */
export function readTextCappedOrNull(path: string, maxBytes: number): string | null {
  try {
    return readTextCapped(path, "", maxBytes);
  } catch {
    return null;
  }
}

/** The seed data set, or the CSV named by --data (streamed: never one string). */
export function loadData(path: string | undefined): Dataset {
  if (path === undefined) return seedDataset();
  return endCsv(readCsv(path));
}

/** A d-input CSV named by --data (header x,y or x1,…,xd,y), streamed with the same caps. */
export function loadTableCsv(path: string): Table {
  return endCsvTable(readCsv(path));
}

function readCsv(path: string): CsvParser {
  const p = csvParser(path);
  readCapped(path, "--data", MAX_CSV_BYTES, (t) => {
    pushCsv(p, t);
    if (p.n > MAX_CSV_ROWS) throw new DataError(`${path}: more than ${MAX_CSV_ROWS} rows, the limit for --data`);
    if (p.n * csvInputs(p) > MAX_CSV_VALUES) throw new DataError(`${path}: more than ${MAX_CSV_VALUES} input values (rows × inputs), the limit for --data`);
  });
  return p;
}

const TEMP = /^\.(.+)\.(\d+)\.(tmp|new|old)$/;

/** Whether process `pid` still runs (a temp file of a live run must not be touched). */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Temp entries `.NAME.PID.KIND` in dir left by runs that were killed, for one NAME. */
export function staleTemps(dir: string, name: string): Array<{ path: string; kind: string }> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const found: Array<{ path: string; kind: string }> = [];
  for (const e of entries) {
    const m = TEMP.exec(e);
    if (m && m[1] === name && !isAlive(Number(m[2]))) found.push({ path: join(dir, e), kind: m[3] });
  }
  return found;
}

/** Writes all of `data` (writeSync may write less than asked), or throws writeError. */
export function writeFully(fd: number, data: string | Uint8Array, path: string): void {
  const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let off = 0;
  while (off < buf.length) {
    let n: number;
    try {
      n = writeSync(fd, buf, off, buf.length - off);
    } catch (err) {
      throw writeError(err, path);
    }
    // A write that makes no progress on a regular file means the device is full.
    if (n <= 0) throw writeError(Object.assign(new Error("short write"), { code: "ENOSPC" }), path);
    off += n;
  }
}

/** Flushes a file or directory to the disk; directories that cannot be fsynced are skipped. */
export function syncPath(fd: number, path: string, isDir = false): void {
  try {
    fsyncSync(fd);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (isDir && (code === "EINVAL" || code === "EBADF" || code === "EISDIR")) return;
    throw writeError(err, path);
  }
}

export function syncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  } catch {
    return;
  }
  try {
    syncPath(fd, dir, true);
  } finally {
    closeSync(fd);
  }
}

/** Writes a new file at `path` from chunks, complete and fsynced, or throws (removing it); errors name `shown`. */
export function writeNewFile(path: string, chunks: Iterable<string | Uint8Array>, mode = 0o666, shown = path): void {
  let fd: number;
  try {
    fd = openSync(path, "wx", mode);
  } catch (err) {
    throw writeError(err, shown);
  }
  try {
    for (const c of chunks) writeFully(fd, c, shown);
    syncPath(fd, shown);
  } catch (err) {
    closeSync(fd);
    rmSync(path, { force: true });
    throw err;
  }
  closeSync(fd);
}

/** Writes a whole file atomically. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writeChunksAtomic(path, [data]);
}

/** A complete, fsynced temp file beside its target, waiting for its rename. */
export interface StagedFile {
  tmp: string;
  target: string;
  shown: string;
}

/**
 * The first half of an atomic write: checks the path, removes temp files of killed
 * earlier runs, and writes the chunks into `.NAME.PID.tmp` beside the target, complete
 * and fsynced. Nothing is replaced until commitStaged.
 */
export function stageFile(path: string, chunks: Iterable<string | Uint8Array>, label = "--out"): StagedFile {
  const target = checkOutFile(path, label);
  const dir = dirname(target);
  makeDirs(dir);
  // Only a dead run's temp files: never a directory, never recursively.
  for (const t of staleTemps(dir, basename(target))) {
    try {
      if (t.kind === "tmp") rmSync(t.path, { force: true });
    } catch {
      // A directory of that name is not ours to remove.
    }
  }
  const tmp = join(dir, `.${basename(target)}.${process.pid}.tmp`);
  rmSync(tmp, { force: true });
  let mode = 0o666;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch {
    // A new file: the default mode under the umask.
  }
  writeNewFile(tmp, chunks, mode, path);
  return { tmp, target, shown: path };
}

/** The second half: renames the temp file over its target and fsyncs the directory. */
export function commitStaged(s: StagedFile): void {
  try {
    renameSync(s.tmp, s.target);
  } catch (err) {
    rmSync(s.tmp, { force: true });
    throw writeError(err, s.shown);
  }
  syncDir(dirname(s.target));
}

/** Removes a staged temp file that will not be committed. */
export function dropStaged(s: StagedFile): void {
  rmSync(s.tmp, { force: true });
}

/**
 * Writes chunks (from a generator, for outputs too large for one string) atomically to
 * --out FILE: temp file beside it, fsync, rename, fsync the directory. Temp files of
 * killed earlier runs are removed. A symlink to a regular file is written through.
 */
export function writeChunksAtomic(path: string, chunks: Iterable<string | Uint8Array>, label = "--out"): void {
  // A signal meanwhile waits for the rename, so no temp file is left behind.
  holdSignalsDuring(() => commitStaged(stageFile(path, chunks, label)));
}

/** Sleeps ~1 ms without spinning (a non-blocking stdout pipe is momentarily full). */
function pause(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
}

/**
 * Writes text to a file descriptor synchronously, so large outputs stream without
 * buffering and exit codes are exact. EPIPE (the reader went away, `| head`) throws
 * StdoutClosed; a full disk throws OutputError naming the output.
 */
export function writeFd(fd: number, text: string, name: string): void {
  const buf = Buffer.from(text, "utf8");
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EPIPE") throw new StdoutClosed(name);
      if (code !== "EAGAIN") throw writeError(err, name);
      pause();
    }
  }
}

export function writeStdout(text: string): void {
  writeFd(1, text, "stdout");
}

/** stderr: best effort, a closed or full stderr must not turn into another error. */
export function writeStderr(text: string): void {
  try {
    writeFd(2, text, "stderr");
  } catch {
    // Nowhere left to report it.
  }
}

export function writeChunksStdout(chunks: Iterable<string>): void {
  for (const c of chunks) writeStdout(c);
}
