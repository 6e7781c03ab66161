import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import { builtinTable } from "../src/nn/datasets.js";
import { evaluateNetwork } from "../src/nn/forward.js";
import { hessianSpectrum } from "../src/nn/hessian.js";
import { hessianVector } from "../src/nn/hvp.js";
import { initializeNetwork } from "../src/nn/init.js";
import { serializeParams } from "../src/formats/params-json.js";
import { runCli } from "./run-cli.js";

describe("probe with a network", () => {
  const dir = mkdtempSync(join(tmpdir(), "probe-net-"));
  it("--json gives the library's loss, flat gradient, per-layer norms, full spectrum and H v", () => {
    const arch = { inputs: 2, hidden: [4, 3], activation: "softsign" as const };
    const data = builtinTable("spiral", { samples: 50, noise: 0.05, dataSeed: 4 });
    const { theta } = initializeNetwork(arch, { kind: "xavier-normal" }, seededRandom(9), "auto");
    const v = Float64Array.from({ length: theta.length }, (_, j) => Math.sin(j));
    writeFileSync(join(dir, "v.json"), serializeParams(arch, v));
    const r = runCli(["probe", "--hidden", "4,3", "--activation", "softsign", "--data", "spiral", "--samples", "50", "--noise", "0.05", "--data-seed", "4", "--init", "xavier-normal", "--gain", "auto", "--seed", "9", "--loss", "bce", "--hvp", join(dir, "v.json"), "--json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    const ref = evaluateNetwork(arch, theta, data, "bce");
    expect(doc.loss).toBe(ref.loss);
    expect(doc.gradient).toEqual(Array.from(ref.grad));
    expect(doc.gradNorm).toBe(ref.gradNorm);
    expect(doc.accuracy).toBe(ref.accuracy);
    expect(doc.layers).toHaveLength(3);
    expect(doc.layers[2].biasGradNorm).toBeCloseTo(Math.abs(ref.grad[theta.length - 1]), 15);
    const s = hessianSpectrum(arch, theta, data, "bce");
    expect(doc.hessian.eigenvalues).toEqual(Array.from(s.eigenvalues));
    expect([doc.hessian.trace, doc.hessian.lambdaMin, doc.hessian.lambdaMax]).toEqual([s.trace, s.lambdaMin, s.lambdaMax]);
    expect(doc.hvp).toEqual(Array.from(hessianVector(arch, theta, data, "bce", v)));
  });
  it("a params file with no hidden layer reproduces the one-neuron probe at that point", () => {
    writeFileSync(join(dir, "neuron.json"), '{"layers":[{"weight":[[-5]],"bias":[-10]}]}');
    const net = JSON.parse(runCli(["probe", "--params", join(dir, "neuron.json"), "--json"]).stdout);
    const one = JSON.parse(runCli(["probe", "--at=-5,-10", "--json"]).stdout);
    expect(Math.abs(net.loss - one.loss)).toBeLessThanOrEqual(1e-14 * one.loss);
    expect(Math.abs(net.gradient[0] - one.grad[0])).toBeLessThanOrEqual(1e-14 * Math.abs(one.grad[0]));
    expect(Math.abs(net.hessian.lambdaMin - one.eigenvalues[0])).toBeLessThanOrEqual(1e-14 * Math.abs(one.eigenvalues[0]));
    expect(net.accuracy).toBe(one.accuracy);
  });
  it.each([
    [["--hidden", "3", "--at=1,2"], "--at"],
    [["--hidden", "3", "--params", "missing.json"], "--params"],
    [["--hidden", "3", "--init", "nope"], "--init"],
    [["--data", "moons", "--hvp", "missing.json"], "--hvp"],
  ])("%j: exit 2 and one line", (args, flag) => {
    const r = runCli(["probe", ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(flag);
  });
  // Network inputs go through the same capped, regular-file-only reader as --data:
  // /dev/zero is refused at once instead of filling the heap.
  it.each([
    [["--hidden", "3", "--params", "/dev/zero"], "--params"],
    [["--hidden", "3", "--data", "/dev/zero"], "--data"],
    [["--data", "moons", "--hvp", "/dev/zero"], "--hvp"],
  ])("%j: refused as not a regular file, exit 2", (args, flag) => {
    const r = runCli(["probe", ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`${flag}: "/dev/zero" is not a regular file`);
  });
});
