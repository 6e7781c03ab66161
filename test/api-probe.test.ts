// `probe` as a library call: the same object the CLI's --json prints (an MLP, an ONNX model and
// the one-neuron model), progress reported, and an aborted signal rejecting.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { probe, probeNeuron } from "../src/api/index.js";
import { seedDataset } from "../src/data/dataset.js";
import { seededRandom } from "../src/init/random.js";
import { readKeyed } from "../src/formats/keyed-safetensors.js";
import { mlpModel, modelDataOfTable } from "../src/model/mlp-model.js";
import { npzData } from "../src/model/model-data.js";
import { graphModel } from "../src/model/onnx-model.js";
import { builtinTable } from "../src/nn/datasets.js";
import { initializeNetwork } from "../src/nn/init.js";
import { serializeParams } from "../src/formats/params-json.js";
import { loadOnnx } from "../src/onnx/load.js";
import { runCli } from "./run-cli.js";

const fx = fileURLToPath(new URL("./fixtures/onnx/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "api-probe-"));

/** The CLI's --json output, to compare byte for byte with JSON.stringify of the API's result. */
function cliJson(args: string[]): string {
  const r = runCli(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}
const json = (r: unknown): string => JSON.stringify(r) + "\n";

/** The moons MLP as a network: built-in data, a seeded init, and a vector v in the params format. */
function network() {
  const arch = { inputs: 2, hidden: [4, 3], activation: "tanh" as const };
  const table = builtinTable("moons", { samples: 40, noise: 0.1, dataSeed: 2 });
  const { theta } = initializeNetwork(arch, { kind: "he" }, seededRandom(3), 1, table);
  const v = Float64Array.from({ length: theta.length }, (_, j) => Math.cos(j));
  writeFileSync(join(dir, "v.json"), serializeParams(arch, v));
  const args = ["probe", "--hidden", "4,3", "--data", "moons", "--samples", "40", "--data-seed", "2", "--init", "he", "--seed", "3", "--loss", "bce"];
  return { model: mlpModel(arch, theta), data: modelDataOfTable(table), v, args };
}

function onnx() {
  const file = join(fx, "moons-mlp.onnx");
  const model = graphModel(loadOnnx(readFileSync(file), file).graph, file);
  const data = npzData(readFileSync(join(fx, "moons-mlp.npz")), join(fx, "moons-mlp.npz"));
  const vFile = join(fx, "moons-mlp-v.safetensors");
  const v = readKeyed(readFileSync(vFile), model.parameters, vFile);
  return { model, data, v, vFile, args: ["probe", "--model", file, "--data", join(fx, "moons-mlp.npz")] };
}

describe("probe()", () => {
  it("an MLP: equals probe --json, with H·v", async () => {
    const { model, data, v, args } = network();
    const r = await probe(model, data, { loss: "bce", hvp: v });
    expect(r.hessian).not.toBeNull();
    expect(json(r)).toBe(cliJson([...args, "--hvp", join(dir, "v.json"), "--json"]));
  });

  it("an MLP with noHessian: equals probe --no-hessian --json", async () => {
    const { model, data, args } = network();
    const r = await probe(model, data, { loss: "bce", noHessian: true });
    expect(r.hessianSkipped).toBe("--no-hessian");
    expect(json(r)).toBe(cliJson([...args, "--no-hessian", "--json"]));
  });

  it("an ONNX model: equals probe --model --json (loss auto resolves as the CLI's)", async () => {
    const { model, data, v, vFile, args } = onnx();
    const r = await probe(model, data, { hvp: v });
    expect(json(r)).toBe(cliJson([...args, "--hvp", vFile, "--json"]));
    expect("model" in r && r.model.loss).toBe("bce");
  });

  it("the one-neuron model: equals probe --at --json", async () => {
    const r = await probeNeuron(seedDataset(), { loss: "bce", at: [1.5, -2] });
    expect(json(r)).toBe(cliJson(["probe", "--loss", "bce", "--at=1.5,-2", "--json"]));
  });

  it("reports its stages, the Hessian's columns as fractions", async () => {
    const { model, data } = network();
    const seen: Array<[string, number | undefined]> = [];
    await probe(model, data, { loss: "bce" }, { onProgress: (s, f) => seen.push([s, f]) });
    expect(seen[0]).toEqual(["loss and gradient", undefined]);
    expect(seen.some(([s, f]) => s.endsWith("Hessian") && f === 1)).toBe(true);
    expect(seen.at(-1)?.[0]).toBe("its spectrum");
    const onnxSeen: string[] = [];
    const o = onnx();
    await probe(o.model, o.data, { noHessian: true }, { onProgress: (s) => onnxSeen.push(s) });
    expect(onnxSeen).toEqual(["loss and gradient"]);
  });

  it("rejects with the signal's reason when aborted, for an MLP, a model and the neuron", async () => {
    const { model, data } = network();
    const o = onnx();
    const aborted = AbortSignal.abort();
    await expect(probe(model, data, {}, { signal: aborted })).rejects.toMatchObject({ name: "AbortError" });
    await expect(probe(o.model, o.data, {}, { signal: aborted })).rejects.toMatchObject({ name: "AbortError" });
    await expect(probeNeuron(seedDataset(), {}, { signal: aborted })).rejects.toMatchObject({ name: "AbortError" });
    // aborted mid-way (at the Hessian's first column): no result
    const c = new AbortController();
    const stop = probe(model, data, {}, { signal: c.signal, onProgress: (s) => s.endsWith("Hessian") && c.abort(new Error("stop")) });
    await expect(stop).rejects.toThrow("stop");
  });

  it("refuses a vector of the wrong length and ce on an MLP", async () => {
    const { model, data } = network();
    await expect(probe(model, data, { hvp: new Float64Array(3) })).rejects.toThrow(/hvp has 3 entries/);
    await expect(probe(model, data, { loss: "ce" })).rejects.toThrow(/bce or mse/);
  });
});
