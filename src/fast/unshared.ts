// The kernel binary for runtimes without shared memory. Browsers define
// SharedArrayBuffer (and shared WebAssembly memory) only on cross-origin-isolated pages,
// which a page opened from file:// or a mail attachment never is (the explorer page).
// There the same module is loaded with its memory import rewritten from shared to
// unshared: no instruction changes (the kernel's atomics are in JavaScript, and those
// work on an ordinary Int32Array too), so every number is the one Node computes.

/** Bytes of a base64 string, without Node's Buffer. */
export function base64Bytes(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Reads an unsigned LEB128 at `at`; returns the value and the offset after it. */
function leb(bytes: Uint8Array, at: number): [number, number] {
  let v = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    if (byte === undefined) throw new Error("truncated WebAssembly module");
    v += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [v, at];
    shift += 7;
  }
}

const SHARED_FLAG = 0x02;

/**
 * A copy of a WebAssembly binary whose imported memories are unshared (limits flag
 * 0x03 "shared, with maximum" becomes 0x01; spec §5.3.8). Sizes do not change.
 */
export function unshareMemoryImports(wasm: Uint8Array): Uint8Array {
  const bytes = wasm.slice();
  let at = 8; // magic and version
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    if (id === 2) {
      let [count, p] = leb(bytes, body);
      while (count-- > 0) {
        for (let name = 0; name < 2; name++) {
          const [len, q] = leb(bytes, p);
          p = q + len;
        }
        const kind = bytes[p++];
        if (kind === 0) p = leb(bytes, p)[1];
        else if (kind === 3) p += 2;
        else {
          if (kind === 1) p++; // a table's element type precedes its limits
          const flag = bytes[p];
          if (kind === 2) bytes[p] = flag & ~SHARED_FLAG;
          p = leb(bytes, p + 1)[1];
          if (flag & 0x01) p = leb(bytes, p)[1];
        }
      }
      return bytes;
    }
    at = body + size;
  }
  return bytes;
}
