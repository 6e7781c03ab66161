// The library's slice (loss-landscape/api) against the CLI: for an MLP (pca directions of a
// saved run around its last point, the window fitted to the run, a subsample with its
// standard-error field) and for an ONNX model, the function's result is what `slice --format
// json` prints for the same inputs; progress is reported and an aborted signal rejects.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planSlice, slice, SliceError } from "../src/api/index.js";
import { mlpModel, modelDataOfTable } from "../src/model/mlp-model.js";
import { npzData } from "../src/model/model-data.js";
import { graphModel } from "../src/model/onnx-model.js";
import { builtinTable } from "../src/nn/datasets.js";
import { layersToTheta, parseParamsJson } from "../src/formats/params-json.js";
import { loadOnnx } from "../src/onnx/load.js";
import { parseTrajectory, trajectorySteps } from "../src/formats/trajectory.js";
import { runCli } from "./run-cli.js";

const FIX = join(__dirname, "fixtures", "onnx");
const moons = () => modelDataOfTable(builtinTable("moons"));

function cliJson(args: string[], cwd?: string): unknown {
  const r = runCli(["slice", ...args, "--format", "json", "--quiet"], cwd);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe("api slice: an MLP", () => {
  const arch = { inputs: 2, hidden: [6], activation: "tanh" as const };
  const P = 2 * 6 + 6 + 6 + 1;
  const dir = mkdtempSync(join(tmpdir(), "api-slice-"));
  const trained = runCli(["train", "--data", "moons", "--hidden", "6", "--loss", "bce", "--lr", "0.2", "--epochs", "3", "--init", "he", "--save-trajectory", "t.json", "--save-params", "p.json"], dir);
  const theta = (): Float64Array => layersToTheta(parseParamsJson(readFileSync(join(dir, "p.json"), "utf8"), "p"), arch, "p");
  const run = () => {
    const f = parseTrajectory(readFileSync(join(dir, "t.json"), "utf8"), P);
    return { points: f.points.map((p) => Float64Array.from(p)), steps: trajectorySteps(f) };
  };

  it("pca of a saved run, the window fitted to it (β given), on a subsample: equals slice --json", async () => {
    expect(trained.status).toBe(0);
    const cli = cliJson(["--data", "moons", "--hidden", "6", "--loss", "bce", "--directions", "pca", "--trajectory", "t.json", "--beta=-0.5:0.5:4", "--alpha=-1:1:5", "--fit", "none", "--subsample", "60", "--subsample-seed", "3"], dir);
    const stages = new Set<string>();
    const r = await slice(mlpModel(arch, new Float64Array(P)), moons(), { loss: "bce", directions: { kind: "pca" }, trajectory: run(), beta: { min: -0.5, max: 0.5, count: 4 }, alpha: { min: -1, max: 1, count: 5 }, fit: "none", subsample: 60, subsampleSeed: 3 }, { onProgress: (s) => stages.add(s) });
    expect(r).toEqual(cli);
    expect(r.fields.lossStandardError).toHaveLength(4);
    expect([...stages]).toEqual(["directions (pca)", "projecting 301 saved points", "evaluating 5×4 points"]);
    // --fit path (pca's default): the α window covers the run, β as given.
    const fitted = cliJson(["--data", "moons", "--hidden", "6", "--loss", "bce", "--directions", "pca", "--trajectory", "t.json", "--beta=-0.5:0.5:3"], dir);
    expect(await slice(mlpModel(arch, new Float64Array(P)), moons(), { loss: "bce", directions: { kind: "pca" }, trajectory: run(), beta: { min: -0.5, max: 0.5, count: 3 } })).toEqual(fitted);
  });

  it("random directions around --params, filter-normalized: equals slice --json; planSlice exposes the same points by range", async () => {
    const cli = cliJson(["--data", "moons", "--hidden", "6", "--loss", "bce", "--params", "p.json", "--seed", "7", "--alpha=-1:1:6", "--beta=-2:2:3"], dir);
    const options = { loss: "bce" as const, params: theta(), paramsSource: "p.json", seed: 7, alpha: { min: -1, max: 1, count: 6 }, beta: { min: -2, max: 2, count: 3 } };
    const r = await slice(mlpModel(arch, theta()), moons(), options);
    expect(r).toEqual(cli);
    const plan = await planSlice(mlpModel(arch, theta()), moons(), options);
    const got: number[] = [];
    await plan.evaluate({ start: 7, end: 11 }, (_at, v) => got.push(...v[0]), () => false);
    expect(got).toEqual((cli as { fields: { loss: number[][] } }).fields.loss.flat().slice(7, 11));
  });

  it("parallel directions are a SliceError about normalize; an aborted signal rejects", async () => {
    const t = theta();
    await expect(slice(mlpModel(arch, t), moons(), { params: t, directions: { kind: "files", files: ["a", "b"], vectors: [t, t] } })).rejects.toMatchObject({ name: "SliceError", option: "normalize" });
    const ctl = new AbortController();
    ctl.abort();
    await expect(slice(mlpModel(arch, t), moons(), { params: t }, { signal: ctl.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(SliceError.prototype).toBeInstanceOf(RangeError);
  });
});

describe("api slice: an ONNX model", () => {
  const onnx = join(FIX, "moons-mlp.onnx");
  const npz = join(FIX, "moons-mlp.npz");
  const model = () => graphModel(loadOnnx(readFileSync(onnx), onnx).graph, onnx);
  const data = () => npzData(readFileSync(npz), npz);

  it("random filter-normalized directions around the model's parameters: equals slice --model --json", async () => {
    const cli = cliJson(["--model", onnx, "--data", npz, "--seed", "2", "--alpha=-1:1:5", "--beta=-1:1:3"]);
    const rows: number[] = [];
    const r = await slice(model(), data(), { seed: 2, alpha: { min: -1, max: 1, count: 5 }, beta: { min: -1, max: 1, count: 3 } }, { onProgress: (s, f) => s.startsWith("evaluating") && rows.push(f!) });
    expect(r).toEqual(cli);
    expect(rows).toEqual([1 / 3, 2 / 3, 1]);
  });

  it("an aborted signal rejects with its reason", async () => {
    const ctl = new AbortController();
    ctl.abort(new Error("stop"));
    await expect(slice(model(), data(), {}, { signal: ctl.signal })).rejects.toThrow("stop");
  });

  it("a model given its file's bytes shares the rows with worker threads: the same result to the bit", async () => {
    const bytes = readFileSync(onnx);
    const withBytes = graphModel(loadOnnx(bytes, onnx).graph, onnx, bytes);
    const o = { seed: 3, alpha: { min: -1, max: 1, count: 9 }, beta: { min: -1, max: 1, count: 9 } };
    const fractions: number[] = [];
    const parallel = await slice(withBytes, data(), o, { onProgress: (s, f) => s.startsWith("evaluating") && fractions.push(f!) });
    expect(parallel).toEqual(await slice(model(), data(), o));
    expect(fractions.at(-1)).toBe(1);
  });
});
