// NumPy's .npy format (numpy.lib.format, versions 1–3): magic "\x93NUMPY", a version, a header
// length, a Python-literal header {'descr', 'fortran_order', 'shape'}, then the array's bytes.
// Every numeric dtype is read as float64; Fortran order and object arrays are refused.
// .npz files are zip archives of .npy members (npz.ts).

import { DataError } from "./csv.js";

export interface NpyArray {
  shape: number[];
  data: Float64Array;
  /** NumPy's dtype kind: f (float), i (signed), u (unsigned), b (bool). */
  kind: "f" | "i" | "u" | "b";
}

export function parseNpy(bytes: Uint8Array, source: string): NpyArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) throw new DataError(`${source} is not a .npy array (no \\x93NUMPY magic)`);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw new DataError(`${source}: the .npy header runs past the end of the file`);
  const header = new TextDecoder("latin1").decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new DataError(`${source}: the .npy header is not understood (${header.trim()})`);
  if (fortran === "True") throw new DataError(`${source}: Fortran-ordered arrays are not read; save with np.ascontiguousarray`);
  const shape = shapeText
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new DataError(`${source}: invalid shape (${shapeText})`);
  const m = /^([<>|=])([fiub])(\d+)$/.exec(descr);
  if (!m) throw new DataError(`${source}: dtype ${descr} is not read (float, int, uint and bool arrays are)`);
  const little = m[1] !== ">";
  const kind = m[2] as NpyArray["kind"];
  const size = Number(m[3]);
  const read = reader(view, kind, size, little);
  if (!read) throw new DataError(`${source}: dtype ${descr} is not read (float32/64, integers up to 64 bits, bool)`);
  const n = shape.reduce((a, b) => a * b, 1);
  const base = start + headerLen;
  if (base + n * size > bytes.length) throw new DataError(`${source}: the array needs ${n * size} bytes, the file holds ${bytes.length - base} (truncated?)`);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = read(base + i * size);
  return { shape, data, kind };
}

function reader(v: DataView, kind: string, size: number, le: boolean): ((at: number) => number) | null {
  if (kind === "f" && size === 8) return (at) => v.getFloat64(at, le);
  if (kind === "f" && size === 4) return (at) => v.getFloat32(at, le);
  if (kind === "b" && size === 1) return (at) => v.getUint8(at);
  if (kind === "i") {
    if (size === 1) return (at) => v.getInt8(at);
    if (size === 2) return (at) => v.getInt16(at, le);
    if (size === 4) return (at) => v.getInt32(at, le);
    if (size === 8) return (at) => Number(v.getBigInt64(at, le));
  }
  if (kind === "u") {
    if (size === 1) return (at) => v.getUint8(at);
    if (size === 2) return (at) => v.getUint16(at, le);
    if (size === 4) return (at) => v.getUint32(at, le);
    if (size === 8) return (at) => Number(v.getBigUint64(at, le));
  }
  return null;
}
