// Loading the WebAssembly kernel (src/fast/wat/*.wat, assembled at build time into
// kernel.generated.ts) and the typed view of its exports.
//
// The module is compiled once, lazily, and shared: the main thread instantiates it
// synchronously; the worker pool receives the compiled module by postMessage. Every
// instance imports one shared memory sized for its job (see layout.ts), so results are
// written in place and the fields handed back are views of that memory: no copies.

import { KERNEL_WASM_BASE64 } from "./kernel.generated.js";

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

/** Exports of the kernel (src/fast/wat/); pointers are byte offsets into the memory. */
export interface KernelExports {
  /** Rows [row0, row1) of a grid (see wat/5-grid.wat). loss: 0 MSE, 1 BCE; full: 1 all seven fields, 0 the first four. */
  grid(
    loss: number, sp: number, n: number, wp: number, cols: number, bp: number,
    row0: number, row1: number, out: number, stride: number, acc: number, full: number,
  ): void;
  /** Points [k0, k1) of parallel (w, b) lists. */
  points(loss: number, sp: number, n: number, wp: number, bp: number, k0: number, k1: number, out: number, stride: number, acc: number, full: number): void;
  /** All epochs of mini-batch SGD for starts [s0, s1), with many.ts's first-epoch tracking. */
  train_sgd(
    loss: number, sp: number, n: number, batch: number, epochs: number, epochBytes: number,
    lr: number, target: number, wp: number, bp: number, fp: number, s0: number, s1: number,
  ): void;
  /** In place, n even: exp(x) for x ≤ 0 / log1p(t) for t ≥ 0, as the kernels compute them. */
  exp_neg_array(ptr: number, n: number): void;
  log1p_pos_array(ptr: number, n: number): void;
  /** Copies the exp table into bytes [0, 2048) of the memory (layout.ts). */
  init_tables(): void;
}

let compiled: WasmModule | undefined;

/** The compiled kernel module (compiled on first use, then reused). */
export function kernelModule(): WasmModule {
  compiled ??= new (wasmApi().Module)(Buffer.from(KERNEL_WASM_BASE64, "base64"));
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
  instantiateKernel(memory).init_tables();
  return memory;
}

function allocate(bytes: number, what: string): WasmMemory {
  const mib = (bytes / 2 ** 20).toFixed(0);
  if (bytes > MAX_MEMORY_BYTES) {
    throw new RangeError(`${what} needs ${mib} MiB, more than the 4 GiB the WebAssembly kernel can address`);
  }
  const pages = Math.max(1, Math.ceil(bytes / PAGE));
  try {
    return new (wasmApi().Memory)({ initial: pages, maximum: pages, shared: true });
  } catch {
    throw new RangeError(`${what} needs ${mib} MiB of memory, which could not be allocated`);
  }
}
