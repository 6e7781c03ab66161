// Li et al.'s surface file (loss-landscape's plot_surface.py) through h5wasm, the HDF5
// C library compiled to WebAssembly: datasets xcoordinates, ycoordinates (2-D only),
// train_loss and train_acc (in percent, as their evaluation.py returns it), plus our
// own datasets and attributes. Values are laid out as their plot_2D.py reads them,
// Z[i][k] = value at (x[k], y[i]), i.e. rows by y: the flat order of their files (a
// meshgrid(x, y).ravel() walk), under the shape [len(y), len(x)]. Their files declare
// [len(x), len(y)] instead, which is the same only for square grids; ours stays right
// for non-square ones. HDF5 stamps objects with the time of writing: the clock reads 0
// while the file is built, so the same slice gives the same bytes.

import h5wasm from "h5wasm";

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
