// `layers` as a library call: the same object the CLI's --json prints (an MLP, after training
// too, and an ONNX model), progress reported, and an aborted signal rejecting.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { layers } from "../src/api/index.js";
import { seededRandom } from "../src/init/random.js";
import { mlpModel, modelDataOfTable } from "../src/model/mlp-model.js";
import { npzData } from "../src/model/model-data.js";
import { graphModel } from "../src/model/onnx-model.js";
import { builtinTable } from "../src/nn/datasets.js";
import { initializeNetwork } from "../src/nn/init.js";
import { serializeParams } from "../src/formats/params-json.js";
import { loadOnnx } from "../src/onnx/load.js";
import { runCli } from "./run-cli.js";

const fx = fileURLToPath(new URL("./fixtures/onnx/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "api-layers-"));

function cliJson(args: string[]): string {
  const r = runCli(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}
const json = (r: unknown): string => JSON.stringify(r) + "\n";

const arch = { inputs: 2, hidden: [4, 3], activation: "tanh" as const };
const table = builtinTable("moons", { samples: 30, noise: 0.1, dataSeed: 0 });
/** The MLP whose runs all draw their own θ (its θ is not measured). */
const fresh = () => mlpModel(arch, new Float64Array(31));
const net = ["layers", "--hidden", "4,3", "--data", "moons", "--samples", "30"];

function onnx() {
  const file = join(fx, "moons-mlp.onnx");
  const model = graphModel(loadOnnx(readFileSync(file), file).graph, file);
  const data = npzData(readFileSync(join(fx, "moons-mlp.npz")), join(fx, "moons-mlp.npz"));
  return { model, data, args: ["layers", "--model", file, "--data", join(fx, "moons-mlp.npz")] };
}

describe("layers()", () => {
  it("an MLP at two schemes: equals layers --json", async () => {
    const model = fresh();
    const r = await layers(model, modelDataOfTable(table), { init: [{ kind: "he" }, { kind: "xavier-normal" }], seed: 4, loss: "bce" });
    expect(r.runs.map((x) => x.init)).toEqual(["he", "xavier-normal"]);
    expect(json(r)).toBe(cliJson([...net, "--init", "he", "--init", "xavier-normal", "--seed", "4", "--loss", "bce", "--json"]));
  });

  it("an MLP after training, and at a params file (its path names the run)", async () => {
    const trained = await layers(fresh(), modelDataOfTable(table), { afterEpochs: 3, optimizer: "adam", lr: 0.01, batchSize: 8, shuffle: true, seed: 1 });
    expect(json(trained)).toBe(cliJson([...net, "--after-epochs", "3", "--optimizer", "adam", "--lr", "0.01", "--batch-size", "8", "--shuffle", "--seed", "1", "--json"]));
    const { theta } = initializeNetwork(arch, { kind: "lecun" }, seededRandom(5), 1, table);
    const file = join(dir, "p.json");
    writeFileSync(file, serializeParams(arch, theta));
    const r = await layers(mlpModel(arch, theta, file), modelDataOfTable(table), { init: ["model"] });
    expect(r.runs[0].init).toBe(file);
    expect(json(r)).toBe(cliJson(["layers", "--params", file, "--data", "moons", "--samples", "30", "--json"]));
  });

  it("an ONNX model at its θ and re-initialized: equals layers --model --json", async () => {
    const { model, data, args } = onnx();
    const r = await layers(model, data, { init: ["model", "he"], seed: 2 });
    expect("model" in r && r.runs.map((x) => x.seed)).toEqual([null, 2]);
    expect(json(r)).toBe(cliJson([...args, "--init", "model", "--init", "he", "--seed", "2", "--json"]));
  });

  it("reports the runs as fractions, and adds the percentiles only when asked", async () => {
    const seen: Array<[string, number | undefined]> = [];
    const r = await layers(fresh(), modelDataOfTable(table), { init: [{ kind: "he" }, { kind: "lecun" }], activationPercentiles: true }, { onProgress: (s, f) => seen.push([s, f]) });
    expect(seen).toEqual([["measuring", 0], ["measuring", 0.5]]);
    expect(r.runs[0].layers[0].activationPercentiles).toHaveLength(5);
    const o = onnx();
    const stages: string[] = [];
    await layers(o.model, o.data, {}, { onProgress: (s) => stages.push(s) });
    expect(stages).toEqual(["measuring"]);
  });

  it("rejects with the signal's reason when aborted", async () => {
    const aborted = AbortSignal.abort();
    const o = onnx();
    await expect(layers(fresh(), modelDataOfTable(table), {}, { signal: aborted })).rejects.toMatchObject({ name: "AbortError" });
    await expect(layers(o.model, o.data, {}, { signal: aborted })).rejects.toMatchObject({ name: "AbortError" });
  });
});
