// `sharpness --model` and `connect --model` as a user runs them: the library call returns exactly
// what --json prints (λ_max and L(A) are PyTorch's), tiles merge to the whole run's bytes, the
// saved bend is the trained one as keyed safetensors, bad input (exit 2, one line, nothing written).

import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { connectReportOf } from "../../src/api/connect.js";
import { sharpness } from "../../src/api/sharpness.js";
import { connectJson } from "../../src/geometry/connect-json.js";
import { readKeyed } from "../../src/formats/keyed-safetensors.js";
import { packSafetensors } from "../../src/formats/safetensors.js";
import { npzData } from "../../src/model/model-data.js";
import { graphModel } from "../../src/model/onnx-model.js";
import { loadOnnx } from "../../src/onnx/load.js";
import { runCli } from "../run-cli.js";

const DIR = "test/fixtures/geometry-onnx";
const ref = JSON.parse(readFileSync(`${DIR}/reference.json`, "utf8"));
const close = (got: number, want: number, rel = 1e-10): void => expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(1e-3, Math.abs(want)));

function fixture(name: "cnn" | "mlp") {
  const model = graphModel(loadOnnx(readFileSync(`${DIR}/${name}.onnx`), name).graph);
  const keyed = (k: string) => readKeyed(readFileSync(`${DIR}/${name}-${k}.safetensors`), model.parameters, k);
  const data = npzData(readFileSync(`${DIR}/${name}.npz`), `${DIR}/${name}.npz`);
  return { model, data, a: keyed("a"), b: keyed("b") };
}

