// Which tile of a job this process computes, and which points that tile holds. A tile is
// a contiguous block of the command's points in its own order (a slice's points β-major,
// as its CSV lists them): tile K of N holds points [⌊K·T/N⌋, ⌊(K+1)·T/N⌋), so the N
// tiles cover the T points exactly once and differ in size by at most one point.

export interface TileSpec {
  /** K, from 0 to count − 1 (as Slurm array indexes are). */
  index: number;
  /** N. */
  count: number;
}

export interface PointRange {
  start: number;
  /** Exclusive. */
  end: number;
}

/** The most tiles a job may be split into. */
export const MAX_TILES = 1 << 20;

/** Throws RangeError unless 0 ≤ K < N ≤ MAX_TILES, both integers. */
export function checkTileSpec(t: TileSpec): void {
  if (!Number.isSafeInteger(t.count) || t.count < 1 || t.count > MAX_TILES) throw new RangeError(`N must be an integer from 1 to ${MAX_TILES}`);
  if (!Number.isSafeInteger(t.index) || t.index < 0 || t.index >= t.count) throw new RangeError(`K must be an integer from 0 to N−1 = ${t.count - 1}`);
}

/** "K/N" as a TileSpec; throws RangeError for anything else. */
export function parseTileSpec(text: string): TileSpec {
  const m = /^\s*(-?\d+)\s*\/\s*(-?\d+)\s*$/.exec(text);
  if (!m) throw new RangeError("takes K/N (the K-th of N tiles, K from 0 to N−1) or auto");
  const t = { index: Number(m[1]), count: Number(m[2]) };
  checkTileSpec(t);
  return t;
}

/** The points of tile K of N among `total`. */
export function tileRange(total: number, t: TileSpec): PointRange {
  return { start: Math.floor((t.index * total) / t.count), end: Math.floor(((t.index + 1) * total) / t.count) };
}

/** The environment variables `--tile auto` reads, named in its errors. */
export const TILE_ENV_VARIABLES = ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_MAX", "JOB_COMPLETION_INDEX"] as const;

const intVar = (env: Readonly<Record<string, string | undefined>>, name: string): number | undefined => {
  const v = env[name];
  if (v === undefined || v.trim() === "") return undefined;
  if (!/^\s*\d+\s*$/.test(v)) throw new RangeError(`${name} must be a non-negative integer (got ${JSON.stringify(v.slice(0, 40))})`);
  return Number(v);
};

/**
 * The tile named by a job engine's variables: a Slurm job array (SLURM_ARRAY_TASK_ID with
 * SLURM_ARRAY_TASK_COUNT, or the MIN/MAX pair: K = ID − MIN) or a Kubernetes Indexed Job
 * (JOB_COMPLETION_INDEX, with `tiles` = its completions). Given `tiles`, a Slurm task ID
 * is K itself (for resubmitting some tasks of an array). Throws RangeError naming the
 * variables when none are set.
 */
export function tileFromEnv(env: Readonly<Record<string, string | undefined>>, tiles: number | undefined): TileSpec {
  const id = intVar(env, "SLURM_ARRAY_TASK_ID");
  if (id !== undefined) {
    // With --tiles N the task ID is K itself: `sbatch --array=5 … --tiles 64` resubmits
    // tile 5 of 64 alone (its own array then has one task, of ID 5).
    if (tiles !== undefined) {
      const t = { index: id, count: tiles };
      checkTileSpec(t);
      return t;
    }
    const min = intVar(env, "SLURM_ARRAY_TASK_MIN");
    const max = intVar(env, "SLURM_ARRAY_TASK_MAX");
    let count = intVar(env, "SLURM_ARRAY_TASK_COUNT");
    if (count === undefined && min !== undefined && max !== undefined) count = max - min + 1;
    if (count === undefined) throw new RangeError("SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MIN/MAX (nor --tiles N) says how many tiles there are");
    const t = { index: id - (min ?? 0), count };
    checkTileSpec(t);
    return t;
  }
  const k = intVar(env, "JOB_COMPLETION_INDEX");
  if (k !== undefined) {
    if (tiles === undefined) throw new RangeError("JOB_COMPLETION_INDEX is set: give --tiles N, the Indexed Job's completions");
    const t = { index: k, count: tiles };
    checkTileSpec(t);
    return t;
  }
  throw new RangeError("auto found no job engine's variables: set SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT (or SLURM_ARRAY_TASK_MIN/MAX), as a Slurm job array does, or JOB_COMPLETION_INDEX with --tiles N, as a Kubernetes Indexed Job does; or give --tile K/N");
}
