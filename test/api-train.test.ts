// The library's train (loss-landscape/api) against the CLI: for an MLP and for an ONNX model,
// the function's result is what `train --json` prints for the same inputs (and its θ and
// trajectory what --save-params and --save-trajectory write); progress is reported and an
// aborted signal rejects.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { train, trainNeuron, TrainingDivergedError } from "../src/api/index.js";
import { seedDataset } from "../src/data/dataset.js";
import { mlpModel, modelDataOfTable } from "../src/model/mlp-model.js";
import { npzData } from "../src/model/model-data.js";
import { graphModel } from "../src/model/onnx-model.js";
import { readKeyed } from "../src/formats/keyed-safetensors.js";
import { readKeyedTrajectory } from "../src/formats/keyed-trajectory.js";
import { builtinTable } from "../src/nn/datasets.js";
import { layersToTheta, parseParamsJson } from "../src/formats/params-json.js";
import { parseTrajectory } from "../src/formats/trajectory.js";
import { loadOnnx } from "../src/onnx/load.js";
import { runCli } from "./run-cli.js";

const FIX = join(__dirname, "fixtures", "onnx");
const moons = () => modelDataOfTable(builtinTable("moons"));

function cliJson(args: string[], cwd?: string): unknown {
  const r = runCli(["train", ...args, "--json"], cwd);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe("api train: an MLP", () => {
  const arch = { inputs: 2, hidden: [5, 3], activation: "tanh" as const };
  const linear = { inputs: 2, hidden: [3], activation: "linear" as const };
  const P = 2 * 5 + 5 + 5 * 3 + 3 + 3 + 1;

  it("equals train --json (init scheme drawn from --seed, shuffled, held-out rows), with θ and the trajectory of --save-params/--save-trajectory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "api-train-"));
    const cli = cliJson(
      ["--data", "moons", "--hidden", "5,3", "--activation", "tanh", "--init", "xavier-normal", "--seed", "4", "--loss", "bce", "--lr", "0.3", "--batch-size", "16", "--epochs", "7", "--shuffle", "--optimizer", "momentum", "--momentum", "0.8",
        "--test-fraction", "0.25", "--save-params", "p.json", "--save-trajectory", "t.json", "--every", "9"],
      dir,
    );
    const stages: Array<[string, number | undefined]> = [];
    const records: Array<{ epoch: number; loss: number; testLoss?: number }> = [];
    const r = await train(
      mlpModel(arch, new Float64Array(P)),
      moons(),
      { init: { kind: "xavier-normal" }, seed: 4, loss: "bce", lr: 0.3, batchSize: 16, epochs: 7, shuffle: true, optimizer: "momentum", momentum: 0.8, testFraction: 0.25, saveTrajectory: true, every: 9 },
      { onProgress: (s, f, rec) => (stages.push([s, f]), rec && records.push(rec)) },
    );
    const { initial, theta, trajectory, ...doc } = r;
    expect(JSON.parse(JSON.stringify(doc))).toEqual(cli);
    expect(doc.testLoss).toBeGreaterThan(0);
    expect(Number.isFinite(initial.loss)).toBe(true);
    expect(Array.from(theta)).toEqual(Array.from(layersToTheta(parseParamsJson(readFileSync(join(dir, "p.json"), "utf8"), "p"), arch, "p")));
    const saved = parseTrajectory(readFileSync(join(dir, "t.json"), "utf8"), P);
    expect(trajectory?.steps).toEqual(saved.steps);
    expect(trajectory?.points.map((p) => Array.from(p))).toEqual(saved.points.map((p) => Array.from(p)));
    expect(stages).toEqual(Array.from({ length: 8 }, (_, e) => ["training", e / 7]));
    // Each report carries its epoch's record as it happens (the start's as epoch 0): what the CLI's text table prints.
    expect(records).toEqual([{ epoch: 0, ...initial }, ...doc.epochs]);
  });

  it("starts from the model's own θ by default, with the network flags' defaults", async () => {
    const theta0 = Float64Array.from({ length: P }, (_, i) => Math.sin(i + 1) / 2);
    const dir = mkdtempSync(join(tmpdir(), "api-train-"));
    const params = { layers: [
      { weight: [0, 1, 2, 3, 4].map((o) => [theta0[2 * o], theta0[2 * o + 1]]), bias: Array.from(theta0.subarray(10, 15)) },
      { weight: [0, 1, 2].map((o) => Array.from(theta0.subarray(15 + 5 * o, 20 + 5 * o))), bias: Array.from(theta0.subarray(30, 33)) },
      { weight: [Array.from(theta0.subarray(33, 36))], bias: [theta0[36]] },
    ] };
    writeFileSync(join(dir, "start.json"), JSON.stringify(params));
    const cli = cliJson(["--data", "moons", "--params", "start.json", "--activation", "tanh", "--epochs", "3", "--lr", "0.5"], dir);
    const { initial: _i, theta: _t, trajectory, ...doc } = await train(mlpModel(arch, theta0), moons(), { epochs: 3, lr: 0.5 });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(cli);
    expect(trajectory).toBeNull();
  });

  it("an aborted signal rejects with its reason; a diverging run with TrainingDivergedError", async () => {
    const ctl = new AbortController();
    ctl.abort();
    await expect(train(mlpModel(arch, new Float64Array(P).fill(0.1)), moons(), { epochs: 2 }, { signal: ctl.signal })).rejects.toMatchObject({ name: "AbortError" });
    await expect(train(mlpModel(linear, new Float64Array(13).fill(0.1)), moons(), { epochs: 2, lr: 1e300, loss: "bce" })).rejects.toBeInstanceOf(TrainingDivergedError);
  });
});

