// `hessian` as a library call: the same object the CLI's --json prints (an MLP, its GGN, and an
// ONNX model), progress reported, an aborted signal rejecting, and --per-layer's text naming
// each block (an MLP's layers.K, a model's parameter tensors).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { hessian, hessianAnalysis } from "../src/api/index.js";
import { seededRandom } from "../src/init/random.js";
import { mlpModel, modelDataOfTable } from "../src/model/mlp-model.js";
import { npzData } from "../src/model/model-data.js";
import { graphModel } from "../src/model/onnx-model.js";
import { builtinTable } from "../src/nn/datasets.js";
import { initializeNetwork } from "../src/nn/init.js";
import { loadOnnx } from "../src/onnx/load.js";
import { runCli } from "./run-cli.js";

const fx = fileURLToPath(new URL("./fixtures/onnx/", import.meta.url));

function cli(args: string[]): string {
  const r = runCli(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}
const json = (r: unknown): string => JSON.stringify(r) + "\n";

/** The hessian command's --seed seeds the --init draws too: the same seed builds θ here. */
function network(seed = 0) {
  const arch = { inputs: 2, hidden: [4], activation: "tanh" as const };
  const table = builtinTable("moons", { samples: 30, noise: 0.1, dataSeed: 0 });
  const { theta } = initializeNetwork(arch, { kind: "he" }, seededRandom(seed), 1, table);
  return { model: mlpModel(arch, theta), data: modelDataOfTable(table), args: ["hessian", "--hidden", "4", "--data", "moons", "--samples", "30", "--init", "he"] };
}

function onnx() {
  const file = join(fx, "moons-mlp.onnx");
  const model = graphModel(loadOnnx(readFileSync(file), file).graph, file);
  const data = npzData(readFileSync(join(fx, "moons-mlp.npz")), join(fx, "moons-mlp.npz"));
  return { model, data, args: ["hessian", "--model", file, "--data", join(fx, "moons-mlp.npz")] };
}

describe("hessian()", () => {
  it("an MLP: equals hessian --json (top, bottom, trace with Hutch++, per layer)", async () => {
    const { model, data, args } = network(3);
    const r = await hessian(model, data, { top: 2, bottom: 1, trace: true, probes: 6, hutchpp: true, perLayer: true, seed: 3 });
    expect(r.top?.values).toHaveLength(2);
    expect(json(r)).toBe(cli([...args, "--top", "2", "--bottom", "1", "--trace", "--probes", "6", "--hutchpp", "--per-layer", "--seed", "3", "--json"]));
  });

  it("an MLP's GGN density and the default top 1: equal hessian --json", async () => {
    const { model, data, args } = network();
    const ggn = await hessian(model, data, { density: true, densityProbes: 2, steps: 10, bins: 50, matrix: "ggn" });
    expect(ggn.matrix).toBe("ggn");
    expect(json(ggn)).toBe(cli([...args, "--density", "--density-probes", "2", "--steps", "10", "--bins", "50", "--matrix", "ggn", "--json"]));
    const one = await hessian(model, data);
    expect(one.top?.values).toHaveLength(1);
    expect(json(one)).toBe(cli([...args, "--json"]));
  });

  it("an ONNX model: equals hessian --model --json", async () => {
    const { model, data, args } = onnx();
    const r = await hessian(model, data, { top: 2, trace: true, probes: 4, perLayer: true, noExact: true });
    expect(r.exact).toBe(false);
    expect(json(r)).toBe(cli([...args, "--top", "2", "--trace", "--probes", "4", "--per-layer", "--no-exact", "--json"]));
  });

  it("names the per-layer blocks, in the analysis and in the text", async () => {
    const n = network();
    expect((await hessianAnalysis(n.model, n.data, { perLayer: true })).context.blocks).toEqual(["layers.0", "layers.1"]);
    expect(cli([...n.args, "--per-layer"])).toMatch(/\n {2}layers\.1 +5 +/);
    const o = onnx();
    expect((await hessianAnalysis(o.model, o.data, { perLayer: true, noExact: true })).context.blocks).toEqual(o.model.parameters.map((p) => p.name));
    expect(cli([...o.args, "--per-layer", "--no-exact"])).toMatch(/\n {2}2\.weight +144 +/);
  });

  it("reports stages with the fraction of products done, and rejects when aborted", async () => {
    const { model, data } = network();
    const seen: Array<[string, number | undefined]> = [];
    await hessian(model, data, { trace: true, probes: 4, noExact: true }, { onProgress: (s, f) => seen.push([s, f]) });
    expect(seen[0]).toEqual(["Hutchinson trace", 0]);
    expect(seen.at(-1)).toEqual(["Hutchinson trace", 1]);
    const aborted = AbortSignal.abort();
    await expect(hessian(model, data, {}, { signal: aborted })).rejects.toMatchObject({ name: "AbortError" });
    const o = onnx();
    await expect(hessian(o.model, o.data, { noExact: true }, { signal: aborted })).rejects.toMatchObject({ name: "AbortError" });
  });
});
