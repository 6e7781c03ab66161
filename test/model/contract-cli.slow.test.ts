// The contract commands (params, probe, slice, hessian, train with --model) on the three
// PyTorch-exported fixtures reproduce reference.json (PyTorch float64 autograd) to 1e-9 relative.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../run-cli.js";
import { parseSafetensors } from "../../src/formats/safetensors.js";
import { relErr } from "../helpers/onnx-fixtures.js";

const dir = fileURLToPath(new URL("../fixtures/onnx/", import.meta.url));
const ref = JSON.parse(readFileSync(join(dir, "reference.json"), "utf8")) as Record<string, any>;
const f = (name: string): string => join(dir, name);

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

function json(args: string[]): any {
  const r = runCli(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe.each(Object.keys(ref))("%s: the contract commands against PyTorch", (name) => {
  const r = ref[name];
  const common = ["--model", f(`${name}.onnx`), "--data", f(`${name}.npz`), "--loss", r.loss];
  const flat = (byName: Record<string, number[]>): number[] => r.parameters.flatMap((p: { name: string }) => byName[p.name]);

  it("params --json lists names, shapes, offsets and sizes in named_parameters() order", () => {
    const doc = json(["params", "--model", f(`${name}.onnx`), "--json"]);
    let offset = 0;
    expect(doc.parameters).toEqual(r.parameters.map((p: { name: string; shape: number[]; size: number }) => {
      const o = { ...p, offset };
      offset += p.size;
      return { name: o.name, shape: o.shape, offset: o.offset, size: o.size };
    }));
    expect(doc.total).toBe(r.P);
    expect(doc.buffers.map((b: { name: string }) => b.name)).toEqual(r.buffers);
  });

  it("probe --hvp --json: loss, accuracy, gradient, H·v, eigenvalues and trace", () => {
    const doc = json(["probe", ...common, "--hvp", f(`${name}-v.safetensors`), "--json"]);
    expect(rel(doc.loss, r.value)).toBeLessThan(1e-9);
    expect(doc.accuracy).toBeCloseTo(r.accuracy, 12);
    expect(relErr(doc.gradient, flat(r.gradient))).toBeLessThan(1e-9);
    expect(relErr(doc.hvp, flat(r.hvp))).toBeLessThan(1e-9);
    const ev: number[] = doc.hessian.eigenvalues;
    expect(ev.length).toBe(r.P);
    expect(relErr(ev.slice(-3).reverse(), r.eig_top3)).toBeLessThan(1e-9);
    expect(rel(ev[0], r.eig_min)).toBeLessThan(1e-9);
    expect(rel(doc.hessian.trace, r.trace)).toBeLessThan(1e-9);
  });

  it("slice --dims 1 along the reference direction", () => {
    const doc = json(["slice", ...common, "--dims", "1", "--directions", f(`${name}-d.safetensors`), "--normalize", "none", "--bias-directions", "zero", "--alpha=-1:1:5", "--format", "json"]);
    expect(Array.from(doc.alpha)).toEqual(r.slice.alphas);
    expect(relErr(doc.fields.loss[0], r.slice.values)).toBeLessThan(1e-9);
  });

  it("hessian --top 3 --json", () => {
    const doc = json(["hessian", ...common, "--top", "3", "--json"]);
    expect(relErr(doc.top.values, r.eig_top3)).toBeLessThan(1e-9);
  });

  it("train: 2 epochs of SGD, final loss and the saved parameters by name", () => {
    const out = join(mkdtempSync(join(tmpdir(), "onnx-train-")), "final.safetensors");
    const doc = json(["train", ...common, "--optimizer", "sgd", "--lr", "0.05", "--batch-size", "64", "--epochs", "2", "--json", "--save-params", out, "--dtype", "f64"]);
    expect(rel(doc.finalLoss, r.sgd.final_loss)).toBeLessThan(1e-9);
    expect(relErr(doc.epochs.map((e: { meanBatchLoss: number }) => e.meanBatchLoss), r.sgd.epoch_mean_loss)).toBeLessThan(1e-9);
    const saved = parseSafetensors(readFileSync(out), out);
    for (const p of r.parameters) expect(relErr(saved.get(p.name)!.data, r.sgd.final[p.name])).toBeLessThan(1e-9);
  });
});
