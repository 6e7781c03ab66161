// gradcheck, layers and train's options on model files, through the CLI.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { npzData } from "../../src/model/model-data.js";
import { runCli } from "../run-cli.js";

const fx = fileURLToPath(new URL("../fixtures/onnx/", import.meta.url));
const cnn = ["--model", join(fx, "digits-conv.onnx"), "--data", join(fx, "digits-conv.npz"), "--loss", "ce"];
const bn = ["--model", join(fx, "cancer-bn.onnx"), "--data", join(fx, "cancer-bn.npz"), "--loss", "bce"];

function json(args: string[], status = 0): any {
  const r = runCli(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(status);
  return JSON.parse(r.stdout);
}

describe("gradcheck --model", () => {
  it("passes on the CNN, per tensor, and --only restricts it", () => {
    const doc = json(["gradcheck", ...cnn, "--only", "0.weight,4.bias", "--json"]);
    expect(doc.parameters.map((p: { name: string }) => p.name)).toEqual(["0.weight", "4.bias"]);
    expect(doc.parameters[0].checked).toBe(27);
    expect(doc.passed).toBe(true);
    expect(doc.hvp.relErr).toBeLessThan(1e-6);
  });

  it("fails (exit 1) with an absurd tolerance, and refuses unknown names", () => {
    json(["gradcheck", ...bn, "--only", "1.weight", "--rtol", "0", "--atol", "0", "--json"], 1);
    const r = runCli(["gradcheck", ...bn, "--only", "nope"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--only: no parameter named nope/);
  });
});

describe("layers --model", () => {
  it("one row per Gemm/Conv with the activation after it; weight gradient norms equal probe's", () => {
    const doc = json(["layers", ...bn, "--init", "model", "--init", "he", "--json"]);
    expect(doc.runs.map((r: { init: string }) => r.init)).toEqual(["model", "he"]);
    const layers = doc.runs[0].layers;
    expect(layers.map((l: { op: string; activationOp: string | null; weight: string }) => [l.op, l.activationOp, l.weight])).toEqual([["Gemm", "Tanh", "0.weight"], ["Gemm", null, "3.weight"]]);
    const probe = json(["probe", ...bn, "--no-hessian", "--json"]);
    const byName = new Map(probe.parameters.map((p: { name: string; gradNorm: number }) => [p.name, p.gradNorm]));
    for (const l of layers) expect(l.weightGradNorm).toBeCloseTo(byName.get(l.weight) as number, 14);
    expect(doc.runs[0].loss).toBeCloseTo(probe.loss, 14);
    // the activation after BatchNorm is tanh of BN's output: its std is below the pre-activation's
    expect(layers[0].activation.std).toBeLessThan(layers[0].preactivation.std);
    expect(layers[0].activation.saturated).toBeGreaterThanOrEqual(0);
    expect(doc.runs[1].loss).not.toBe(doc.runs[0].loss);
  });

  it("the CNN's conv layer is followed by its ReLU", () => {
    const doc = json(["layers", ...cnn, "--json"]);
    expect(doc.runs[0].layers.map((l: { op: string; activationOp: string | null }) => `${l.op}+${l.activationOp}`)).toEqual(["Conv+Relu", "Gemm+null"]);
  });
});

describe("train --model options", () => {
  it("adam with a step schedule and --save-model, whose file probes to the final loss", () => {
    const dir = mkdtempSync(join(tmpdir(), "onnx-train-"));
    const out = join(dir, "trained.onnx");
    const doc = json(["train", ...bn, "--optimizer", "adam", "--lr", "0.01", "--epochs", "3", "--lr-schedule", "step:2:0.5", "--save-model", out, "--json"]);
    expect(doc.epochs.map((e: { lr: number }) => e.lr)).toEqual([0.01, 0.01, 0.005]);
    const probe = json(["probe", "--model", out, "--data", join(fx, "cancer-bn.npz"), "--loss", "bce", "--no-hessian", "--json"]);
    expect(probe.loss).toBeCloseTo(doc.finalLoss, 14);
    expect(readFileSync(out).length).toBeGreaterThan(1000);
  });
});

describe("CSV data with --target COLUMN", () => {
  const csvOf = (npz: string, names: string[]): string => {
    const d = npzData(readFileSync(npz), npz);
    const N = d.x.shape[0], dx = d.x.data.length / N, K = d.y.length / N;
    const header = [...names.slice(0, 1), ...Array.from({ length: dx }, (_, j) => `feature ${j}`), ...names.slice(1)];
    const rows = [header.join(",")];
    for (let i = 0; i < N; i++) {
      const y = Array.from(d.y.subarray(i * K, (i + 1) * K), String);
      rows.push([y[0], ...Array.from(d.x.data.subarray(i * dx, (i + 1) * dx), String), ...y.slice(1)].join(","));
    }
    const file = join(mkdtempSync(join(tmpdir(), "onnx-csv-")), "data.csv");
    writeFileSync(file, rows.join("\n") + "\n");
    return file;
  };

  it("the named column is y, every other column a feature: the same numbers as the .npz", () => {
    const csv = csvOf(join(fx, "cancer-bn.npz"), ["diagnosis"]);
    const fromCsv = json(["probe", "--model", join(fx, "cancer-bn.onnx"), "--data", csv, "--target", "diagnosis", "--loss", "bce", "--no-hessian", "--json"]);
    const fromNpz = json(["probe", ...bn, "--no-hessian", "--json"]);
    expect(fromCsv.loss).toBe(fromNpz.loss);
    expect(fromCsv.gradient).toEqual(fromNpz.gradient);
    expect(fromCsv.accuracy).toBe(fromNpz.accuracy);
  });

  it("several target columns for regression (N×K), and an unknown column is refused naming it", () => {
    const ops = fileURLToPath(new URL("../fixtures/onnx-ops/", import.meta.url));
    const csv = csvOf(join(ops, "elu-softsign-regression.npz"), ["y0", "y1"]);
    const m = join(ops, "elu-softsign-regression.onnx");
    const fromCsv = json(["probe", "--model", m, "--data", csv, "--target", "y0,y1", "--loss", "mse", "--no-hessian", "--json"]);
    const fromNpz = json(["probe", "--model", m, "--data", join(ops, "elu-softsign-regression.npz"), "--loss", "mse", "--no-hessian", "--json"]);
    expect(fromCsv.loss).toBe(fromNpz.loss);
    expect(fromCsv.r2).toBe(fromNpz.r2);
    const r = runCli(["probe", "--model", m, "--data", csv, "--target", "price", "--loss", "mse"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--target price: no such column/);
  });
});
