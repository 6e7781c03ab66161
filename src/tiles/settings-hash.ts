// The settings hash of a tiled job: one digest per thing that determines a value (data
// content, model and parameter content, directions, loss, ranges, subsampling, package
// version), and the hash of them all. Tiles agree when their hashes do; when they do not,
// the per-setting digests name what differs.

import { createHash } from "node:crypto";

export type Settings = Readonly<Record<string, string>>;

/** SHA-256 (hex) of the bytes of float64 arrays and strings, in order. */
export function contentDigest(parts: ReadonlyArray<ArrayLike<number> | string | null>): string {
  const h = createHash("sha256");
  for (const p of parts) {
    if (p === null) h.update("\u0000null");
    else if (typeof p === "string") h.update(`\u0000s${p.length}:${p}`);
    else {
      const a = p instanceof Float64Array ? p : Float64Array.from(p);
      h.update(`\u0000f${a.length}:`);
      h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    }
  }
  return h.digest("hex");
}

/** The hash of all settings (keys sorted, so the order they were listed in does not matter). */
export function settingsHash(s: Settings): string {
  const keys = Object.keys(s).sort();
  return createHash("sha256").update(JSON.stringify(keys.map((k) => [k, s[k]]))).digest("hex");
}

/** The settings whose values differ between a and b (present in only one counts). */
export function differingSettings(a: Settings, b: Settings): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => a[k] !== b[k]);
}
