// NumPy's .npz (np.savez and np.savez_compressed): a zip archive of NAME.npy members, unpacked
// with fflate (stored and deflated members alike).

import { unzipSync } from "fflate";
import { DataError } from "./csv.js";
import { parseNpy, type NpyArray } from "./npy.js";

export function parseNpz(bytes: Uint8Array, source: string): Map<string, NpyArray> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new DataError(`${source} is not a .npz (zip) archive or is truncated (${(e as Error).message})`);
  }
  const out = new Map<string, NpyArray>();
  for (const [name, data] of Object.entries(files)) {
    if (!name.endsWith(".npy")) continue;
    const key = name.slice(0, -4);
    out.set(key, parseNpy(data, `${source}:${name}`));
  }
  return out;
}
