// `train` with a network against independent references: the one-neuron closed-form
// trainer (no hidden layer), and a hand-written per-sample backprop loop for a 2-4-1 tanh
// net; the saved trajectory and params read back; bad input exits 2 and writes nothing.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import type { Architecture } from "../src/nn/architecture.js";
import { builtinTable } from "../src/nn/datasets.js";
import { evaluateNetwork } from "../src/nn/forward.js";
import { initializeNetwork } from "../src/nn/init.js";
import { layersToTheta, parseParamsJson, serializeParams } from "../src/formats/params-json.js";
import { safetensorsLayers } from "../src/formats/safetensors.js";
import type { Table } from "../src/nn/table.js";
import { trainNetwork } from "../src/nn/train.js";
import { parseTrajectory } from "../src/formats/trajectory.js";
import { trajectoryPointCount } from "../src/cli/network-train.js";
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from "../src/train/train.js";
import type { OptimizerName } from "../src/train/optimizers.js";
import { runCli } from "./run-cli.js";

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

/**
 * A 2-H-1 tanh network trained sample by sample: scalar loops, the gradient of each
 * sample's loss accumulated and divided by the batch size, torch.optim's update rules
 * written out again. Shares no code with src/nn.
 */
function referenceTrain(H: number, start: Float64Array, data: Table, loss: "mse" | "bce", optimizer: OptimizerName, lr: number, batch: number, epochs: number): { theta: number[]; epochLosses: number[] } {
  // θ layout (parameters_to_vector): W1 (H×2 row-major), b1 (H), W2 (1×H), b2.
  const th = Array.from(start);
  const P = th.length;
  const n = data.y.length;
  const sig = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
  const sampleGrad = (i: number, g: number[]): number => {
    const x0 = data.x[2 * i], x1 = data.x[2 * i + 1], y = data.y[i];
    const a: number[] = [];
    let z = th[3 * H + H];
    for (let h = 0; h < H; h++) {
      a[h] = Math.tanh(th[2 * h] * x0 + th[2 * h + 1] * x1 + th[2 * H + h]);
      z += th[3 * H + h] * a[h];
    }
    const p = sig(z);
    const l = loss === "mse" ? (p - y) ** 2 : Math.max(z, 0) - y * z + Math.log1p(Math.exp(-Math.abs(z)));
    const dz = loss === "mse" ? 2 * (p - y) * p * (1 - p) : p - y;
    g[4 * H] += dz;
    for (let h = 0; h < H; h++) {
      g[3 * H + h] += dz * a[h];
      const dh = dz * th[3 * H + h] * (1 - a[h] * a[h]);
      g[2 * h] += dh * x0;
      g[2 * h + 1] += dh * x1;
      g[2 * H + h] += dh;
    }
    return l;
  };
  const buf = new Array<number>(P).fill(0), m = new Array<number>(P).fill(0), v = new Array<number>(P).fill(0);
  let t = 0;
  const epochLosses: number[] = [];
  for (let e = 0; e < epochs; e++) {
    for (let s = 0; s < n; s += batch) {
      const g = new Array<number>(P).fill(0);
      const end = Math.min(n, s + batch);
      for (let i = s; i < end; i++) sampleGrad(i, g);
      for (let j = 0; j < P; j++) g[j] /= end - s;
      t++;
      for (let j = 0; j < P; j++) {
        if (optimizer === "sgd") th[j] -= lr * g[j];
        else if (optimizer === "momentum") {
          buf[j] = t === 1 ? g[j] : 0.9 * buf[j] + g[j];
          th[j] -= lr * buf[j];
        } else {
          m[j] = 0.9 * m[j] + 0.1 * g[j];
          v[j] = 0.999 * v[j] + 0.001 * g[j] * g[j];
          const mh = m[j] / (1 - 0.9 ** t), vh = v[j] / (1 - 0.999 ** t);
          th[j] -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
        }
      }
    }
    let total = 0;
    const scratch = new Array<number>(P).fill(0);
    for (let i = 0; i < n; i++) total += sampleGrad(i, scratch);
    epochLosses.push(total / n);
  }
  return { theta: th, epochLosses };
}

