// The file of one tile (or of a single run's checkpoint): JSON Lines, appended to as
// blocks of points finish, so a run killed at any moment leaves every finished block.
//   line 1: the header (command, settings and their hash, tile, point range, fields,
//           the command line that computes the tile);
//   line 2: {"context": …}: what the command needs besides the values to write its
//           output (axes, directions, metadata), identical in every tile;
//   then:   {"at": p, "values": [[field 0 of points p…], [field 1…], …]} per block.
// A line without its newline, or that does not parse, ends the file: it is what a kill
// during the write left, and it is dropped (and cut away on resume).

import { settingsHash, type Settings } from "./settings-hash.js";
import type { PointRange, TileSpec } from "./tile-spec.js";

export const TILE_FORMAT = "loss-landscape-tile";
export const TILE_FORMAT_VERSION = 1;

export interface TileHeader {
  command: string;
  hash: string;
  settings: Settings;
  tile: TileSpec;
  /** Points of the whole job. */
  total: number;
  range: PointRange;
  fields: string[];
  /** The command's arguments after its name, with --tile K/N for this tile. */
  argv: string[];
}

export interface TileBlock {
  at: number;
  /** One array per field, all of the same length. */
  values: Float64Array[];
}

export interface ParsedTile {
  header: TileHeader;
  context: unknown;
  blocks: TileBlock[];
  /** Bytes of the file up to the end of the last whole line kept. */
  validBytes: number;
}

/** A tile file that cannot be read as one (exit 2 in the CLI). */
export class TileFileError extends Error {
  override name = "TileFileError";
}

export function makeTileHeader(h: Omit<TileHeader, "hash">): TileHeader {
  return { ...h, hash: settingsHash(h.settings) };
}

const numbers = (v: ArrayLike<number>): string => {
  const parts = new Array<string>(v.length);
  for (let i = 0; i < v.length; i++) parts[i] = Number.isFinite(v[i]) ? String(v[i]) : "null";
  return `[${parts.join(",")}]`;
};

/** The first two lines of a tile file. */
export function tileHead(header: TileHeader, context: unknown): string {
  const { command, hash, settings, tile, total, range, fields, argv } = header;
  return `${JSON.stringify({ format: TILE_FORMAT, version: TILE_FORMAT_VERSION, command, hash, settings, tile, total, range, fields, argv })}\n${JSON.stringify({ context })}\n`;
}

/** One block's line. */
export function tileBlockLine(b: TileBlock): string {
  return `{"at":${b.at},"values":[${b.values.map(numbers).join(",")}]}\n`;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function checkHeader(v: unknown): TileHeader {
  if (!isObj(v) || v.format !== TILE_FORMAT) throw new TileFileError("is not a loss-landscape tile file");
  if (v.version !== TILE_FORMAT_VERSION) throw new TileFileError(`is a tile file of format version ${String(v.version)}; this version reads ${TILE_FORMAT_VERSION}`);
  const { command, hash, settings, tile, total, range, fields, argv } = v;
  const ok =
    typeof command === "string" && typeof hash === "string" && isObj(settings) && Object.values(settings).every((s) => typeof s === "string") &&
    isObj(tile) && isInt(tile.index) && isInt(tile.count) && tile.index < tile.count &&
    isInt(total) && isObj(range) && isInt(range.start) && isInt(range.end) && range.start <= range.end && range.end <= total &&
    Array.isArray(fields) && fields.length > 0 && fields.every((f) => typeof f === "string") && Array.isArray(argv) && argv.every((a) => typeof a === "string");
  if (!ok) throw new TileFileError("has a malformed header line");
  const h = v as unknown as TileHeader;
  if (settingsHash(h.settings) !== h.hash) throw new TileFileError("has a header whose settings do not match its hash");
  return { command: h.command, hash: h.hash, settings: h.settings, tile: { index: h.tile.index, count: h.tile.count }, total: h.total, range: { start: h.range.start, end: h.range.end }, fields: h.fields, argv: h.argv };
}

function parseBlock(line: string, h: TileHeader): TileBlock | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isObj(v) || !isInt(v.at) || !Array.isArray(v.values) || v.values.length !== h.fields.length) return null;
  const len = (v.values[0] as unknown[] | undefined)?.length ?? 0;
  const values: Float64Array[] = [];
  for (const f of v.values as unknown[]) {
    if (!Array.isArray(f) || f.length !== len || !f.every((x) => x === null || typeof x === "number")) return null;
    values.push(Float64Array.from(f, (x) => (x === null ? NaN : (x as number))));
  }
  if (len === 0 || v.at < h.range.start || v.at + len > h.range.end) return null;
  return { at: v.at, values };
}

/** Parses a tile file's text; throws TileFileError when its first two lines are not a tile's. */
export function parseTileFile(text: string): ParsedTile {
  const nl1 = text.indexOf("\n");
  const nl2 = nl1 < 0 ? -1 : text.indexOf("\n", nl1 + 1);
  if (nl2 < 0) throw new TileFileError(text.length === 0 ? "is empty" : "ends inside its header (the run was killed as it started)");
  let header: TileHeader, context: unknown;
  try {
    header = checkHeader(JSON.parse(text.slice(0, nl1)));
    const c = JSON.parse(text.slice(nl1 + 1, nl2)) as unknown;
    if (!isObj(c) || !("context" in c)) throw new TileFileError("has no context line");
    context = c.context;
  } catch (err) {
    if (err instanceof TileFileError) throw err;
    throw new TileFileError("is not a loss-landscape tile file (its first lines are not JSON)");
  }
  const blocks: TileBlock[] = [];
  let pos = nl2 + 1;
  for (;;) {
    const nl = text.indexOf("\n", pos);
    if (nl < 0) break;
    const b = parseBlock(text.slice(pos, nl), header);
    if (b === null) break;
    blocks.push(b);
    pos = nl + 1;
  }
  return { header, context, blocks, validBytes: Buffer.byteLength(text.slice(0, pos), "utf8") };
}

/** The sub-ranges of `range` that no block covers, in order. */
export function missingRanges(range: PointRange, covered: ReadonlyArray<PointRange>): PointRange[] {
  const sorted = [...covered].sort((a, b) => a.start - b.start);
  const out: PointRange[] = [];
  let at = range.start;
  for (const c of sorted) {
    if (c.start > at) out.push({ start: at, end: Math.min(c.start, range.end) });
    at = Math.max(at, c.end);
    if (at >= range.end) break;
  }
  if (at < range.end) out.push({ start: at, end: range.end });
  return out.filter((r) => r.end > r.start);
}

export const blockRange = (b: TileBlock): PointRange => ({ start: b.at, end: b.at + b.values[0].length });
