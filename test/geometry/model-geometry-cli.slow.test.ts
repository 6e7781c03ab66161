// `sharpness --model` as a user runs it: the library call returns exactly what --json prints
// (and its λ_max and L(A) are PyTorch's), tiles merge to the whole run's bytes, bad input.

import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharpness } from "../../src/api/sharpness.js";
import { readKeyed } from "../../src/formats/keyed-safetensors.js";
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
