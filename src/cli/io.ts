// The only module that touches files: reading --data and writing outputs atomically
// (temp file in the same directory, then rename), so a failure never leaves a
// half-written file behind.

import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parseDatasetCsv } from "../data/csv.js";
import { seedDataset, type Dataset } from "../data/dataset.js";
import { UsageError } from "./errors.js";

/** The seed data set, or the CSV named by --data. */
export function loadData(path: string | undefined): Dataset {
  if (path === undefined) return seedDataset();
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--data: cannot read ${path}${code ? ` (${code})` : ""}`);
  }
  return parseDatasetCsv(text, path);
}

function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** Writes a whole file atomically. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writeChunksAtomic(path, [data]);
}

/** Writes chunks (from a generator, for outputs too large for one string) atomically. */
export function writeChunksAtomic(path: string, chunks: Iterable<string | Uint8Array>): void {
  mkdirSync(dirname(path) || ".", { recursive: true });
  const tmp = tempPath(path);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, "w");
    for (const c of chunks) {
      if (typeof c === "string") writeSync(fd, c);
      else writeSync(fd, c);
    }
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes chunks to stdout synchronously, so large outputs stream without buffering
 * and exit codes are exact. Stops quietly if the reader goes away (`| head`).
 */
export function writeChunksStdout(chunks: Iterable<string>): void {
  for (const c of chunks) if (!writeAllSync(1, c)) return;
}

function writeAllSync(fd: number, text: string): boolean {
  const buf = Buffer.from(text, "utf8");
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EPIPE") return false;
      // A non-blocking pipe may be momentarily full; retry.
      if (code !== "EAGAIN") throw err;
    }
  }
  return true;
}

/**
 * Writes several files as one unit: every file goes to a temp name first, and only
 * when all are written are they renamed into place. A failure part-way removes the
 * temp files and leaves every existing file untouched.
 */
export function writeFilesAtomic(dir: string, files: Array<{ file: string; content: string | Uint8Array }>): void {
  mkdirSync(dir, { recursive: true });
  const temps: Array<[tmp: string, final: string]> = [];
  try {
    for (const f of files) {
      const final = join(dir, f.file);
      const tmp = tempPath(final);
      temps.push([tmp, final]);
      const fd = openSync(tmp, "w");
      try {
        writeSync(fd, typeof f.content === "string" ? Buffer.from(f.content, "utf8") : f.content);
      } finally {
        closeSync(fd);
      }
    }
  } catch (err) {
    for (const [tmp] of temps) rmSync(tmp, { force: true });
    throw err;
  }
  for (const [tmp, final] of temps) renameSync(tmp, final);
}
