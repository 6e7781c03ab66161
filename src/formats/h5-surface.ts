// Li et al.'s surface file (loss-landscape's plot_surface.py) through h5wasm, the HDF5
// C library compiled to WebAssembly: datasets xcoordinates, ycoordinates (2-D only),
// train_loss and train_acc (in percent, as their evaluation.py returns it), plus our
// own datasets and attributes. Values are laid out as their plot_2D.py reads them,
// Z[i][k] = value at (x[k], y[i]), i.e. rows by y: the flat order of their files (a
// meshgrid(x, y).ravel() walk), under the shape [len(y), len(x)]. Their files declare
// [len(x), len(y)] instead, which is the same only for square grids; ours stays right
// for non-square ones. HDF5 stamps objects with the time of writing: the clock reads 0
// while the file is built, so the same slice gives the same bytes. The reader takes ours
// and theirs (h5py's, any float dtype) back to the same plain data.

/** h5wasm loaded on first use: the WebAssembly module takes over a second to load. */
async function hdf5(): Promise<typeof import("h5wasm").default> {
  const h5wasm = (await import("h5wasm")).default;
  await h5wasm.ready;
  return h5wasm;
}

export interface SurfaceFile {
  /** α of each column. */
  x: Float64Array;
  /** β of each row; null for a 1-D slice. */
  y: Float64Array | null;
  /** Datasets of one value per point, row-major [len(y)][len(x)] (or [len(x)]); NaN where not computed. */
  fields: ReadonlyArray<{ name: string; data: Float64Array }>;
  /** Further datasets (directions, …), written flat. */
  vectors: ReadonlyArray<{ name: string; data: Float64Array }>;
  /** Root attributes: strings (JSON for structured ones) and numbers. */
  attributes: Readonly<Record<string, string | number>>;
}

/** The bytes of the HDF5 file. */
export async function surfaceH5(s: SurfaceFile): Promise<Uint8Array> {
  const h5wasm = await hdf5();
  const { FS } = await h5wasm.ready;
  if (!FS) throw new Error("h5wasm: no in-memory file system");
  // One fixed name: nothing awaits between creating and removing it.
  const name = "/surface.h5";
  const shape = s.y ? [s.y.length, s.x.length] : [s.x.length];
  const realNow = Date.now;
  Date.now = () => 0;
  try {
    const f = new h5wasm.File(name, "w");
    try {
      f.create_dataset({ name: "xcoordinates", data: s.x });
      if (s.y) f.create_dataset({ name: "ycoordinates", data: s.y });
      for (const fl of s.fields) f.create_dataset({ name: fl.name, data: fl.data, shape });
      for (const v of s.vectors) f.create_dataset({ name: v.name, data: v.data });
      for (const [k, v] of Object.entries(s.attributes)) f.create_attribute(k, v);
    } finally {
      f.close();
    }
    return FS.readFile(name);
  } finally {
    Date.now = realNow;
    try {
      FS.unlink(name);
    } catch {
      // never created
    }
  }
}

/** The datasets that are vectors, not per-point fields, whatever their length. */
const VECTOR_NAMES = new Set(["d1", "d2"]);

const numbers = (v: unknown, name: string): Float64Array => {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array)) return Float64Array.from(v as unknown as ArrayLike<number>);
  if (typeof v === "number") return Float64Array.of(v);
  throw new RangeError(`dataset ${name} is not numeric`);
};

/**
 * Reads a surface file's bytes: xcoordinates (and ycoordinates), every dataset of one value
 * per point as a field (flat, in the file's order: rows by y), every other dataset as a
 * vector, and the root attributes (strings and numbers; others as JSON) with any string
 * dataset (their dir_file).
 */
export async function readSurfaceH5(bytes: Uint8Array): Promise<SurfaceFile> {
  const h5wasm = await hdf5();
  const { FS } = await h5wasm.ready;
  if (!FS) throw new Error("h5wasm: no in-memory file system");
  const name = "/surface-read.h5";
  FS.writeFile(name, bytes);
  try {
    const f = new h5wasm.File(name, "r");
    try {
      const data = (key: string): Float64Array | null => {
        const d = f.get(key);
        return d instanceof h5wasm.Dataset ? numbers(d.value, key) : null;
      };
      const x = data("xcoordinates");
      if (!x) throw new RangeError("no xcoordinates dataset: not a surface file in Li et al.'s layout");
      const y = data("ycoordinates");
      const points = x.length * (y ? y.length : 1);
      const attributes: Record<string, string | number> = {};
      const fields: Array<{ name: string; data: Float64Array }> = [];
      const vectors: Array<{ name: string; data: Float64Array }> = [];
      for (const key of f.keys()) {
        if (key === "xcoordinates" || key === "ycoordinates") continue;
        const d = f.get(key);
        if (!(d instanceof h5wasm.Dataset)) continue;
        // Their files hold the direction file's name as a string dataset (dir_file): metadata.
        if (typeof d.value === "string") {
          attributes[key] = d.value;
          continue;
        }
        const values = numbers(d.value, key);
        const rank = d.shape?.length ?? 0;
        const isField = !VECTOR_NAMES.has(key) && values.length === points && rank === (y ? 2 : 1);
        (isField ? fields : vectors).push({ name: key, data: values });
      }
      for (const [k, a] of Object.entries(f.attrs)) {
        const v = a.value;
        attributes[k] = typeof v === "string" || typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : JSON.stringify(a.json_value);
      }
      return { x, y, fields, vectors, attributes };
    } finally {
      f.close();
    }
  } finally {
    FS.unlink(name);
  }
}
