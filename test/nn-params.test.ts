import { describe, expect, it } from "vitest";
import { parameterCount, type Architecture } from "../src/nn/architecture.js";
import { hiddenFromLayers, layersToTheta, ParamsError, parseParamsJson, serializeParams } from "../src/formats/params-json.js";
import { parseSafetensors, safetensorsLayers, serializeSafetensors } from "../src/formats/safetensors.js";

const arch: Architecture = { inputs: 2, hidden: [3], activation: "tanh" };
const theta = Float64Array.from({ length: parameterCount(arch) }, (_, j) => (j - 6) / 7 + 1e-17 * j);

/** A safetensors file written by hand from the format's spec, F32 or F64, with a metadata entry. */
function handWritten(dtype: "F32" | "F64", tensors: Array<[string, number[], number[]]>): Uint8Array {
  const size = dtype === "F32" ? 4 : 8;
  const header: Record<string, unknown> = { __metadata__: { format: "pt" } };
  let off = 0;
  for (const [name, shape, values] of tensors) {
    header[name] = { dtype, shape, data_offsets: [off, off + size * values.length] };
    off += size * values.length;
  }
  const head = Buffer.from(JSON.stringify(header), "utf8");
  const buf = Buffer.alloc(8 + head.length + off);
  buf.writeBigUInt64LE(BigInt(head.length), 0);
  head.copy(buf, 8);
  let at = 8 + head.length;
  for (const [, , values] of tensors) for (const v of values) {
    if (size === 4) buf.writeFloatLE(v, at);
    else buf.writeDoubleLE(v, at);
    at += size;
  }
  return new Uint8Array(buf);
}

describe("params JSON", () => {
  it("round-trips θ exactly in parameters_to_vector order", () => {
    const text = serializeParams(arch, theta);
    const doc = JSON.parse(text);
    expect(doc.layers[0].weight).toEqual([[theta[0], theta[1]], [theta[2], theta[3]], [theta[4], theta[5]]]);
    expect(doc.layers[0].bias).toEqual([theta[6], theta[7], theta[8]]);
    expect(doc.layers[1].weight).toEqual([[theta[9], theta[10], theta[11]]]);
    const back = layersToTheta(parseParamsJson(text, "p.json"), arch, "p.json");
    expect(back).toEqual(theta);
    expect(hiddenFromLayers(parseParamsJson(text, "p.json"))).toEqual({ inputs: 2, hidden: [3] });
  });
  it("names the layer and both shapes when a shape does not fit", () => {
    const wrong = serializeParams({ inputs: 2, hidden: [4], activation: "tanh" }, new Float64Array(17));
    expect(() => layersToTheta(parseParamsJson(wrong, "p.json"), arch, "p.json")).toThrow("p.json: layer 0 weight has shape 4×2, the architecture needs 3×2");
    const shortBias = '{"layers":[{"weight":[[1,2],[3,4],[5,6]],"bias":[0,0]},{"weight":[[1,1,1]],"bias":[0]}]}';
    expect(() => layersToTheta(parseParamsJson(shortBias, "p"), arch, "p")).toThrow("p: layer 0 bias has shape 2, the architecture needs 3");
    expect(() => layersToTheta(parseParamsJson('{"layers":[{"weight":[[1,2]],"bias":[0]}]}', "p"), arch, "p")).toThrow(/has 1 layers/);
  });
  it("rejects NaN, non-numbers, ragged rows and malformed documents with one-line errors", () => {
    for (const bad of ['{"layers":[{"weight":[[NaN]],"bias":[0]}]}', '{"layers":[{"weight":[[null]],"bias":[0]}]}', '{"layers":[{"weight":[[1,2],[3]],"bias":[0,0]}]}', '{"layers":[]}', "[1]", "{"]) {
      try {
        parseParamsJson(bad, "p");
        throw new Error("accepted " + bad);
      } catch (e) {
        expect(e).toBeInstanceOf(ParamsError);
        expect((e as Error).message).not.toContain("\n");
      }
    }
  });
});

describe("safetensors", () => {
  it("reads F32 and F64 tensors of an nn.Sequential (Linear, act, Linear) in module order", () => {
    const w0 = [0.5, -1, 2, 0.25, 1.5, -0.75];
    const tensors: Array<[string, number[], number[]]> = [
      ["2.bias", [1], [0.125]],
      ["0.weight", [3, 2], w0],
      ["2.weight", [1, 3], [1, -2, 3]],
      ["0.bias", [3], [0.1, 0.2, 0.3]],
    ];
    for (const dtype of ["F32", "F64"] as const) {
      const layers = safetensorsLayers(handWritten(dtype, tensors), "m.safetensors");
      const t = layersToTheta(layers, arch, "m.safetensors");
      const f = dtype === "F32" ? Math.fround : (v: number) => v;
      expect(Array.from(t)).toEqual([...w0, 0.1, 0.2, 0.3, 1, -2, 3, 0.125].map(f));
    }
  });
  it("round-trips our own F64 writer", () => {
    const layers = parseParamsJson(serializeParams(arch, theta), "p");
    const back = layersToTheta(safetensorsLayers(serializeSafetensors(layers), "s"), arch, "s");
    expect(back).toEqual(theta);
  });
  it("rejects NaN, other dtypes, bad offsets and a wrong shape", () => {
    expect(() => safetensorsLayers(handWritten("F64", [["0.weight", [1, 1], [NaN]], ["0.bias", [1], [0]]]), "s")).toThrow(/NaN/);
    const f16 = handWritten("F64", [["0.weight", [1, 1], [1]], ["0.bias", [1], [0]]]);
    const text = Buffer.from(f16).toString("latin1").replace('"dtype":"F64","shape":[1,1]', '"dtype":"F16","shape":[1,1]');
    expect(() => parseSafetensors(new Uint8Array(Buffer.from(text, "latin1")), "s")).toThrow(/F16/);
    expect(() => parseSafetensors(new Uint8Array(4), "s")).toThrow(/too short/);
    const cut = handWritten("F64", [["0.weight", [1, 2], [1, 2]], ["0.bias", [1], [0]]]);
    expect(() => parseSafetensors(cut.subarray(0, cut.length - 8), "s")).toThrow(/the tensors need 24 bytes of data, the file has 16/);
    const one = safetensorsLayers(handWritten("F32", [["0.weight", [1, 2], [1, 2]], ["0.bias", [1], [0]]]), "s");
    expect(() => layersToTheta(one, arch, "s")).toThrow(/has 1 layers/);
    expect(() => layersToTheta(one, { inputs: 3, hidden: [], activation: "tanh" }, "s")).toThrow("s: layer 0 weight has shape 1×2, the architecture needs 1×3");
  });
});
