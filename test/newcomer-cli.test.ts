// The first hour with the CLI: defaults that run, typos that get a suggestion, a probe
// that does not spend minutes on a Hessian nobody asked for, readable numbers, and the
// same default start in every command.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("slice with its defaults", () => {
  it("runs: the one-neuron model's plane is (w, b) itself, centered at the origin", () => {
    const r = runCli(["slice", "--alpha=-1:1:3", "--beta=-1:1:3"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.directions.kind).toBe("axes");
    expect(doc.directions.names).toEqual(["w", "b"]);
    // At (α, β) = (0, 0) the center, the origin: σ(0) = ½ for every sample, MSE ¼.
    expect(doc.fields.loss[1][1]).toBe(0.25);
    // Same as `grid` over the same (w, b) values.
    const g = runCli(["grid", "--w=-1:1:3", "--b=-1:1:3", "--loss", "mse", "--format", "csv"]);
    expect(g.status).toBe(0);
    const gridLoss = g.stdout.trim().split("\n").slice(1).map((l) => Number(l.split(",")[2]));
    expect(doc.fields.loss.flat()).toEqual(gridLoss);
  });
  it("runs with no flags at all", () => {
    expect(runCli(["slice", "--format", "csv"]).status).toBe(0);
  });
  it("a network still defaults to random directions", () => {
    const r = runCli(["slice", "--data", "xor", "--samples", "20", "--hidden", "3", "--alpha=-1:1:3", "--beta=-1:1:3"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).directions.kind).toBe("random");
  });
});

