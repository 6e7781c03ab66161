// Running a tiled (or checkpointed) job: the tile file is created with its header, then
// every finished block of points is appended as one line and flushed (fsync at most once
// a second, and at the end), so a killed run keeps its finished blocks. With --resume an
// existing file of the same settings is kept (a torn last line cut away) and only the
// missing points are computed. SIGTERM and SIGINT stop between blocks: the finished
// blocks are flushed and the command exits 128 + the signal's number.

import { closeSync, existsSync, ftruncateSync, openSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { differingSettings } from "../tiles/settings-hash.js";
import { blockRange, makeTileHeader, missingRanges, parseTileFile, TileFileError, tileBlockLine, tileHead, type TileHeader } from "../tiles/tile-file.js";
import type { PointJob } from "../tiles/point-job.js";
import type { PointRange, TileSpec } from "../tiles/tile-spec.js";
import { UsageError } from "./errors.js";
import { readTextCapped, syncDir, syncPath, writeFully, writeNewFile } from "./io.js";
import { makeDirs, writeError } from "./out-path.js";
import { quote } from "./quote.js";
import { tileArgv } from "../tiles/merge.js";
import { tileRange } from "../tiles/tile-spec.js";

/** Largest tile file read back (4 GiB would not fit a string; 1 GiB holds 10⁷ points with context). */
export const MAX_TILE_BYTES = 1024 * 1024 * 1024;

export interface TileRunOptions {
  /** The tile file (a tile's, or a single run's checkpoint). */
  path: string;
  tile: TileSpec;
  range: PointRange;
  resume: boolean;
  /** Arguments after the command's name that compute this tile (with --tile K/N). */
  argv: string[];
  /** Progress: points done of the range. */
  onProgress?: (done: number, total: number) => void;
}

export interface TileRunResult {
  /** The range's values per field (complete unless stopped). */
  values: Float64Array[];
  /** The signal that stopped the run, or null when it finished. */
  stoppedBy: NodeJS.Signals | null;
  /** Points of the range that were already in the file. */
  reused: number;
}

const SIGNALS: NodeJS.Signals[] = ["SIGTERM", "SIGINT"];
export const SIGNAL_EXIT: Record<string, number> = { SIGTERM: 143, SIGINT: 130 };

/** The blocks already in `path` for this job and range (resume), with the file cut after the last whole line; null if it should start afresh. */
function resumable(path: string, header: TileHeader): { blocks: ReturnType<typeof parseTileFile>["blocks"]; validBytes: number } | null {
  if (!existsSync(path)) return null;
  let parsed;
  try {
    parsed = parseTileFile(readTextCapped(path, "--resume", MAX_TILE_BYTES));
  } catch (err) {
    // Killed before the header was whole: nothing to keep.
    if (err instanceof TileFileError && /ends inside its header|is empty/.test(err.message)) return null;
    if (err instanceof TileFileError) throw new UsageError(`--resume: ${quote(path)} ${err.message}; remove it or rerun without --resume`);
    throw err;
  }
  const h = parsed.header;
  if (h.command !== header.command || h.hash !== header.hash) {
    const diff = differingSettings(h.settings, header.settings);
    throw new UsageError(`--resume: ${quote(path)} holds points of other settings (differing in ${diff.join(", ") || h.command}); rerun without --resume to replace it`);
  }
  if (h.range.start !== header.range.start || h.range.end !== header.range.end || h.tile.count !== header.tile.count) {
    throw new UsageError(`--resume: ${quote(path)} is tile ${h.tile.index}/${h.tile.count}, not ${header.tile.index}/${header.tile.count}; rerun without --resume to replace it`);
  }
  return { blocks: parsed.blocks, validBytes: parsed.validBytes };
}

export async function runTile(job: PointJob, o: TileRunOptions): Promise<TileRunResult> {
  const header = makeTileHeader({ command: job.command, settings: job.settings, tile: o.tile, total: job.total, range: o.range, fields: job.fields, argv: o.argv });
  const n = o.range.end - o.range.start;
  const values = job.fields.map(() => new Float64Array(n));
  const kept = o.resume ? resumable(o.path, header) : null;
  const dir = dirname(o.path);
  makeDirs(dir);
  let fd: number;
  if (kept) {
    try {
      fd = openSync(o.path, "r+");
      ftruncateSync(fd, kept.validBytes);
      closeSync(fd);
      fd = openSync(o.path, "a");
    } catch (err) {
      throw writeError(err, o.path);
    }
    for (const b of kept.blocks) b.values.forEach((v, f) => values[f].set(v, b.at - o.range.start));
  } else {
    // The header goes in whole or not at all: written beside, then renamed into place.
    const tmp = join(dir, `.${basename(o.path)}.${process.pid}.tmp`);
    rmSync(tmp, { force: true });
    writeNewFile(tmp, [tileHead(header, job.context)], 0o666, o.path);
    try {
      renameSync(tmp, o.path);
      fd = openSync(o.path, "a");
    } catch (err) {
      rmSync(tmp, { force: true });
      throw writeError(err, o.path);
    }
    syncDir(dir);
  }
  const covered = kept ? kept.blocks.map(blockRange) : [];
  const reused = covered.reduce((s, r) => s + r.end - r.start, 0);
  let stoppedBy: NodeJS.Signals | null = null;
  const handlers = SIGNALS.map((sig) => {
    const h = (): void => {
      stoppedBy ??= sig;
    };
    process.on(sig, h);
    return [sig, h] as const;
  });
  let done = reused;
  let lastSync = performance.now();
  try {
    for (const gap of missingRanges(o.range, covered)) {
      if (stoppedBy) break;
      await job.evaluate(
        gap,
        (at, v) => {
          if (v[0].length === 0) return;
          writeFully(fd, tileBlockLine({ at, values: v }), o.path);
          v.forEach((f, i) => values[i].set(f, at - o.range.start));
          done += v[0].length;
          if (performance.now() - lastSync > 1000) {
            syncPath(fd, o.path);
            lastSync = performance.now();
          }
          o.onProgress?.(done, n);
        },
        () => stoppedBy !== null,
      );
    }
    syncPath(fd, o.path);
  } finally {
    closeSync(fd);
    for (const [sig, h] of handlers) process.off(sig, h);
  }
  return { values, stoppedBy, reused };
}

/** Where a command's points go: only memory (path null), a single run's checkpoint (tile null), or a tile's file. */
export interface PointsPlace {
  path: string | null;
  tile: TileSpec | null;
  resume: boolean;
  /** The command's arguments, for the tile file's header (the command that computes it). */
  argv: readonly string[];
}

/**
 * Every value of `job` (its tile's when tiled): evaluated in memory when there is no file,
 * else through runTile (flushed as blocks finish; with resume, only what is missing). A
 * checkpoint keeps no context: the run that resumes it rebuilds its own. When a signal
 * stops the run, says on `err` where the finished points are and returns the signal.
 */
export async function evaluatePoints(job: PointJob, place: PointsPlace, err: (text: string) => void): Promise<Float64Array[] | { stoppedBy: NodeJS.Signals }> {
  if (place.path === null) {
    const values = job.fields.map(() => new Float64Array(job.total));
    await job.evaluate({ start: 0, end: job.total }, (at, v) => v.forEach((f, i) => values[i].set(f, at)), () => false);
    return values;
  }
  const t = place.tile ?? { index: 0, count: 1 };
  const r = await runTile({ ...job, context: place.tile ? job.context : null }, { path: place.path, tile: t, range: tileRange(job.total, t), resume: place.resume, argv: tileArgv(place.argv, t, false) });
  if (r.stoppedBy) {
    err(`loss-landscape ${job.command}: stopped by ${r.stoppedBy}; the finished points are in ${quote(place.path)}: rerun with --resume to compute the rest\n`);
    return { stoppedBy: r.stoppedBy };
  }
  return r.values;
}

/** The library's point runner over a command's files (see PointsPlace), and how it ended. */
export interface FilePoints {
  /** Pass as the library call's `control.points`. */
  points: (job: PointJob) => Promise<Float64Array[] | null>;
  /** After the call resolved to null: the exit code (0 for a finished tile, 128 + the signal's number when stopped). */
  exitCode(): number;
}

export interface FilePointsOptions {
  /** Checks a tile's values (a whole run's are checked by the library). */
  checkTile?: (values: Float64Array[]) => void;
  /** What the CLI adds to the tiles' context (e.g. the output format merge writes). */
  context?: (context: unknown) => unknown;
}

/**
 * Runs the library's points through evaluatePoints: the package version joins the job's
 * settings (a tile of another version is refused on merge), and the call resolves to null
 * after a tile or a stop.
 */
export function filePoints(place: PointsPlace, err: (text: string) => void, version: string, o: FilePointsOptions = {}): FilePoints {
  let exit = 0;
  return {
    points: async (job) => {
      const context = o.context ? o.context(job.context) : job.context;
      const r = await evaluatePoints({ ...job, settings: { version, ...job.settings }, context }, place, err);
      if (!Array.isArray(r)) {
        exit = SIGNAL_EXIT[r.stoppedBy] ?? 1;
        return null;
      }
      if (place.tile === null) return r;
      o.checkTile?.(r);
      return null;
    },
    exitCode: () => exit,
  };
}

/** A stage of the library's progress, naming the tile it runs. */
export function tileStage(stage: string, tile: TileSpec | null): string {
  return tile ? `${stage}, tile ${tile.index}/${tile.count}` : stage;
}
