// Putting tiles together: every tile must carry the same settings hash and tile count,
// no two blocks may overlap, and the values are laid out in the command's point order.
// Points no tile computed stay NaN and are listed, per tile, with the command line that
// computes them.

import { differingSettings } from "./settings-hash.js";
import { blockRange, missingRanges, type ParsedTile, type TileHeader } from "./tile-file.js";
import type { TileSpec } from "./tile-spec.js";

export interface NamedTile {
  /** Where it was read from, for messages. */
  name: string;
  tile: ParsedTile;
}

export interface MissingTile {
  tile: TileSpec;
  /** Some of its points are there (the run was stopped); resuming it computes the rest. */
  partial: boolean;
  /** The command's arguments that compute (or finish) it. */
  argv: string[];
}

export interface Merged {
  header: TileHeader;
  context: unknown;
  /** One array of `total` values per field; NaN where missing. */
  values: Float64Array[];
  /** Whether point p was computed. */
  computed: Uint8Array;
  missing: MissingTile[];
}

/** Tiles that cannot be merged: other settings, overlaps, none at all (exit 2 in the CLI). */
export class TileMergeError extends Error {
  override name = "TileMergeError";
}

const TILE_FLAGS = new Set(["--tile", "--tiles"]);

/** argv with its --tile/--tiles/--resume replaced by --tile K/N (and --resume to finish a partial tile). */
export function tileArgv(argv: readonly string[], t: TileSpec, resume: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (TILE_FLAGS.has(a)) {
      i++;
      continue;
    }
    if (/^--tiles?=/.test(a) || a === "--resume") continue;
    out.push(a);
  }
  out.push("--tile", `${t.index}/${t.count}`);
  if (resume) out.push("--resume");
  return out;
}

export function mergeTiles(tiles: readonly NamedTile[]): Merged {
  if (tiles.length === 0) throw new TileMergeError("holds no tile files");
  const first = tiles[0];
  const h = first.tile.header;
  for (const t of tiles.slice(1)) {
    const o = t.tile.header;
    if (o.command !== h.command) throw new TileMergeError(`${t.name} is a tile of \`${o.command}\`, ${first.name} of \`${h.command}\``);
    if (o.hash !== h.hash) {
      const diff = differingSettings(h.settings, o.settings);
      throw new TileMergeError(`${t.name} was computed with other settings than ${first.name} (they differ in ${diff.join(", ") || "their hash"})`);
    }
    if (o.tile.count !== h.tile.count) throw new TileMergeError(`${t.name} is tile ${o.tile.index}/${o.tile.count}, ${first.name} tile ${h.tile.index}/${h.tile.count}: tiles of one job share N`);
  }
  const total = h.total, F = h.fields.length, N = h.tile.count;
  const values = h.fields.map(() => new Float64Array(total).fill(NaN));
  const computed = new Uint8Array(total);
  const owner = new Array<string | undefined>(total);
  const byIndex = new Map<number, NamedTile>();
  for (const t of tiles) {
    const k = t.tile.header.tile.index;
    const seen = byIndex.get(k);
    if (seen) throw new TileMergeError(`${t.name} and ${seen.name} are both tile ${k}/${N}: keep one`);
    byIndex.set(k, t);
    for (const b of t.tile.blocks) {
      const r = blockRange(b);
      for (let p = r.start; p < r.end; p++) {
        if (computed[p]) throw new TileMergeError(`${t.name} and ${owner[p]} both hold point ${p}: the tiles overlap`);
        computed[p] = 1;
        owner[p] = t.name;
        for (let f = 0; f < F; f++) values[f][p] = b.values[f][p - r.start];
      }
    }
  }
  const missing: MissingTile[] = [];
  for (let k = 0; k < N; k++) {
    const t = byIndex.get(k);
    const range = { start: Math.floor((k * total) / N), end: Math.floor(((k + 1) * total) / N) };
    const gaps = t ? missingRanges(t.tile.header.range, t.tile.blocks.map(blockRange)) : [range];
    if (gaps.length === 0 || range.end === range.start) continue;
    const partial = t !== undefined && t.tile.blocks.length > 0;
    missing.push({ tile: { index: k, count: N }, partial, argv: tileArgv((t ?? first).tile.header.argv, { index: k, count: N }, partial) });
  }
  return { header: h, context: first.tile.context, values, computed, missing };
}
