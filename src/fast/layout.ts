// Memory layout of one kernel job and the sample records the kernel reads: the one place
// that decides where anything lives in a job's memory.
//
// [0, 2048)         the exp table (wat/1b-exp-table.wat), copied in by init_tables
// [2048, SCRATCH)   per-thread scratch for the kernel's sums (ACC_BYTES each) and the
//                   i32 words the pool's threads share (chunk counter, done, failed)
// Grid jobs (planLayout):
//   samples         24-byte records (x, sign mask, label mask), see wat/0-module.wat
//   w, b            axis values, each padded to a multiple of 4 (the kernel evaluates
//                   four points, two f64x2 vectors, at a time)
//   fields          7 (or 4) fields × count f64, field f at out + f·stride
// Many-start training jobs (planManyLayout):
//   epoch records   with shuffle, every epoch's samples in its batch order
//   samples         in data order (the final full-data evaluation, and unshuffled epochs)
//   w, b, first     starts (updated in place), first epoch reaching the target
//   fields          the final evaluation's 7 fields × S
// All offsets are 16-byte aligned.

import type { Dataset } from "../data/dataset.js";

/** Bytes at offset 0 holding the kernel's exp table. */
export const TABLE_BYTES = 2048;
/** Scratch per thread for the sums of four points (2 × 7 × 16 bytes, rounded up). */
export const ACC_BYTES = 256;
export const MAX_THREADS = 32;
/** Byte offset of thread `slot`'s scratch. */
export const accOffset = (slot: number): number => TABLE_BYTES + slot * ACC_BYTES;
/** Byte offset of the pool's shared i32 words (chunk counter, workers done, failure). */
export const COUNTER = accOffset(MAX_THREADS);
/** Words at COUNTER: [0] next chunk, [1] workers done, [2] a worker failed. */
export const STATE_WORDS = 3;
const SCRATCH = COUNTER + 16;
export const RECORD_BYTES = 24;
const SIGN = -(2n ** 63n);

const align16 = (n: number): number => Math.ceil(n / 16) * 16;
/** n rounded up to a multiple of 4. */
export const padded = (n: number): number => Math.ceil(n / 4) * 4;

/**
 * Hands out 16-byte-aligned float64 regions of a network job's engine memory, from just past the
 * shared words (COUNTER) upwards; `end()` is the bytes the memory must have.
 */
export function engineArena(): { take(entries: number): number; end(): number } {
  let at = Math.ceil((COUNTER + 16) / 16) * 16;
  return {
    take(entries) {
      const o = at;
      at = Math.ceil((at + 8 * entries) / 16) * 16;
      return o;
    },
    end: () => at,
  };
}

export interface Layout {
  sp: number;
  wp: number;
  bp: number;
  out: number;
  /** Bytes between fields. */
  stride: number;
  bytes: number;
}

/** Layout for n samples, wCount/bCount axis values and `points` output points × `fields` fields. */
export function planLayout(n: number, wCount: number, bCount: number, points: number, fields = 7): Layout {
  const sp = SCRATCH;
  const wp = align16(sp + n * RECORD_BYTES);
  const bp = align16(wp + 8 * padded(wCount));
  const out = align16(bp + 8 * padded(bCount));
  const stride = align16(8 * points);
  return { sp, wp, bp, out, stride, bytes: out + fields * stride };
}

export interface ManyLayout {
  /** Epoch e's sample records at epochs + e·epochBytes (epochBytes 0: all at samples). */
  epochs: number;
  epochBytes: number;
  /** The samples in data order. */
  samples: number;
  wp: number;
  bp: number;
  /** First epoch reaching the target, f64 per start (−1 while none). */
  fp: number;
  out: number;
  stride: number;
  bytes: number;
}

/**
 * Layout for training S starts over n samples, `epochs` epochs per kernel call; with
 * shuffle each of those epochs' orders is stored (n records per epoch), otherwise all
 * epochs read `samples`.
 */
export function planManyLayout(n: number, S: number, epochs: number, shuffle: boolean): ManyLayout {
  const recordBytes = n * RECORD_BYTES;
  const epochBytes = shuffle ? recordBytes : 0;
  const first = SCRATCH;
  const samples = align16(first + epochBytes * epochs);
  const pad = 8 * padded(S);
  const wp = align16(samples + recordBytes);
  const bp = wp + pad;
  const fp = bp + pad;
  const out = fp + pad;
  const stride = align16(8 * S);
  return { epochs: shuffle ? first : samples, epochBytes, samples, wp, bp, fp, out, stride, bytes: out + 7 * stride };
}

/** True when every label is 0 or 1, the case the kernel implements. */
export function binaryLabels(data: Dataset): boolean {
  for (const v of data.y) if (v !== 0 && v !== 1) return false;
  return true;
}

/** Writes sample records for data (in the given order, default identity) at byte offset sp. */
export function writeSamples(buffer: SharedArrayBuffer, sp: number, data: Dataset, order?: Uint32Array): void {
  const n = data.x.length;
  const f = new Float64Array(buffer, sp, 3 * n);
  const i = new BigInt64Array(buffer, sp, 3 * n);
  for (let k = 0; k < n; k++) {
    const s = order ? order[k] : k;
    const one = data.y[s] === 1;
    f[3 * k] = data.x[s];
    i[3 * k + 1] = one ? SIGN : 0n;
    i[3 * k + 2] = one ? -1n : 0n;
  }
}

/** Copies values to byte offset p, padded to a multiple of 4 by repeating the last. */
export function writePadded(buffer: SharedArrayBuffer, p: number, values: Float64Array): void {
  const n = values.length;
  const v = new Float64Array(buffer, p, padded(n));
  v.set(values);
  v.fill(values[n - 1], n);
}