describe("trainNetwork against a hand-written per-sample backprop (2-4-1 tanh)", () => {
  const arch: Architecture = { inputs: 2, hidden: [4], activation: "tanh" };
  const data = builtinTable("moons", { samples: 37, noise: 0.2, dataSeed: 3 });
  const { theta } = initializeNetwork(arch, { kind: "xavier-normalized" }, seededRandom(11));
  it.each([
    ["sgd", "bce", 0.5, 4],
    ["momentum", "mse", 0.3, 5],
    ["adam", "bce", 0.02, 3],
    ["adam", "mse", 0.05, 37],
  ] as const)("%s, %s, lr %s, batch %s: every parameter and epoch loss to 1e-10", (optimizer, loss, lr, batch) => {
    const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss, optimizer, batchSize: batch, epochs: 6, optimizerOptions: { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr } };
    const got = trainNetwork(arch, theta, data, config);
    const ref = referenceTrain(4, theta, data, loss, optimizer, lr, batch, 6);
    ref.theta.forEach((t, j) => expect(Math.abs(got.final[j] - t)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(t))));
    ref.epochLosses.forEach((l, e) => expect(rel(got.epochs[e].loss, l)).toBeLessThan(1e-10));
    // Training moved the parameters (a run that stood still would pass trivially).
    expect(Math.abs(got.final[0] - theta[0])).toBeGreaterThan(1e-4);
  });
});

