// The WebAssembly kernel of src/fast/ for a web page. Browsers define SharedArrayBuffer
// (and so shared WebAssembly memory) only on cross-origin-isolated pages, which a page
// opened from file:// or a mail attachment never is. The page therefore runs the same
// compiled kernel on an ordinary memory: the module's memory import is rewritten from
// "shared" to unshared, which changes no instruction (the kernel uses no atomics), so
// every number is the one Node computes. The explorer bundle puts this module in place
// of src/fast/kernel.ts (scripts/build-explorer.mjs); it exports the same names.

import { KERNEL_WASM_BASE64 } from "../fast/kernel.generated.js";
import type { KernelExports, WasmMemory, WasmModule } from "../fast/kernel.js";

export type { KernelExports, WasmMemory, WasmModule } from "../fast/kernel.js";

interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: object };
  Memory: new (d: { initial: number; maximum: number }) => WasmMemory;
}
const wasmApi = (): WasmApi => (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65536;
export const MAX_MEMORY_BYTES = 65536 * PAGE;

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

/** The kernel module with an unshared memory import (compiled on every call; callers keep it). */
export function kernelModule(): WasmModule {
  return new (wasmApi().Module)(unshareMemoryImports(base64Bytes(KERNEL_WASM_BASE64)));
}

export function instantiateKernel(memory: WasmMemory, module: WasmModule = kernelModule()): KernelExports {
  return new (wasmApi().Instance)(module, { env: { memory } }).exports as KernelExports;
}

/** As kernel.ts's makeMemory, on an ordinary (unshared) memory. */
export function makeMemory(bytes: number, what: string): WasmMemory {
  const mib = (bytes / 2 ** 20).toFixed(0);
  if (bytes > MAX_MEMORY_BYTES) throw new RangeError(`${what} needs ${mib} MiB, more than the 4 GiB the WebAssembly kernel can address`);
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  let memory: WasmMemory;
  try {
    memory = new (wasmApi().Memory)({ initial: pages, maximum: pages });
  } catch {
    throw new RangeError(`${what} needs ${mib} MiB of memory, which could not be allocated`);
  }
  instantiateKernel(memory).init_tables();
  return memory;
}
