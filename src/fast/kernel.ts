// Loading the WebAssembly kernel (src/fast/wat/*.wat, assembled at build time into
// kernel.generated.ts) and the typed view of its exports.
//
// The module is compiled once, lazily, and shared: the main thread instantiates it
// synchronously; the worker pool receives the compiled module by postMessage. Every
// instance imports one shared memory sized for its job (see layout.ts), so results are
// written in place and the fields handed back are views of that memory: no copies.

import { KERNEL_PARAMS, KERNEL_WASM_BASE64 } from "./kernel.generated.js";
import { base64Bytes, unshareMemoryImports } from "./unshared.js";

/** The part of the WebAssembly JS API used here (lib ES2022 has no WebAssembly types). */
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}
export type WasmModule = { readonly __brand: "WebAssembly.Module" };
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: object };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const wasmApi = (): WasmApi => (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The kernel's exports (src/fast/wat/): gridded evaluation, many-start SGD, test entry points. */
export type KernelFn = keyof typeof KERNEL_PARAMS;
/**
 * Named arguments of export F, one per WAT parameter (pointers are byte offsets into the
 * memory; codes and counts are numbers too). The names and their order come from the WAT
 * (KERNEL_PARAMS, generated at build time), so a call cannot pass them out of order.
 * grid: rows [lo, hi) of a grid (wat/5-grid.wat), loss 0 MSE / 1 BCE, full 1 for all seven
 * fields or 0 for the first four; points: points [lo, hi) of parallel (w, b) lists;
 * train_sgd: all epochs of mini-batch SGD for starts [lo, hi) (wat/6-train.wat).
 */
export type KernelArgs<F extends KernelFn> = { [P in (typeof KERNEL_PARAMS)[F][number]]: number };
export type KernelExports = { [F in KernelFn]: (...args: number[]) => void };

/** Calls export `fn` with named arguments, passed in the WAT's parameter order. */
export function callKernel<F extends KernelFn>(k: KernelExports, fn: F, args: KernelArgs<F>): void {
  const named = args as Record<string, number>;
  const order: readonly string[] | undefined = KERNEL_PARAMS[fn];
  if (!order) throw new TypeError(`the kernel has no export "${fn}"`);
  k[fn](...order.map((p) => named[p]));
}

/**
 * Whether memories are shared: always in Node; in a browser only on a cross-origin-
 * isolated page. Without it the kernel runs on the calling thread only (see unshared.ts).
 */
export const SHARED_MEMORY = typeof SharedArrayBuffer !== "undefined";

/** The kernel binary, its memory import shared or not. */
export function kernelBytes(shared: boolean = SHARED_MEMORY): Uint8Array {
  const bytes = base64Bytes(KERNEL_WASM_BASE64);
  return shared ? bytes : unshareMemoryImports(bytes);
}

let compiled: WasmModule | undefined;

/** The compiled kernel module (compiled on first use, then reused). */
export function kernelModule(): WasmModule {
  compiled ??= new (wasmApi().Module)(kernelBytes());
  return compiled;
}

export function instantiateKernel(memory: WasmMemory, module: WasmModule = kernelModule()): KernelExports {
  return new (wasmApi().Instance)(module, { env: { memory } }).exports as KernelExports;
}

const PAGE = 65536;
/** wasm32 addresses 4 GiB; V8 allows 65536 pages. */
export const MAX_MEMORY_BYTES = 65536 * PAGE;

/**
 * A shared memory of at least `bytes` bytes, fixed size (so views never detach), with the
 * kernel's exp table in place (bytes [0, 2048)), ready for any thread's instance.
 * Throws RangeError with the size when the job cannot be addressed or allocated.
 */
export function makeMemory(bytes: number, what: string): WasmMemory {
  const memory = allocate(bytes, what);
  callKernel(instantiateKernel(memory), "init_tables", {});
  return memory;
}

function allocate(bytes: number, what: string): WasmMemory {
  const mib = (bytes / 2 ** 20).toFixed(0);
  if (bytes > MAX_MEMORY_BYTES) {
    throw new RangeError(`${what} needs ${mib} MiB, more than the 4 GiB the WebAssembly kernel can address`);
  }
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  try {
    return new (wasmApi().Memory)({ initial: pages, maximum: pages, shared: SHARED_MEMORY });
  } catch {
    throw new RangeError(`${what} needs ${mib} MiB of memory, which could not be allocated`);
  }
}
