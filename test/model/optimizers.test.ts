// train's update rules and schedules against torch.optim (optimizers-reference.json, made by
// scripts/make-onnx-fixtures.py): SGD with Nesterov momentum and coupled weight decay, momentum
// with StepLR, SGD with CosineAnnealingLR, Adam with coupled L2, AdamW with cosine; 3 epochs.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { npzData } from "../../src/model/model-data.js";
import { graphModel } from "../../src/model/onnx-model.js";
import type { LrSchedule, ModelOptimizerName } from "../../src/model/optimizers.js";
import { trainModel } from "../../src/model/train.js";
import { loadOnnx } from "../../src/onnx/load.js";

const dir = new URL("../fixtures/onnx-ops/", import.meta.url);
const ref = JSON.parse(readFileSync(new URL("optimizers-reference.json", dir), "utf8")) as Record<string, { final_loss: number; final: Record<string, number[]> }>;
const model = graphModel(loadOnnx(readFileSync(new URL("leaky-softplus.onnx", dir)), "leaky-softplus").graph);
const data = npzData(readFileSync(new URL("leaky-softplus.npz", dir)), "leaky-softplus.npz");

const RUNS: Record<string, { optimizer: ModelOptimizerName; lr: number; momentum?: number; nesterov?: boolean; weightDecay?: number; schedule?: LrSchedule }> = {
  "momentum-nesterov-wd": { optimizer: "momentum", lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 },
  "momentum-step": { optimizer: "momentum", lr: 0.1, momentum: 0.8, schedule: { kind: "step", every: 1, gamma: 0.5 } },
  "sgd-cosine": { optimizer: "sgd", lr: 0.2, weightDecay: 0.001, schedule: { kind: "cosine", tMax: 3 } },
  "adam-wd": { optimizer: "adam", lr: 0.01, weightDecay: 0.01 },
  adamw: { optimizer: "adamw", lr: 0.02, weightDecay: 0.05, schedule: { kind: "cosine", tMax: 2 } },
};

describe.each(Object.keys(RUNS))("%s as torch.optim", (name) => {
  it("final parameters and loss to 1e-10", () => {
    const c = RUNS[name];
    const r = trainModel(model, model.theta, data, "bce", {
      optimizer: c.optimizer, lr: c.lr, momentum: c.momentum ?? 0, nesterov: c.nesterov ?? false, weightDecay: c.weightDecay ?? 0,
      beta1: 0.9, beta2: 0.999, eps: 1e-8, batchSize: 16, epochs: 3, schedule: c.schedule ?? { kind: "constant" }, shuffle: null, every: 0,
    });
    const want = model.parameters.flatMap((p) => ref[name].final[p.name]);
    let err = 0;
    for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(r.theta[i] - want[i]) / Math.max(1, Math.abs(want[i])));
    expect(err).toBeLessThan(1e-10);
    expect(Math.abs(r.finalLoss - ref[name].final_loss) / ref[name].final_loss).toBeLessThan(1e-10);
  });
});