describe("sharpness --model", () => {
  it("the library call returns exactly what `sharpness --model --json` prints", async () => {
    const f = fixture("cnn");
    const flags = ["--restarts", "2", "--iterations", "15", "--average-samples", "8", "--probes", "4", "--seed", "3"];
    const r = runCli(["sharpness", "--model", `${DIR}/cnn.onnx`, "--data", `${DIR}/cnn.npz`, "--params", `${DIR}/cnn-a.safetensors`, "--params", `${DIR}/cnn-b.safetensors`, "--label", "A", ...flags, "--json", "--quiet"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    const stages: string[] = [];
    const lib = await sharpness(f.model, f.data, {
      params: [f.a, f.b], label: ["A", "cnn-b"], source: [`${DIR}/cnn-a.safetensors`, `${DIR}/cnn-b.safetensors`], architecture: `${DIR}/cnn.onnx`,
      restarts: 2, iterations: 15, averageSamples: 8, probes: 4, seed: 3,
    }, { onProgress: (s) => stages.push(s) });
    expect(JSON.parse(JSON.stringify(lib))).toEqual(doc);
    expect(stages.length).toBeGreaterThan(2);
    expect(doc.loss).toBe("ce");
    close(doc.runs[0].loss, ref.cnn.lossA);
    close(doc.runs[0].lambdaMax.value, ref.cnn.lambdaMax, 1e-8);
    expect(doc.runs[1].keskar.maxLoss).toBeGreaterThanOrEqual(doc.runs[1].loss);
  });

  it("tiles and merge write the whole run's bytes", () => {
    const dir = mkdtempSync(join(tmpdir(), "model-sharpness-"));
    const args = ["sharpness", "--model", `${DIR}/mlp.onnx`, "--data", `${DIR}/mlp.npz`, "--params", `${DIR}/mlp-a.safetensors`, "--params", `${DIR}/mlp-b.safetensors`, "--restarts", "2", "--iterations", "20", "--average-samples", "10", "--probes", "4", "--json", "--quiet"];
    const whole = runCli([...args, "--out", join(dir, "whole.json")]);
    expect(whole.stderr).toBe("");
    for (const t of ["0/2", "1/2"]) expect(runCli([...args, "--tile", t, "--out", join(dir, "tiles")]).stderr).toBe("");
    expect(readdirSync(join(dir, "tiles"))).toHaveLength(2);
    const m = runCli(["merge", join(dir, "tiles"), "--out", join(dir, "merged.json"), "--quiet"]);
    expect(m.stderr).toBe("");
    expect(readFileSync(join(dir, "merged.json"), "utf8")).toBe(readFileSync(join(dir, "whole.json"), "utf8"));
  });

  it("bad input: exit 2 and one line", () => {
    const base = ["sharpness", "--model", `${DIR}/mlp.onnx`, "--data", `${DIR}/mlp.npz`, "--quiet"];
    for (const [args, msg] of [
      [["--epsilon", "0"], /--epsilon/],
      [["--epsilon", "-1"], /--epsilon/],
      [["--params", `${DIR}/cnn-a.safetensors`], /--params.*(missing|extra)/],
    ] as const) {
      const r = runCli([...base, ...args]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
    }
  });
});

describe("connect --model", () => {
  const dir = mkdtempSync(join(tmpdir(), "model-connect-"));
  const base = ["connect", "--model", `${DIR}/cnn.onnx`, "--data", `${DIR}/cnn.npz`, `${DIR}/cnn-a.safetensors`, `${DIR}/cnn-b.safetensors`, "--quiet"];

  it("prints what connect() returns, draws connect.svg and saves the trained bend by name", async () => {
    const bendFile = join(dir, "bend.safetensors"), svg = join(dir, "connect.svg");
    const r = runCli([...base, "--test-data", `${DIR}/cnn-test.npz`, "--steps", "40", "--points", "11", "--optimizer", "adamw", "--plane-grid", "5", "--svg", svg, "--save-bend", bendFile, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    const f = fixture("cnn");
    const test = npzData(readFileSync(`${DIR}/cnn-test.npz`), `${DIR}/cnn-test.npz`);
    const { report, context, seed } = await connectReportOf(f.model, f.data, f.a, f.b, {
      testData: test, steps: 40, points: 11, optimizer: "adamw", planeGrid: 5, a: `${DIR}/cnn-a.safetensors`, b: `${DIR}/cnn-b.safetensors`, architecture: `${DIR}/cnn.onnx`,
    });
    expect(JSON.parse(JSON.stringify(connectJson(report, context, seed)))).toEqual(doc);
    expect(doc.curve.training.optimizer).toBe("adamw");
    expect(doc.linear.test.loss).toHaveLength(11);
    expect(doc.plane.loss).toHaveLength(25);
    close(doc.a.loss, ref.cnn.lossA);
    expect(Array.from(readKeyed(readFileSync(bendFile), f.model.parameters, "bend"))).toEqual(Array.from(report.curve!.bend));
    expect(readFileSync(svg, "utf8")).toMatch(/<svg[^>]*>/);
  });

  it("bad input: exit 2, one line naming what is wrong, nothing written", () => {
    const shapes = join(dir, "shapes.safetensors");
    const f = fixture("cnn");
    writeFileSync(shapes, packSafetensors(f.model.parameters.map((p, i) => ({ name: p.name, dtype: "F64" as const, shape: i === 0 ? [p.size] : p.shape, values: [f.b.subarray(p.offset, p.offset + p.size)] })), null));
    const out = join(dir, "never.json");
    for (const [args, msg] of [
      [[...base.slice(0, 5), `${DIR}/cnn-a.safetensors`, `${DIR}/mlp-b.safetensors`], /A and B name their tensors differently: only in .*cnn-a.*: 1\.weight, 1\.bias, 4\.weight, 4\.bias; only in .*mlp-b.*: 2\.weight, 2\.bias/],
      [[...base.slice(0, 5), `${DIR}/cnn-a.safetensors`, shapes], /A and B differ in shape: tensor "0\.weight"/],
      [[...base, "--align", "weights"], /convolutions.*not supported yet/],
      [["connect", "--model", `${DIR}/mlp.onnx`, "--data", `${DIR}/mlp.npz`, `${DIR}/mlp-a.safetensors`, `${DIR}/mlp-b.safetensors`, "--align", "activations"], /--align activations on a model file is not supported yet.*--align weights works on chains of nn\.Linear layers/],
      [[...base, "--bend", `${DIR}/mlp-bend.safetensors`], /--bend: .*(missing|extra)/],
      [[...base, "--test-data", `${DIR}/mlp-test.npz`], /--test-data/],
    ] as const) {
      const r = runCli([...args.filter((a) => a !== "--quiet"), "--quiet", "--out", out]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
      expect(existsSync(out)).toBe(false);
    }
  });
});
