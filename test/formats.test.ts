// Every format of src/formats by round trip: plain data → writer → reader gives the same
// numbers back, and writing what was read gives the same text or bytes (so a file read and
// written again is unchanged). NaN (a point a merge left out) survives as null / an empty cell.

import ndarray from "ndarray";
import { describe, expect, it } from "vitest";
import {
  gridCsvChunks, gridJsonChunks, packSafetensors, paramsSpellingOf, parseDirection, parseGridCsv, parseGridJson, parseParamsDocument, parseParamsFile,
  parseSafetensors, parseSliceCsv, parseSliceJson, parseTrajectory, readKeyed, readKeyedTrajectory, readSurfaceH5, safetensorsLayers, serializeDirection,
  serializeParams, serializeParamsFile, serializeSafetensors, sliceCsvChunks, sliceJsonChunks, sliceSurfaceFile, surfaceH5, thetaToRawLayers,
  trajectoryJsonChunks, trajectorySteps, writeKeyed, writeKeyedTrajectory, layersToTheta, type GridFields, type SliceDocument,
} from "../src/formats/index.js";
import { parameterCount, type Architecture } from "../src/nn/architecture.js";

const arch: Architecture = { inputs: 2, hidden: [3, 2], activation: "tanh" };
const P = parameterCount(arch);
// Values whose shortest decimal form is long or unusual, and both signs and magnitudes.
const tricky = [0.1 + 0.2, -1e-300, 5e-324, 1 / 3, -123456.789, 2 ** 53 + 2, Math.PI, -0.5];
const theta = Float64Array.from({ length: P }, (_, i) => tricky[i % tricky.length]! * (i + 1));
const text = (chunks: Iterable<string>): string => [...chunks].join("");
const bytes = (s: string | Uint8Array): Uint8Array => (typeof s === "string" ? new TextEncoder().encode(s) : s);

