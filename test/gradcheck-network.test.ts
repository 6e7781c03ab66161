// `gradcheck` with a network: every parameter's analytic gradient is the library's, every
// numeric one an independent central difference of the loss, and the report's totals
// follow the one-neuron check's shape.
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import type { Architecture } from "../src/nn/architecture.js";
import { builtinTable } from "../src/nn/datasets.js";
import { evaluateNetwork, forward } from "../src/nn/forward.js";
import { initializeNetwork } from "../src/nn/init.js";
import { runCli } from "./run-cli.js";

describe("gradcheck with a network", () => {
  const arch: Architecture = { inputs: 2, hidden: [3, 2], activation: "sigmoid" };
  const data = builtinTable("circles", { samples: 16, noise: 0.05, dataSeed: 1 });
  const { theta } = initializeNetwork(arch, { kind: "normal", std: 2 }, seededRandom(3));
  const P = theta.length;

  it("--json: P gradient and P² Hessian entries per loss; analytic = the library's, numeric = a central difference", () => {
    const r = runCli(["gradcheck", "--data", "circles", "--samples", "16", "--noise", "0.05", "--data-seed", "1", "--hidden", "3,2", "--activation", "sigmoid", "--init", "normal:2", "--seed", "3", "--json"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.parameters).toBe(P);
    expect(doc.hessianChecked).toBe(true);
    expect(doc.points.map((p: { loss: string }) => p.loss)).toEqual(["mse", "bce"]);
    expect([doc.passed, doc.failed, doc.unresolved]).toEqual([2, 0, 0]);
    for (const point of doc.points) {
      expect(point.grad).toHaveLength(P);
      expect(point.hessian).toHaveLength(P * P);
      const g = evaluateNetwork(arch, theta, data, point.loss, { engine: "reference" }).grad;
      for (let j = 0; j < P; j++) {
        expect(Math.abs(point.grad[j].analytic - g[j])).toBeLessThanOrEqual(1e-12 * Math.max(1e-300, Math.abs(g[j])));
        const h = 1e-6 * Math.max(1, Math.abs(theta[j]));
        const shifted = (s: number): number => {
          const t = Float64Array.from(theta);
          t[j] += s;
          return forward(arch, t, data, point.loss).loss;
        };
        const numeric = (shifted(h) - shifted(-h)) / (2 * h);
        expect(point.grad[j].numeric).toBe(numeric);
        // And the two agree, as the status says.
        expect(Math.abs(numeric - g[j])).toBeLessThanOrEqual(1e-5 + 1e-3 * Math.abs(numeric));
      }
      expect(point.passed + point.failed + point.unresolved).toBe(P + P * P);
    }
    expect(doc.maxAbsErr).toBe(Math.max(...doc.points.map((p: { maxAbsErr: number }) => p.maxAbsErr)));
  });

  it("text: one row per loss naming the parameter with the largest error, and the totals", () => {
    const r = runCli(["gradcheck", "--data", "xor", "--samples", "12", "--hidden", "2", "--loss", "bce"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^2-2-1 tanh \(9 parameters\) at its --init, 12 samples of xor\n/);
    expect(r.stdout).toMatch(/\nbce .* pass {6}  layers\.\d\.(weight\[\d,\d\]|bias\[\d\])\n/);
    expect(r.stdout).toContain("1 points: 1 pass, 0 fail, 0 unresolved; 90 of 90 gradient and Hessian entries pass");
  });

  it.each([
    [["--hidden", "2", "--at=1,2"], /--at\/--w\/--b are points of the one-neuron model/],
    [["--hidden", "2", "--activation", "gelu"], /--activation must be one of/],
    [["--hidden", "0"], /--hidden: width 0/],
  ])("%j: exit 2, one line", (args, message) => {
    const r = runCli(["gradcheck", ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