describe("train with a network (CLI)", () => {
  const dir = mkdtempSync(join(tmpdir(), "train-net-"));
  const arch: Architecture = { inputs: 2, hidden: [4], activation: "tanh" };
  const xor = builtinTable("xor", { samples: 24, noise: null, dataSeed: 2 });

  it("--hidden none on a 1-column CSV is today's one-neuron train to 1e-12", () => {
    const csv = join(dir, "one.csv");
    writeFileSync(csv, "x,y\n" + Array.from({ length: 30 }, (_, i) => `${(i - 15) / 7},${i % 3 === 0 || i > 18 ? 1 : 0}`).join("\n") + "\n");
    for (const args of [
      ["--loss", "mse", "--init=-5,-10", "--epochs", "20"],
      ["--loss", "bce", "--init", "he", "--seed", "7", "--shuffle", "--optimizer", "adam", "--lr", "0.1", "--batch-size", "4", "--epochs", "9"],
      ["--loss", "bce", "--init=0.5,-1", "--optimizer", "momentum", "--lr", "0.3", "--batch-size", "7", "--epochs", "12"],
    ]) {
      const one = JSON.parse(runCli(["train", "--data", csv, ...args, "--json"]).stdout);
      const r = runCli(["train", "--data", csv, "--hidden", "none", ...args, "--json"]);
      expect(r.status).toBe(0);
      const net = JSON.parse(r.stdout);
      expect(net.start).toEqual({ layers: [{ weight: [[one.start[0]]], bias: [one.start[1]] }] });
      expect(net.epochs).toHaveLength(one.epochLosses.length);
      net.epochs.forEach((rec: { epoch: number; loss: number }, e: number) => {
        expect(rec.epoch).toBe(e + 1);
        expect(rel(rec.loss, one.epochLosses[e])).toBeLessThan(1e-12);
      });
      const [[w]] = net.final.layers[0].weight;
      const [b] = net.final.layers[0].bias;
      expect(Math.abs(w - one.final[0])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(one.final[0])));
      expect(Math.abs(b - one.final[1])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(one.final[1])));
      expect(net.accuracy).toBe(one.accuracy);
    }
  });

  it("--json: per-epoch full-data loss, accuracy, ‖∇L‖ and final params are the library's run from --init/--seed", () => {
    const r = runCli(["train", "--data", "xor", "--samples", "24", "--data-seed", "2", "--hidden", "4", "--init", "he", "--seed", "5", "--loss", "bce", "--lr", "0.2", "--batch-size", "5", "--shuffle", "--epochs", "4", "--json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    const rng = seededRandom(5);
    const { theta } = initializeNetwork(arch, { kind: "he" }, rng);
    const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss: "bce", shuffle: true, batchSize: 5, epochs: 4, optimizerOptions: { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr: 0.2 } };
    const ref = trainNetwork(arch, theta, xor, config, rng);
    expect(layersToTheta(parseParamsJson(JSON.stringify(doc.start), "s"), arch, "s")).toEqual(theta);
    expect(layersToTheta(parseParamsJson(JSON.stringify(doc.final), "f"), arch, "f")).toEqual(ref.final);
    expect(doc.epochs).toEqual(ref.epochs);
    const end = evaluateNetwork(arch, ref.final, xor, "bce", { engine: "reference" });
    expect([doc.finalLoss, doc.accuracy, doc.gradNorm]).toEqual([end.loss, end.accuracy, end.gradNorm]);
    expect(doc.architecture).toEqual({ inputs: 2, hidden: [4], activation: "tanh" });
    expect(doc.parameters).toBe(17);
  });

  it("--save-trajectory and --save-params read back: start, every K steps, the last step, the final θ", () => {
    const p0 = join(dir, "start.json");
    const { theta } = initializeNetwork(arch, { kind: "xavier-normal" }, seededRandom(1));
    writeFileSync(p0, serializeParams(arch, theta));
    const traj = join(dir, "traj.json");
    const saved = join(dir, "final.safetensors");
    // 24 samples in batches of 5: 5 steps per epoch, 15 steps; K = 4 keeps 0, 4, 8, 12, 15.
    const r = runCli(["train", "--data", "xor", "--samples", "24", "--data-seed", "2", "--params", p0, "--loss", "mse", "--lr", "0.5", "--batch-size", "5", "--epochs", "3", "--save-trajectory", traj, "--every", "4", "--save-params", saved, "--json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    const t = parseTrajectory(readFileSync(traj, "utf8"), 17);
    expect(t.every).toBe(4);
    expect(t.steps).toEqual([0, 4, 8, 12, 15]);
    expect(t.points).toHaveLength(trajectoryPointCount(15, 4));
    const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, loss: "mse", batchSize: 5, epochs: 3, optimizerOptions: { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr: 0.5 } };
    const ref = trainNetwork(arch, theta, xor, config, null, { every: 4 });
    expect(t.points).toEqual(ref.trajectory);
    expect(t.points[0]).toEqual(theta);
    const final = layersToTheta(parseParamsJson(JSON.stringify(doc.final), "f"), arch, "f");
    expect(t.points[4]).toEqual(final);
    expect(layersToTheta(safetensorsLayers(new Uint8Array(readFileSync(saved)), saved), arch, saved)).toEqual(final);
    // The saved params start a probe at the final point (hidden widths read from the file).
    const probe = JSON.parse(runCli(["probe", "--data", "xor", "--samples", "24", "--data-seed", "2", "--params", saved, "--loss", "mse", "--json"]).stdout);
    // probe may evaluate on the fast kernel: the same number to rounding.
    expect(rel(probe.loss, doc.finalLoss)).toBeLessThan(1e-12);
  });

  it("slice --directions pca reads the saved trajectory: one projected point per saved step", () => {
    const cwd = mkdtempSync(join(tmpdir(), "train-slice-"));
    const common = ["--data", "moons", "--samples", "30", "--hidden", "5", "--loss", "bce"];
    const t = runCli(["train", ...common, "--init", "he", "--lr", "0.5", "--batch-size", "4", "--epochs", "6", "--save-params", "end.json", "--save-trajectory", "path.json", "--every", "5"], cwd);
    expect(t.status).toBe(0);
    // 30 samples in batches of 4: 8 steps per epoch, 48 steps; every 5 keeps 0, 5, …, 45 and 48.
    const s = runCli(["slice", ...common, "--params", "end.json", "--directions", "pca", "--trajectory", "path.json", "--alpha=-1:1:3", "--beta=-1:1:3", "--out", "slice.json"], cwd);
    expect(s.status).toBe(0);
    const doc = JSON.parse(readFileSync(join(cwd, "slice.json"), "utf8"));
    expect(doc.trajectory.map((p: { step: number }) => p.step)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 48]);
    // The last saved point is the center θ*: no offset and no distance from the plane.
    const end = doc.trajectory[doc.trajectory.length - 1];
    expect(Math.abs(end.alpha) + Math.abs(end.beta) + end.offPlane).toBeLessThan(1e-9);
  });

  it("text output: the start, at most 20 epoch rows and the final line", () => {
    const r = runCli(["train", "--data", "moons", "--samples", "20", "--hidden", "3", "--init", "lecun", "--epochs", "100", "--batch-size", "20"]);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split("\n");
    expect(rows[0]).toMatch(/^# mse loss, 2-3-1 tanh \(13 parameters\), init lecun \(seed 0\)/);
    expect(rows).toHaveLength(1 + 1 + 1 + 20 + 1);
    expect(rows[3].trim().split(/\s+/)[0]).toBe("5");
    expect(rows[22].trim().split(/\s+/)[0]).toBe("100");
    expect(rows[23]).toMatch(/^final: loss = /);
  });

  const bad = (): Array<[string, string[], RegExp]> => [
    ["wrong-shape params", ["--params", "shape.json", "--hidden", "4"], /--hidden 4 contradicts --params ".*shape\.json", whose layers give hidden widths 3/],
    ["NaN in params", ["--params", "nan.json"], /--params: .*nan\.json: layer 0: weight\[0\]\[1\] is not a finite number/],
    ["NaN as Python's json.dump writes it", ["--params", "pynan.json"], /--params: .*pynan\.json: holds NaN, not a finite number/],
    ["a broken multi-line params file", ["--params", "broken.json"], /--params: .*broken\.json: not valid JSON \(Unexpected token .*\)/],
    ["--every 0", ["--hidden", "2", "--save-trajectory", "t.json", "--every", "0"], /--every must be a whole number ≥ 1/],
    ["--every without a file", ["--hidden", "2", "--every", "3"], /--every applies only with --save-trajectory/],
    ["too many trajectory points", ["--hidden", "2", "--epochs", "1000", "--batch-size", "1", "--save-trajectory", "t.json"], /--every 1: .* at most 100000 points and 16777216 numbers, so use --every \d+ or more/],
    ["unknown activation", ["--hidden", "2", "--activation", "swish"], /--activation must be one of sigmoid, tanh, relu, softsign, linear/],
    ["--hidden 0", ["--hidden", "0"], /--hidden: width 0 is outside 1…65536/],
    ["empty hidden spec", ["--hidden", ""], /--hidden: expected a comma-separated list of widths/],
    ["W,B on a network", ["--hidden", "3", "--init=1,2"], /--init W,B is a start of the one-neuron model/],
    ["an unknown init", ["--hidden", "3", "--init", "glorot"], /--init must be W,B with finite numbers or one of/],
    ["over the size limit", ["--hidden", "4096x2"], /--hidden: network has \d+ parameters, over the limit of 5000000/],
    ["a diverging run", ["--hidden", "3", "--activation", "linear", "--loss", "bce", "--lr", "1e300", "--save-trajectory", "t.json"], /--lr 1e\+300: training diverged .* at step \d+\); use a smaller --lr/],
  ];
  it.each(bad())("%s: exit 2, one line naming the flag, nothing written", (_name, args, message) => {
    const cwd = mkdtempSync(join(tmpdir(), "train-bad-"));
    writeFileSync(join(cwd, "shape.json"), JSON.stringify({ layers: [{ weight: [[1, 2], [3, 4], [5, 6]], bias: [0, 0, 0] }, { weight: [[1, 1, 1]], bias: [0] }] }));
    writeFileSync(join(cwd, "nan.json"), '{"layers":[{"weight":[[1,1e999]],"bias":[0]}]}');
    writeFileSync(join(cwd, "pynan.json"), '{\n  "layers": [\n    {"weight": [[1.0, NaN]],\n     "bias": [0.0]}\n  ]\n}\n');
    // V8 quotes an excerpt around the bad token, newlines included: still one line on stderr.
    writeFileSync(join(cwd, "broken.json"), '{\n  "layers": [\n    {"weight": [[1.0,\n oops]],\n     "bias": [0.0]}\n  ]\n}\n');
    const before = readdirSync(cwd).sort();
    const r = runCli(["train", "--data", "xor", "--save-params", "out.json", ...args], cwd);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(cwd).sort()).toEqual(before);
    expect(existsSync(join(cwd, "out.json"))).toBe(false);
  });
});
