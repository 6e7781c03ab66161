// The safetensors format's own rules (the reference reader's Metadata::validate): the
// tensors' byte ranges tile the data section exactly, and "__metadata__" maps strings to
// strings. Files breaking them are refused, naming the tensor or the bytes.
import { describe, expect, it } from "vitest";
import { ParamsError } from "../src/formats/params-json.js";
import { parseSafetensors } from "../src/formats/safetensors.js";

/** A file from a raw header object and `dataBytes` bytes of F64 ones. */
function file(header: Record<string, unknown>, dataBytes: number): Uint8Array {
  const head = Buffer.from(JSON.stringify(header), "utf8");
  const buf = Buffer.alloc(8 + head.length + dataBytes);
  buf.writeBigUInt64LE(BigInt(head.length), 0);
  head.copy(buf, 8);
  for (let at = 8 + head.length; at + 8 <= buf.length; at += 8) buf.writeDoubleLE(1, at);
  return new Uint8Array(buf);
}
const t = (begin: number, end: number, shape = [(end - begin) / 8]): object => ({ dtype: "F64", shape, data_offsets: [begin, end] });

describe("safetensors layout", () => {
  it("reads a file whose ranges tile the data, in any header order, with string metadata", () => {
    const m = parseSafetensors(file({ __metadata__: { format: "pt" }, "0.bias": t(16, 24), "0.weight": t(0, 16, [1, 2]) }, 24), "ok");
    expect([...m.keys()].sort()).toEqual(["0.bias", "0.weight"]);
    expect(Array.from(m.get("0.weight")!.data)).toEqual([1, 1]);
  });
  it("refuses overlapping ranges", () => {
    expect(() => parseSafetensors(file({ a: t(0, 16), b: t(8, 24) }, 24), "o")).toThrow(/"b" \(bytes 8–24\) overlaps/);
  });
  it("refuses two tensors on the same bytes", () => {
    expect(() => parseSafetensors(file({ a: t(0, 8), b: t(0, 8) }, 8), "o")).toThrow(ParamsError);
  });
  it("refuses a gap between tensors, and one before the first", () => {
    expect(() => parseSafetensors(file({ a: t(0, 8), b: t(16, 24) }, 24), "g")).toThrow(/bytes 8–16 of the data belong to no tensor/);
    expect(() => parseSafetensors(file({ a: t(8, 16) }, 16), "g")).toThrow(/bytes 0–8/);
  });
  it("refuses trailing bytes after the last tensor", () => {
    expect(() => parseSafetensors(file({ a: t(0, 8) }, 16), "tr")).toThrow(/8 bytes after the last tensor/);
  });
  it("refuses a non-string __metadata__ value, and a __metadata__ that is not an object", () => {
    expect(() => parseSafetensors(file({ __metadata__: { epochs: 3 }, a: t(0, 8) }, 8), "m")).toThrow(/"epochs" is not a string/);
    expect(() => parseSafetensors(file({ __metadata__: ["x"], a: t(0, 8) }, 8), "m")).toThrow(/must be an object of strings/);
    expect(() => parseSafetensors(file({ __metadata__: { nested: { a: "b" } }, a: t(0, 8) }, 8), "m")).toThrow(ParamsError);
  });
  it("refuses malformed offsets", () => {
    for (const bad of [[8, 0], [-8, 0], [0], [0, 8, 16], ["0", "8"], [0, 1.5]]) {
      expect(() => parseSafetensors(file({ a: { dtype: "F64", shape: [1], data_offsets: bad } }, 8), "x")).toThrow(/invalid data offsets/);
    }
  });
});