describe("slice --directions typos", () => {
  it.each([
    ["pcaa", "did you mean pca?"],
    ["randon", "did you mean random?"],
    ["eigne", "did you mean eigen?"],
    ["interpp", "did you mean interp?"],
  ])("%s: exit 2, one line: %s", (kind, hint) => {
    const r = runCli(["slice", "--directions", kind]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`unknown kind "${kind}"; ${hint}`);
  });
  it("a file that does not exist is named, one line, exit 2", () => {
    const r = runCli(["slice", "--directions", "nowhere-d1.json,nowhere-d2.json"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain('--directions: no file "nowhere-d1.json"');
  });
});

describe("probe's dense Hessian", () => {
  it("--no-hessian skips it and says so (JSON hessianSkipped, text line)", () => {
    const args = ["probe", "--data", "xor", "--samples", "20", "--hidden", "3"];
    const j = JSON.parse(runCli([...args, "--no-hessian", "--json"]).stdout);
    expect(j.hessian).toBeNull();
    expect(j.hessianSkipped).toBe("--no-hessian");
    expect(runCli([...args, "--no-hessian"]).stdout).toContain("hessian      skipped (--no-hessian)");
    const full = JSON.parse(runCli([...args, "--json"]).stdout);
    expect(full.hessianSkipped).toBeNull();
    expect(full.hessian.eigenvalues).toHaveLength(13);
    expect(full.loss).toBe(j.loss);
  });
  it("is skipped by default above P = 2000, saying so", () => {
    // 2-40-40-1: 120 + 1640 + 41 = 1801 parameters is computed; 2-45-45-1: 135 + 2070 + 46 = 2251 is not.
    const args = ["probe", "--data", "xor", "--samples", "4", "--hidden", "45,45"];
    const j = JSON.parse(runCli([...args, "--json"]).stdout);
    expect(j.hessian).toBeNull();
    expect(j.hessianSkipped).toBe("P > 2000");
    expect(runCli(args).stdout).toContain("hessian      skipped: the dense Hessian is computed for P ≤ 2000 (here P = 2251)");
  });
});

describe("human-facing numbers and default starts", () => {
  it("accuracy is printed with at most 4 decimals (JSON keeps full precision)", () => {
    // 3 samples: accuracy is k/3, 0.3333… or 0.6667 in text.
    const r = runCli(["probe", "--data", "xor", "--samples", "3", "--hidden", "2"]);
    expect(r.status).toBe(0);
    const line = r.stdout.split("\n").find((l) => l.startsWith("accuracy"))!;
    expect(line).toMatch(/^accuracy {5}(0|1|0\.3333|0\.6667)$/);
    const t = runCli(["train", "--data", "xor", "--samples", "3", "--hidden", "2", "--epochs", "1"]);
    expect(t.stdout).toMatch(/accuracy = (0|1|0\.3333|0\.6667), /);
    const j = JSON.parse(runCli(["probe", "--data", "xor", "--samples", "3", "--hidden", "2", "--json"]).stdout);
    expect([0, 1 / 3, 2 / 3, 1]).toContain(j.accuracy);
  });
  it("hessian, probe and train start the one-neuron model at the same (-5, -10)", () => {
    const h = JSON.parse(runCli(["hessian", "--top", "2", "--json"]).stdout);
    const p = JSON.parse(runCli(["probe", "--json"]).stdout);
    expect(p.w).toBe(-5);
    expect(p.b).toBe(-10);
    expect(h.top.exact[0]).toBeCloseTo(p.eigenvalues[1], 14);
    expect(h.top.exact[1]).toBeCloseTo(p.eigenvalues[0], 14);
    const t = JSON.parse(runCli(["train", "--epochs", "1", "--json"]).stdout);
    expect(t.start).toEqual([-5, -10]);
  });
});

describe("slice --fit path", () => {
  const dir = mkdtempSync(join(tmpdir(), "fit-"));
  const model = ["--hidden", "3", "--data", "xor", "--samples", "20", "--loss", "bce"];
  const traj = join(dir, "run.json");
  const made = runCli(["train", ...model, "--init", "he", "--lr", "1", "--epochs", "20", "--save-trajectory", traj, "--every", "5"]);
  it("is pca's default: the window covers the projected trajectory and the center with a 25% margin, said on stderr and in the JSON", () => {
    expect(made.status).toBe(0);
    const r = runCli(["slice", ...model, "--directions", "pca", "--trajectory", traj, "--alpha=-1:1:5", "--beta=-1:1:5", "--fit", "none"]);
    const f = runCli(["slice", ...model, "--directions", "pca", "--trajectory", traj]);
    expect(f.status).toBe(0);
    const doc = JSON.parse(f.stdout);
    expect(doc.window.fit).toBe("path");
    expect(doc.window.margin).toBe(0.25);
    expect(JSON.parse(r.stdout).window).toEqual({ fit: "none", margin: null, alpha: [-1, 1], beta: [-1, 1] });
    const a = doc.trajectory.map((p: { alpha: number }) => p.alpha), b = doc.trajectory.map((p: { beta: number }) => p.beta);
    for (const [vals, [lo, hi], axis] of [[a, doc.window.alpha, doc.alpha], [b, doc.window.beta, doc.beta]] as const) {
      const min = Math.min(0, ...vals), max = Math.max(0, ...vals);
      expect(lo).toBeCloseTo(min - 0.25 * (max - min), 10);
      expect(hi).toBeCloseTo(max + 0.25 * (max - min), 10);
      expect(axis[0]).toBe(lo);
      expect(axis[axis.length - 1]).toBe(hi);
      expect(axis).toHaveLength(51);
    }
    expect(f.stderr.trim().split("\n")).toHaveLength(1);
    expect(f.stderr).toMatch(/^loss-landscape slice: window α ∈ \[-?[\d.e-]+, -?[\d.e-]+\], β ∈ \[-?[\d.e-]+, -?[\d.e-]+\] \(--fit path: the projected trajectory and the center, with a 25% margin\)\n$/);
    expect(runCli(["slice", ...model, "--directions", "pca", "--trajectory", traj, "--quiet"]).stderr).toBe("");
  });
  it("keeps a given axis; refuses --fit path without a trajectory or with every axis given", () => {
    const f = JSON.parse(runCli(["slice", ...model, "--directions", "pca", "--trajectory", traj, "--alpha=-3:3:7"]).stdout);
    expect(f.window.alpha).toEqual([-3, 3]);
    expect(f.window.beta[0]).toBeLessThan(0);
    const none = runCli(["slice", ...model, "--fit", "path"]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("--fit path needs --trajectory FILE");
    const both = runCli(["slice", ...model, "--directions", "pca", "--trajectory", traj, "--fit", "path", "--alpha=-1:1:3", "--beta=-1:1:3"]);
    expect(both.status).toBe(2);
    expect(both.stderr.trim().split("\n")).toHaveLength(1);
  });
});
