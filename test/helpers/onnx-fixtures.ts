// The ONNX fixture cases the model tests share: a PyTorch-exported model with its data, loaded
// as the library does, and the error measure they compare against the reference numbers with.

import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { npzData } from "../../src/model/model-data.js";
import type { Model, ModelData } from "../../src/model/model.js";
import { graphModel } from "../../src/model/onnx-model.js";
import { loadOnnx, type LoadedModel } from "../../src/onnx/load.js";

/** max |a − b| / max |b|: relative to the vector's scale (lengths must agree). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

/** A folder of fixtures: its reference JSON by case name, and each case's model and data. */
export function fixtureDir(dir: URL, referenceFile: string): {
  ref: Record<string, any>;
  read(file: string): Uint8Array;
  load(name: string): { loaded: LoadedModel; model: Model; data: ModelData };
} {
  const read = (file: string): Uint8Array => readFileSync(new URL(file, dir));
  return {
    ref: JSON.parse(readFileSync(new URL(referenceFile, dir), "utf8")) as Record<string, any>,
    read,
    load(name) {
      const loaded = loadOnnx(read(`${name}.onnx`), `${name}.onnx`);
      return { loaded, model: graphModel(loaded.graph), data: npzData(read(`${name}.npz`), `${name}.npz`) };
    },
  };
}
