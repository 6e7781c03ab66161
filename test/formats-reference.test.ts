// The formats against files the reference tools wrote (scripts/make-format-fixtures.py):
// safetensors from Python's safetensors.torch.save_file (an nn.Sequential's state_dict, and
// F32 / F64 tensors keyed by name), and surface files in Li et al.'s layout from h5py, as
// their plot_surface.py lays them out (declared [len(x), len(y)], filled in meshgrid order).

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { layersToTheta, parseSafetensors, readKeyed, readSurfaceH5, safetensorsLayers, safetensorsMeta, serializeSafetensors, thetaToRawLayers } from "../src/formats/index.js";
import { layerShapes, type Architecture } from "../src/nn/architecture.js";

const fx = (name: string): Uint8Array => new Uint8Array(readFileSync(fileURLToPath(new URL(`./fixtures/formats/${name}`, import.meta.url))));
const ref = JSON.parse(new TextDecoder().decode(fx("reference.json"))) as {
  torchSequential: Record<string, { shape: number[]; values: number[] }>;
  mixed: Record<string, { dtype: string; shape: number[]; values: number[] }>;
  surface2d: { x: number[]; y: number[] };
  surface1d: { x: number[] };
};
// The formulas the script filled the surfaces with.
const lossAt = (x: number, y: number): number => x * x + 3.0 * y + 0.25 * x * y;
const accAt = (x: number, y: number): number => 50.0 + 10.0 * x - 5.0 * y;

describe("safetensors written by Python's safetensors.torch", () => {
  const file = fx("torch-sequential.safetensors");
  const arch: Architecture = { inputs: 2, hidden: [4, 3], activation: "tanh" };

  it("reads every tensor of the state_dict with its shape and exact values", () => {
    const tensors = parseSafetensors(file, "torch-sequential.safetensors");
    expect([...tensors.keys()].sort()).toEqual(Object.keys(ref.torchSequential).sort());
    for (const [name, t] of Object.entries(ref.torchSequential)) {
      expect(tensors.get(name)!.shape).toEqual(t.shape);
      expect(Array.from(tensors.get(name)!.data)).toEqual(t.values);
    }
    expect(safetensorsMeta(file).activation).toBe("tanh");
  });

  it("takes the Linear layers in module order into θ (weight out × in, then bias)", () => {
    const theta = layersToTheta(safetensorsLayers(file, "f"), arch, "f");
    layerShapes(arch).forEach((s, l) => {
      expect(Array.from(theta.subarray(s.weightOffset, s.biasOffset))).toEqual(ref.torchSequential[`${2 * l}.weight`]!.values);
      expect(Array.from(theta.subarray(s.biasOffset, s.biasOffset + s.fanOut))).toEqual(ref.torchSequential[`${2 * l}.bias`]!.values);
    });
  });

  it("writes the same tensors (names, dtype, shapes, bytes of data) as save_file did", () => {
    const theta = layersToTheta(safetensorsLayers(file, "f"), arch, "f");
    const ours = parseSafetensors(serializeSafetensors(thetaToRawLayers(arch, theta)), "ours");
    const theirs = parseSafetensors(file, "theirs");
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [name, t] of theirs) expect({ shape: ours.get(name)!.shape, data: Array.from(ours.get(name)!.data) }).toEqual({ shape: t.shape, data: Array.from(t.data) });
    // Both pad the header with spaces to a multiple of 8 bytes.
    const n = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
  });

  it("widens F32 tensors to float64 exactly and reads them by parameter name", () => {
    const mixed = fx("mixed-dtypes.safetensors");
    let offset = 0;
    const params = Object.entries(ref.mixed).map(([name, t]) => {
      const size = t.values.length;
      const p = { name, shape: t.shape, offset, size };
      offset += size;
      return p;
    });
    const flat = readKeyed(mixed, params, "mixed-dtypes.safetensors");
    for (const p of params) expect(Array.from(flat.subarray(p.offset, p.offset + p.size))).toEqual(ref.mixed[p.name]!.values);
    expect(ref.mixed["scale"]!.dtype).toBe("torch.float32");
    expect(flat[flat.length - 1]).toBe(Math.fround(-2.5));
    expect(flat[flat.length - 2]).toBe(Math.fround(0.1));
  });
});

describe("HDF5 surface files written by h5py in Li et al.'s layout", () => {
  it("2-D: Z[i][k] is the value at (x[k], y[i]), train_acc in percent, dir_file as metadata", async () => {
    const s = await readSurfaceH5(fx("li-surface-2d.h5"));
    expect(Array.from(s.x)).toEqual(ref.surface2d.x);
    expect(Array.from(s.y!)).toEqual(ref.surface2d.y);
    const loss = s.fields.find((f) => f.name === "train_loss")!.data;
    const acc = s.fields.find((f) => f.name === "train_acc")!.data;
    const nx = s.x.length;
    expect(loss.length).toBe(nx * s.y!.length);
    s.y!.forEach((y, i) =>
      s.x.forEach((x, k) => {
        expect(loss[i * nx + k]).toBe(lossAt(x, y));
        expect(acc[i * nx + k]).toBe(accAt(x, y));
      }),
    );
    expect(s.vectors).toEqual([]);
    expect(s.attributes.dir_file).toMatch(/\.h5$/);
  }, 60_000);

  it("1-D: the fields along xcoordinates, no y", async () => {
    const s = await readSurfaceH5(fx("li-surface-1d.h5"));
    expect(s.y).toBeNull();
    expect(Array.from(s.x)).toEqual(ref.surface1d.x);
    expect(Array.from(s.fields.find((f) => f.name === "train_loss")!.data)).toEqual(Array.from(s.x, (x) => lossAt(x, 0)));
  }, 60_000);
});
