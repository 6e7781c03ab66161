import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import { builtinTable } from "../src/nn/datasets.js";
import { initializeNetwork } from "../src/nn/init.js";
import { layerStatistics } from "../src/nn/layer-stats.js";
import { serializeParams } from "../src/formats/params-json.js";
import { trainNetwork } from "../src/nn/train.js";
import { DEFAULT_TRAIN_CONFIG } from "../src/train/train.js";
import { runCli } from "./run-cli.js";

describe("layers command", () => {
  it("--json equals the library's layerStatistics for each repeated --init", () => {
    const r = runCli(["layers", "--hidden", "6x2", "--activation", "sigmoid", "--data", "circles", "--samples", "60", "--noise", "0.05", "--data-seed", "3", "--init", "he", "--init", "xavier-normalized", "--seed", "5", "--loss", "bce", "--json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    const data = builtinTable("circles", { samples: 60, noise: 0.05, dataSeed: 3 });
    const arch = { inputs: 2, hidden: [6, 6], activation: "sigmoid" as const };
    expect(doc.runs.map((s: { init: string }) => s.init)).toEqual(["he", "xavier-normalized"]);
    doc.runs.forEach((s: { layers: Array<Record<string, unknown>> }, i: number) => {
      const { theta } = initializeNetwork(arch, { kind: i === 0 ? "he" : "xavier-normalized" }, seededRandom(5));
      const ref = layerStatistics(arch, theta, data, "bce");
      expect(s.layers.length).toBe(3);
      s.layers.forEach((l, k) => {
        expect(Object.keys(l)).toEqual(["index", "fanIn", "fanOut", "preactivation", "activation", "backprop", "weightGradNorm", "biasGradNorm"]);
        expect(l.preactivation).toEqual(ref[k].preactivation);
        expect(l.activation).toEqual(ref[k].activation);
        expect(l.backprop).toEqual(ref[k].backprop);
        expect(l.weightGradNorm).toBe(ref[k].weightGradNorm);
      });
    });
  });
  it("--after-epochs K trains first with the training flags, shuffling from the same --seed stream", () => {
    const args = ["layers", "--hidden", "5", "--activation", "sigmoid", "--data", "moons", "--samples", "40", "--init", "xavier-normalized", "--seed", "2", "--loss", "bce"];
    const r = runCli([...args, "--after-epochs", "3", "--lr", "0.5", "--batch-size", "8", "--shuffle", "--optimizer", "momentum", "--json"]);
    expect(r.status).toBe(0);
    const data = builtinTable("moons", { samples: 40, noise: null, dataSeed: 0 });
    const arch = { inputs: 2, hidden: [5], activation: "sigmoid" as const };
    const rng = seededRandom(2);
    const { theta } = initializeNetwork(arch, { kind: "xavier-normalized" }, rng);
    const config = { ...DEFAULT_TRAIN_CONFIG, loss: "bce" as const, optimizer: "momentum" as const, batchSize: 8, epochs: 3, shuffle: true, optimizerOptions: { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, lr: 0.5 } };
    const ref = layerStatistics(arch, trainNetwork(arch, theta, data, config, rng).final, data, "bce");
    const got = JSON.parse(r.stdout).runs[0].layers;
    expect(got[0].preactivation).toEqual(ref[0].preactivation);
    expect(got[1].backprop).toEqual(ref[1].backprop);
    const at0 = JSON.parse(runCli([...args, "--json"]).stdout).runs[0].layers;
    expect(at0[0].preactivation).not.toEqual(got[0].preactivation);
  });
  it("reads --params and rejects a shape that does not fit with exit 2 and one line", () => {
    const dir = mkdtempSync(join(tmpdir(), "layers-"));
    const arch = { inputs: 2, hidden: [3], activation: "tanh" as const };
    const theta = Float64Array.from({ length: 13 }, (_, j) => (j - 6) / 5);
    writeFileSync(join(dir, "p.json"), serializeParams(arch, theta));
    const ok = runCli(["layers", "--hidden", "3", "--data", "xor", "--params", join(dir, "p.json"), "--json"]);
    expect(ok.status).toBe(0);
    const ref = layerStatistics(arch, theta, builtinTable("xor", { samples: 200, noise: null, dataSeed: 0 }), "mse");
    expect(JSON.parse(ok.stdout).runs[0].layers[1].backprop).toEqual(ref[1].backprop);
    const bad = runCli(["layers", "--hidden", "4", "--data", "xor", "--params", join(dir, "p.json")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain("--hidden 4 contradicts --params");
    expect(bad.stderr).toContain("whose layers give hidden widths 3");
    writeFileSync(join(dir, "nan.json"), '{"layers":[{"weight":[[NaN, 1]],"bias":[0]}]}');
    const nan = runCli(["layers", "--data", "xor", "--params", join(dir, "nan.json")]);
    expect(nan.status).toBe(2);
  });
  it.each([
    [["--hidden", "0"], "--hidden"],
    [["--hidden", ""], "--hidden"],
    [["--hidden", "4096x400"], "--hidden"],
    [["--activation", "gelu"], "--activation"],
    [["--init", "kaiming"], "--init"],
    [["--gain", "-1"], "--gain"],
    [["--data", "nowhere.csv"], "--data"],
    [["--samples", "1", "--data", "xor"], "--samples"],
  ])("%j: exit 2, one line naming the flag", (args, flag) => {
    const r = runCli(["layers", ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(flag);
    expect(r.stdout).toBe("");
  });
});
