// Bad input to the model commands: exit 2, one line on stderr naming the problem, nothing
// written. Malformed and unsupported models are hand-made with protobufjs (test/helpers).

import { existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildOnnx, type InitSpec, type NodeSpecT } from "../helpers/onnx-build.js";
import { runCli } from "../run-cli.js";

const fx = fileURLToPath(new URL("../fixtures/onnx/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "onnx-errors-"));
const moons = ["--model", join(fx, "moons-mlp.onnx"), "--data", join(fx, "moons-mlp.npz")];

function model(name: string, nodes: NodeSpecT[], inits: InitSpec[], dims: Array<number | string> = ["N", 2]): string {
  const path = join(dir, name);
  writeFileSync(path, buildOnnx({ input: { name: "x", dims }, output: "out", nodes, inits }));
  return path;
}
const linear = (w: number[] = [0.5, -0.25]): InitSpec[] => [{ name: "0.weight", dims: [1, 2], data: w }, { name: "0.bias", dims: [1], data: [0.1] }];
const gemm: NodeSpecT = { op: "Gemm", inputs: ["x", "0.weight", "0.bias"], output: "h", attrs: { transB: { i: 1 } } };

/** A .npy file (version 1.0) of float64 or int64 values. */
function npy(descr: "<f8" | "<i8", shape: number[], values: ArrayLike<number>): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(", ")}${shape.length === 1 ? "," : ""}), }`;
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const out = new Uint8Array(10 + header.length + 8 * values.length);
  out.set([0x93, ...new TextEncoder().encode("NUMPY"), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const v = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < values.length; i++) {
    if (descr === "<f8") v.setFloat64(8 * i, values[i], true);
    else v.setBigInt64(8 * i, BigInt(values[i]), true);
  }
  return out;
}

function refused(args: string[], pattern: RegExp, written?: string): void {
  const r = runCli(args);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  if (written) expect(existsSync(written)).toBe(false);
}

describe("model commands refuse bad input with exit 2 and one line", () => {
  const out = join(dir, "never.safetensors");
  const trainTo = (m: string[]): string[] => ["train", ...m, "--loss", "bce", "--epochs", "1", "--save-params", out];

  it("a file that is not ONNX, or is truncated", () => {
    const text = join(dir, "text.onnx");
    writeFileSync(text, "not a model\n");
    refused(["params", "--model", text], /--model: .*text\.onnx is not an ONNX model/);
    const cut = join(dir, "cut.onnx");
    writeFileSync(cut, readFileSync(join(fx, "digits-conv.onnx")).subarray(0, 1500));
    refused(trainTo(["--model", cut, "--data", join(fx, "moons-mlp.npz")]), /cut\.onnx is not an ONNX model or is truncated/, out);
  });

  it("an unsupported op names the op, the node and what is supported", () => {
    const m = model("sin.onnx", [gemm, { op: "Sin", inputs: ["h"], output: "out", name: "/1/Sin" }], linear());
    refused(["params", "--model", m], /unsupported op Sin at node \/1\/Sin; supported: .*Conv.*Gemm/);
  });

  it("an initializer holding NaN", () => {
    const m = model("nan.onnx", [{ ...gemm, output: "out" }], linear([0.5, Number.NaN]));
    refused(["params", "--model", m], /initializer 0\.weight entry 1 is NaN/);
  });

  it("a shape computed from float values cannot be resolved", () => {
    const m = model("dyn.onnx", [gemm, { op: "Reshape", inputs: ["h", "h"], output: "out" }], linear());
    refused(["probe", "--model", m, "--data", join(fx, "moons-mlp.npz"), "--loss", "bce"], /dynamic shape that cannot be resolved/);
  });

  it("a model over the size limit is refused before it is read", () => {
    const big = join(dir, "big.onnx");
    writeFileSync(big, "");
    truncateSync(big, 513 * 1024 * 1024);
    refused(["params", "--model", big], /over the limit of 512 MiB/);
  });

  it("gradcheck at a θ its finite-difference steps would overflow, naming the tensor", () => {
    const m = model("huge.onnx", [{ ...gemm, output: "out" }], linear([1.6e308, 0.5]));
    const data = join(dir, "huge.npz.npy");
    writeFileSync(data, npy("<f8", [4, 2], [1, 0, 0, 1, -1, 0, 0, -1]));
    const target = join(dir, "huge-y.npy");
    writeFileSync(target, npy("<f8", [4], [1, 0, 1, 0]));
    refused(["gradcheck", "--model", m, "--data", data, "--target", target, "--loss", "bce", "--h", "0.1"], /^loss-landscape gradcheck: --model: \|θ\| must be ≤ 1\.498e\+308 with --h 0\.1, .*\(0\.weight holds 1\.6e\+308\)\n$/);
  });

  it("a params file whose names do not match, naming them", () => {
    refused(trainTo([...moons, "--params", join(fx, "cancer-bn-v.safetensors")]), /--params: .*missing 2\.weight.*extra 1\.weight/, out);
  });

  it("X of the wrong shape, and labels out of range, with both shapes", () => {
    refused(["probe", "--model", join(fx, "digits-conv.onnx"), "--data", join(fx, "cancer-bn.npz"), "--loss", "ce"], /X has shape \[285, 30\], the model's input "input" takes \[N, 1, 8, 8\]/);
    refused(["probe", ...moons, "--loss", "ce"], /--loss ce needs K ≥ 2 logits; the model's output has shape \[1, 1\]/);
    const X = join(dir, "X.npy");
    const y = join(dir, "y.npy");
    writeFileSync(X, npy("<f8", [3, 1, 8, 8], new Float64Array(192).fill(0.5)));
    writeFileSync(y, npy("<i8", [3], [0, 9, 10]));
    refused(["probe", "--model", join(fx, "digits-conv.onnx"), "--data", X, "--target", y, "--loss", "ce"], /label y\[2\] = 10 is out of range for the model's output shape \[N, 10\]/);
    refused(["probe", ...moons, "--loss", "mse", "--target", y], /--target is for --data X\.npy/);
  });
});

describe("the default EVAL export is detected", () => {
  it("warns on onnx::-named parameters and still runs", () => {
    const m = model("eval.onnx", [{ op: "Gemm", inputs: ["x", "onnx::Gemm_7", "onnx::Gemm_8"], output: "out", attrs: { transB: { i: 1 } } }], [
      { name: "onnx::Gemm_7", dims: [1, 2], data: [0.5, -0.25] },
      { name: "onnx::Gemm_8", dims: [1], data: [0.1] },
    ]);
    const r = runCli(["params", "--model", m, "--json"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/warning: .*onnx::Gemm_7.*TrainingMode\.PRESERVE/);
    expect(JSON.parse(r.stdout).parameters.map((p: { name: string }) => p.name)).toEqual(["onnx::Gemm_7", "onnx::Gemm_8"]);
  });
});