describe("params files", () => {
  it("JSON: θ back exactly, metadata kept, the same text when written again", () => {
    const t = serializeParams(arch, theta, { activation: "tanh", loss: "bce", version: "9.9.9" } as never);
    const doc = parseParamsDocument(t, "p.json");
    expect(Array.from(layersToTheta(doc.layers, arch, "p.json"))).toEqual(Array.from(theta));
    expect(doc.meta.activation).toBe("tanh");
    expect(serializeParams(arch, layersToTheta(doc.layers, arch, "p.json"), doc.meta)).toBe(t);
  });

  it("safetensors: F64 little-endian tensors named as an nn.Sequential's, header padded to 8, same bytes again", () => {
    for (const names of ["torch-sequential", "plain"] as const) {
      const b = serializeSafetensors(thetaToRawLayers(arch, theta), { names, meta: { activation: "tanh" } });
      const n = Number(new DataView(b.buffer).getBigUint64(0, true));
      expect((8 + n) % 8).toBe(0);
      expect([...parseSafetensors(b, "p").keys()]).toEqual(names === "plain" ? ["0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias"] : ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"]);
      const layers = safetensorsLayers(b, "p");
      expect(Array.from(layersToTheta(layers, arch, "p"))).toEqual(Array.from(theta));
      expect(serializeSafetensors(layers, { names, meta: { activation: "tanh" } })).toEqual(b);
    }
  });

  it("either spelling by extension; directions files are params files", () => {
    expect(paramsSpellingOf("a/B.SafeTensors")).toBe("safetensors");
    expect(paramsSpellingOf("dir.json")).toBe("json");
    for (const spelling of ["json", "safetensors"] as const) {
      const file = bytes(serializeParamsFile(arch, theta, spelling, { meta: { loss: "mse" } }));
      expect(parseParamsFile(file, "f", spelling).meta.loss).toBe("mse");
      const d = theta.map((v) => -2 * v);
      const dir = bytes(serializeDirection(arch, d, spelling));
      expect(Array.from(parseDirection(dir, arch, "d", spelling))).toEqual(Array.from(d));
      expect(() => parseDirection(dir, { ...arch, hidden: [3, 3] }, "d", spelling)).toThrow(/d: layer \d weight has shape/);
    }
  });

  it("keyed safetensors: tensors by parameter name, F32 rounding to float32, missing names refused", () => {
    const params = [
      { name: "conv.weight", shape: [2, 1, 2], offset: 0, size: 4 },
      { name: "fc.bias", shape: [3], offset: 4, size: 3 },
    ];
    const flat = Float64Array.from(tricky.slice(0, 7));
    expect(Array.from(readKeyed(writeKeyed(flat, params, () => "F64"), params, "k"))).toEqual(Array.from(flat));
    const f32 = readKeyed(writeKeyed(flat, params, (n) => (n === "fc.bias" ? "F32" : "F64")), params, "k");
    expect(Array.from(f32.subarray(4))).toEqual(Array.from(Float32Array.from(flat.subarray(4))));
    expect(() => readKeyed(packSafetensors([{ name: "fc.bias", dtype: "F64", shape: [3], values: [flat.subarray(4)] }], null), params, "k")).toThrow(/missing conv\.weight/);
  });
});

describe("trajectories", () => {
  const points = [0, 1, 2, 3].map((t) => theta.map((v) => v * (1 + t / 7)));
  it("JSON: points, steps and every back; the same text again", () => {
    const t = text(trajectoryJsonChunks(points, [0, 4, 8, 10], 4));
    const f = parseTrajectory(t, P);
    expect(f.points.map((p) => Array.from(p))).toEqual(points.map((p) => Array.from(p)));
    expect(f.every).toBe(4);
    expect(trajectorySteps(f)).toEqual([0, 4, 8, 10]);
    expect(text(trajectoryJsonChunks(f.points, f.steps, f.every))).toBe(t);
  });
  it("CSV: one vector a line, a header skipped; steps are the indices", () => {
    const csv = ["w0" + ",x".repeat(P - 1), ...points.map((p) => Array.from(p).join(","))].join("\n") + "\n";
    const f = parseTrajectory(csv, P);
    expect(f.points.map((p) => Array.from(p))).toEqual(points.map((p) => Array.from(p)));
    expect(trajectorySteps(f)).toEqual([0, 1, 2, 3]);
  });
  it("keyed safetensors: [T, ...shape] per parameter, steps in the metadata", () => {
    const params = [
      { name: "w", shape: [P - 2], offset: 0, size: P - 2 },
      { name: "b", shape: [2], offset: P - 2, size: 2 },
    ];
    const f = readKeyedTrajectory(writeKeyedTrajectory(points, [0, 4, 8, 10], 4, params), params, "t");
    expect(f.points.map((p) => Array.from(p))).toEqual(points.map((p) => Array.from(p)));
    expect(f.steps).toEqual([0, 4, 8, 10]);
  });
});

function gridOf(rows: number, cols: number): GridFields {
  const field = (k: number) => ndarray(Float64Array.from({ length: rows * cols }, (_, i) => (i === 3 && k === 1 ? NaN : tricky[(i + k) % tricky.length]! * (k + 1))), [rows, cols]);
  return { loss: "bce", w: Float64Array.from({ length: cols }, (_, j) => -1 + j / 3), b: Float64Array.from({ length: rows }, (_, i) => 0.1 * i), fields: { loss: field(0), gradW: field(1), gradB: field(2), gradNorm: field(3) } };
}

describe("grid JSON and CSV", () => {
  const g = gridOf(3, 4);
  it("JSON: axes and fields back, NaN as null, the same text again", () => {
    const t = text(gridJsonChunks(g));
    expect(t).toContain("null");
    const back = parseGridJson(t);
    expect(back.loss).toBe("bce");
    expect(Array.from(back.fields.gradW.data)).toEqual(Array.from(g.fields.gradW.data));
    expect(back.fields.loss.shape).toEqual([3, 4]);
    expect(text(gridJsonChunks(back))).toBe(t);
  });
  it("CSV: b-major lines back into the grid, the same text again; a line out of order is refused", () => {
    const t = text(gridCsvChunks(g));
    const back = parseGridCsv(t);
    expect(Array.from(back.w)).toEqual(Array.from(g.w));
    expect(Array.from(back.b)).toEqual(Array.from(g.b));
    expect(text(gridCsvChunks(back))).toBe(t);
    const lines = t.split("\n");
    [lines[5], lines[6]] = [lines[6]!, lines[5]!];
    expect(() => parseGridCsv(lines.join("\n"))).toThrow(/line 6.*order/);
    expect(() => parseGridJson('{"loss":"mse","w":[0],"b":[0],"values":[[1]],"gradW":[[1]],"gradB":[[1]]}')).toThrow(/"gradNorm" must hold 1 rows/);
  });
});

function sliceDoc(dims: 1 | 2): SliceDocument {
  const alpha = Float64Array.from([-1, -0.5, 0, 0.5, 1]);
  const beta = dims === 2 ? Float64Array.from([-0.25, 0.25, 0.75]) : Float64Array.of(0);
  const n = alpha.length * beta.length;
  const f = (k: number) => ndarray(Float64Array.from({ length: n }, (_, i) => (i === 2 && k === 0 ? NaN : tricky[(i + k) % tricky.length]! + k)), [beta.length, alpha.length]);
  return {
    header: { loss: "bce", model: { hidden: [3, 2], description: "2-3-2-1 tanh" }, samples: 200 },
    result: { alpha, beta, fields: { loss: f(0), accuracy: f(1), gradNorm: f(2) } },
    d1: theta,
    d2: dims === 2 ? theta.map((v) => -v) : null,
    directionMeta: { kind: "random", seed: 3, normalization: "filter" },
    trajectory: dims === 2 ? [{ step: 0, alpha: 0.1, beta: -0.2, offPlane: 0.3, offPlaneFraction: 0.01, loss: 0.69, planeLoss: 0.7 }] : null,
    extraFields: [{ name: "lossStandardError", h5Name: "train_loss_sem", data: Float64Array.from({ length: n }, (_, i) => i / 7) }],
  };
}

describe("slice JSON and CSV", () => {
  for (const dims of [1, 2] as const) {
    it(`${dims}-D JSON: the whole document back, the same text again`, () => {
      const doc = sliceDoc(dims);
      const t = text(sliceJsonChunks(doc));
      const back = parseSliceJson(t);
      expect(back.header).toEqual(doc.header);
      expect(back.directionMeta).toEqual(doc.directionMeta);
      expect(back.trajectory).toEqual(doc.trajectory);
      expect(back.extraFields?.[0]?.h5Name).toBe("train_loss_sem");
      expect(Array.from(back.result.fields.loss.data)).toEqual(Array.from(doc.result.fields.loss.data));
      expect(text(sliceJsonChunks(back))).toBe(t);
    });
  }
  it("CSV: fields and extra columns back, the same text again", () => {
    const doc = sliceDoc(2);
    const t = text(sliceCsvChunks(doc.result, doc.extraFields));
    const back = parseSliceCsv(t);
    expect(Array.from(back.result.beta)).toEqual(Array.from(doc.result.beta));
    expect(back.extraFields.map((e) => e.name)).toEqual(["lossStandardError"]);
    expect(text(sliceCsvChunks(back.result, back.extraFields))).toBe(t);
    expect(() => parseSliceCsv("alpha,beta,loss\n")).toThrow(/header/);
  });
});

describe("HDF5 surface", () => {
  it("writes and reads back Li et al.'s datasets, ours and the attributes; the same bytes again", async () => {
    const doc = sliceDoc(2);
    const file = sliceSurfaceFile(doc, "0.0.0");
    const b = await surfaceH5(file);
    const back = await readSurfaceH5(b);
    expect(Array.from(back.x)).toEqual(Array.from(file.x));
    expect(Array.from(back.y!)).toEqual(Array.from(file.y!));
    expect(back.fields.map((f) => f.name).sort()).toEqual(file.fields.map((f) => f.name).sort());
    for (const f of file.fields) expect(Array.from(back.fields.find((g) => g.name === f.name)!.data)).toEqual(Array.from(f.data));
    expect(back.vectors.map((v) => v.name).sort()).toEqual(["d1", "d2"]);
    expect(back.attributes).toEqual(file.attributes);
    // Fields are kept in the file's (alphabetical) order; write them in the same order to compare bytes.
    expect(await surfaceH5(back)).toEqual(await surfaceH5({ ...file, fields: [...file.fields].sort((p, q) => (p.name < q.name ? -1 : 1)), attributes: back.attributes }));
  }, 60_000);
});
