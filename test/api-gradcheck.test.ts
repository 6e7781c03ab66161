// `gradcheck` as a library call: the same object the CLI's --json prints (an MLP, an ONNX model
// and the one-neuron model), progress reported, and an aborted signal rejecting.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { gradcheck, gradcheckNeuron } from "../src/api/index.js";
import { seedDataset } from "../src/data/dataset.js";
import { seededRandom } from "../src/init/random.js";
import { mlpModel, modelDataOfTable } from "../src/model/mlp-model.js";
import { npzData } from "../src/model/model-data.js";
import { graphModel } from "../src/model/onnx-model.js";
import { builtinTable } from "../src/nn/datasets.js";
import { initializeNetwork } from "../src/nn/init.js";
import { loadOnnx } from "../src/onnx/load.js";
import { runCli } from "./run-cli.js";

const fx = fileURLToPath(new URL("./fixtures/onnx/", import.meta.url));

/** The CLI's --json output (exit 0 or 1: a failed check still prints), to compare byte for byte. */
function cliJson(args: string[]): string {
  const r = runCli(args);
  expect(r.stderr).toBe("");
  expect([0, 1]).toContain(r.status);
  return r.stdout;
}
const json = (r: unknown): string => JSON.stringify(r) + "\n";

function network() {
  const arch = { inputs: 2, hidden: [3], activation: "tanh" as const };
  const table = builtinTable("moons", { samples: 30, noise: 0.1, dataSeed: 0 });
  const { theta } = initializeNetwork(arch, { kind: "he" }, seededRandom(2), 1, table);
  return { model: mlpModel(arch, theta), data: modelDataOfTable(table), args: ["gradcheck", "--hidden", "3", "--data", "moons", "--samples", "30", "--init", "he", "--seed", "2"] };
}

function onnx() {
  const file = join(fx, "moons-mlp.onnx");
  const model = graphModel(loadOnnx(readFileSync(file), file).graph, file);
  const data = npzData(readFileSync(join(fx, "moons-mlp.npz")), join(fx, "moons-mlp.npz"));
  return { model, data, args: ["gradcheck", "--model", file, "--data", join(fx, "moons-mlp.npz")] };
}

describe("gradcheck()", () => {
  it("an MLP: equals gradcheck --json (both losses by default; one when asked)", async () => {
    const { model, data, args } = network();
    const all = await gradcheck(model, data);
    expect(all.points.map((p) => p.loss)).toEqual(["mse", "bce"]);
    expect(all.hessianChecked).toBe(true);
    expect(json(all)).toBe(cliJson([...args, "--json"]));
    const bce = await gradcheck(model, data, { loss: "bce", h: 1e-5, rtol: 1e-2 });
    expect(json(bce)).toBe(cliJson([...args, "--loss", "bce", "--h", "1e-5", "--rtol", "1e-2", "--json"]));
  });

  it("an ONNX model: equals gradcheck --model --json, with --only, --max-entries and --seed", async () => {
    const { model, data, args } = onnx();
    const r = await gradcheck(model, data, { only: ["0.weight", "2.bias"], maxEntries: 5, seed: 3 });
    expect(r).toMatchObject({ passed: true });
    expect(json(r)).toBe(cliJson([...args, "--only", "0.weight,2.bias", "--max-entries", "5", "--seed", "3", "--json"]));
  });

  it("the one-neuron model: equals gradcheck --json over a grid and at points", async () => {
    const grid = await gradcheckNeuron(seedDataset(), { loss: ["bce"], w: { min: -5, max: 5, count: 3 }, b: { min: 0, max: 1, count: 2 } });
    expect(grid.points).toHaveLength(6);
    expect(json(grid)).toBe(cliJson(["gradcheck", "--loss", "bce", "--w", "-5:5:3", "--b", "0:1:2", "--json"]));
    const at = await gradcheckNeuron(seedDataset(), { at: [[-5, -10], [1, 2]] });
    expect(json(at)).toBe(cliJson(["gradcheck", "--at=-5,-10", "--at=1,2", "--json"]));
  });

  it("reports progress as the fraction checked", async () => {
    const { model, data } = network();
    const seen: Array<[string, number | undefined]> = [];
    await gradcheck(model, data, {}, { onProgress: (s, f) => seen.push([s, f]) });
    expect(seen).toEqual([["checking", 0], ["checking", 0.5]]);
    const o = onnx();
    const fractions: Array<number | undefined> = [];
    await gradcheck(o.model, o.data, { maxEntries: 2 }, { onProgress: (_, f) => fractions.push(f) });
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.length).toBe(o.model.parameters.length);
    const neuron: Array<number | undefined> = [];
    await gradcheckNeuron(seedDataset(), { at: [[0, 0]] }, { onProgress: (_, f) => neuron.push(f) });
    expect(neuron).toEqual([0, 0.5]);
  });

  it("rejects with the signal's reason when aborted", async () => {
    const aborted = AbortSignal.abort();
    const n = network();
    const o = onnx();
    await expect(gradcheck(n.model, n.data, {}, { signal: aborted })).rejects.toMatchObject({ name: "AbortError" });
    await expect(gradcheck(o.model, o.data, {}, { signal: aborted })).rejects.toMatchObject({ name: "AbortError" });
    await expect(gradcheckNeuron(seedDataset(), {}, { signal: aborted })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("refuses unknown tensors, a θ the steps overflow, and ce on an MLP", async () => {
    const o = onnx();
    await expect(gradcheck(o.model, o.data, { only: ["nope"] })).rejects.toThrow(/no parameter named nope/);
    const n = network();
    await expect(gradcheck(n.model, n.data, { h: 0.5, params: new Float64Array(n.model.P).fill(1e308) })).rejects.toThrow(/steps stay finite/);
    await expect(gradcheck(n.model, n.data, { loss: "ce" })).rejects.toThrow(/bce or mse/);
  });
});