describe("api train: an ONNX model", () => {
  const onnx = join(FIX, "moons-mlp.onnx");
  const npz = join(FIX, "moons-mlp.npz");
  const model = () => graphModel(loadOnnx(readFileSync(onnx), onnx).graph, onnx);
  const data = () => npzData(readFileSync(npz), npz);

  it("equals train --model --json (adamw, cosine schedule, shuffled), with θ and the trajectory of --save-params/--save-trajectory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "api-train-"));
    const cli = cliJson(["--model", onnx, "--data", npz, "--optimizer", "adamw", "--lr", "0.02", "--epochs", "3", "--lr-schedule", "cosine:3", "--shuffle", "--seed", "5", "--batch-size", "32",
      "--save-params", "p.safetensors", "--dtype", "f64", "--save-trajectory", "t.safetensors", "--every", "4"], dir);
    const stages: string[] = [];
    const m = model();
    const r = await train(m, data(), { optimizer: "adamw", lr: 0.02, epochs: 3, lrSchedule: { kind: "cosine", tMax: 3 }, shuffle: true, seed: 5, batchSize: 32, saveTrajectory: true, every: 4 }, { onProgress: (s) => stages.push(s) });
    const { theta, trajectory, ...doc } = r;
    expect(JSON.parse(JSON.stringify(doc))).toEqual(cli);
    expect(Array.from(theta)).toEqual(Array.from(readKeyed(readFileSync(join(dir, "p.safetensors")), m.parameters, "p")));
    const saved = readKeyedTrajectory(readFileSync(join(dir, "t.safetensors")), m.parameters, "t");
    expect(trajectory?.points.map((p) => Array.from(p))).toEqual(saved.points.map((p) => Array.from(p)));
    expect(stages).toEqual(["training", "training", "training"]);
  });

  it("an aborted signal rejects", async () => {
    const ctl = new AbortController();
    ctl.abort(new Error("stop here"));
    await expect(train(model(), data(), { epochs: 1 }, { signal: ctl.signal })).rejects.toThrow("stop here");
  });
});

describe("api trainNeuron: the one-neuron model", () => {
  it("equals train --json (a scheme drawn from --seed, shuffled, momentum); an aborted signal rejects", async () => {
    const cli = cliJson(["--loss", "bce", "--init", "he", "--seed", "3", "--shuffle", "--optimizer", "momentum", "--lr", "0.5", "--epochs", "5", "--batch-size", "4"]);
    const stages: number[] = [];
    const o = { loss: "bce", init: { kind: "he" }, seed: 3, shuffle: true, optimizer: "momentum", lr: 0.5, epochs: 5, batchSize: 4 } as const;
    const r = await trainNeuron(seedDataset(), o, { onProgress: (_s, f) => stages.push(f!) });
    expect(JSON.parse(JSON.stringify(r))).toEqual(cli);
    expect(r.params).toHaveLength(1 + 5 * 10);
    expect(stages).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    // steps "report": every step as a record, none kept (bounded memory); "none": the epochs only, the same run.
    const steps: Array<[number, number]> = [], losses: number[] = [], epochs: number[] = [];
    const reported = await trainNeuron(seedDataset(), { ...o, steps: "report" }, {
      onProgress: (_s, _f, rec) => {
        if (rec?.kind === "step") steps.push([rec.w, rec.b]), losses.push(rec.loss);
        if (rec?.kind === "epoch") epochs.push(rec.fullLoss);
      },
    });
    expect(reported.params).toEqual([r.start]);
    expect([r.start, ...steps]).toEqual(r.params);
    expect(losses).toEqual(r.stepLosses);
    expect(epochs).toEqual(r.epochLosses);
    const none = await trainNeuron(seedDataset(), { ...o, steps: "none" });
    expect(none.final).toEqual(r.final);
    expect(none.epochLosses).toEqual(r.epochLosses);
    const ctl = new AbortController();
    ctl.abort();
    await expect(trainNeuron(seedDataset(), {}, { signal: ctl.signal })).rejects.toMatchObject({ name: "AbortError" });
  });
});
