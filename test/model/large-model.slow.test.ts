// A large model file is read into memory once: the CLI reads its bytes once and decodes the
// protobuf once, from loading to the settings hash a slice writes. A generated model of about
// 100 MB (one float64 Gemm weight) runs through `params` and a 1-D `slice`; a preloaded hook
// (helpers/count-reads.mjs) counts the bytes read from the file through node:fs and the protobuf
// readers opened on large buffers.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { buildOnnx } from "../helpers/onnx-build.js";
import { CLI } from "../run-cli.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const HOOK = fileURLToPath(new URL("../helpers/count-reads.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "large-model-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// x [N, IN] → Gemm (w [OUT, IN], b [OUT]) → OUT logits: 12.5 M float64 weights, 100 MB
const IN = 3125, OUT = 4000, N = 3;
function writeModel(): string {
  const w = new Float64Array(IN * OUT);
  for (let i = 0; i < w.length; i++) w[i] = ((i * 2654435761) % 1000) / 1e6 - 5e-4;
  const bytes = buildOnnx({
    input: { name: "x", dims: ["N", IN] },
    output: "z",
    nodes: [{ op: "Gemm", inputs: ["x", "fc.weight", "fc.bias"], output: "z", attrs: { transB: { i: 1 } } }],
    inits: [
      { name: "fc.weight", dims: [OUT, IN], data: w },
      { name: "fc.bias", dims: [OUT], data: new Float64Array(OUT) },
    ],
  });
  const path = join(dir, "large.onnx");
  writeFileSync(path, bytes);
  return path;
}

/** An .npz of X [N, IN] and integer labels y, uncompressed (stored entries). */
function writeData(): string {
  const npy = (descr: string, shape: number[], data: Uint8Array): Uint8Array => {
    let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
    header += " ".repeat(63 - ((header.length + 10) % 64)) + "\n";
    const out = new Uint8Array(10 + header.length + data.length);
    out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 255, header.length >> 8]);
    out.set(new TextEncoder().encode(header), 10);
    out.set(data, 10 + header.length);
    return out;
  };
  const X = Float64Array.from({ length: N * IN }, (_, i) => Math.sin(i));
  const y = BigInt64Array.from({ length: N }, (_, i) => BigInt(i % OUT));
  // stored entries (level 0), as numpy.savez writes them
  const path = join(dir, "data.npz");
  writeFileSync(path, zipSync({ "X.npy": npy("<f8", [N, IN], new Uint8Array(X.buffer)), "y.npy": npy("<i8", [N], new Uint8Array(y.buffer)) }, { level: 0 }));
  return path;
}

function counted(args: string[], model: string): { status: number | null; stderr: string; bytes: number; decodes: number } {
  const r = spawnSync(process.execPath, ["--import", HOOK, CLI, ...args], {
    encoding: "utf8",
    env: { ...process.env, COUNT_READS_FILE: model, COUNT_READS_ROOT: ROOT },
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = r.stderr.split("\n").find((l) => l.startsWith("count-reads "));
  const c = JSON.parse(line?.slice(12) ?? '{"bytes": -1, "decodes": -1}');
  return { status: r.status, stderr: r.stderr.replace(/^count-reads .*\n?/m, ""), ...c };
}

describe("a 100 MB model", () => {
  it("is read and decoded once by params and by a slice (loading and the settings hash)", () => {
    const model = writeModel();
    const size = statSync(model).size;
    expect(size).toBeGreaterThan(100e6);
    const data = writeData();
    const p = counted(["params", "--model", model, "--json"], model);
    expect(p.stderr).toBe("");
    expect(p.status).toBe(0);
    expect(p.bytes).toBe(size);
    expect(p.decodes).toBe(1);
    const out = join(dir, "slice.json");
    const s = counted(["slice", "--model", model, "--data", data, "--loss", "ce", "--dims", "1", "--alpha=-1:1:2", "--format", "json", "--out", out], model);
    expect(s.stderr).toBe("");
    expect(s.status).toBe(0);
    expect(s.bytes).toBe(size);
    expect(s.decodes).toBe(1);
  }, 600_000);
});
