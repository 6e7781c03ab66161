// A network job too large for the working-memory limit is refused before it allocates
// (the file cases are in memory-bounds.slow.test.ts).
import { describe, expect, it } from "vitest";
import { MAX_WORKING_BYTES, networkPassBytes } from "../src/nn/memory.js";
import { runCli } from "./run-cli.js";

describe("working memory of network jobs", () => {
  it("counts at least the forward pass's three arrays per unit and sample", () => {
    const arch = { inputs: 2, hidden: [1000, 1000], activation: "tanh" as const };
    expect(networkPassBytes(arch, 10_000)).toBeGreaterThan(3 * 8 * 10_000 * 2001);
  });
  it("refuses --hidden 65536 --samples 20000 (and 100000) on every network command with exit 2 and one line", () => {
    for (const cmd of ["probe", "train", "layers", "slice", "hessian", "sharpness"]) {
      for (const samples of cmd === "probe" ? ["20000", "100000"] : ["20000"]) {
        const r = runCli([cmd, "--data", "moons", "--hidden", "65536", "--samples", samples]);
        expect(r.status, `${cmd} ${samples}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(/needs about [\d.]+ GiB of working memory, over the limit of 4\.0 GiB: .* use fewer samples \(--samples/);
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
      }
    }
    expect(MAX_WORKING_BYTES).toBe(4 * 2 ** 30);
  });
  it("runs a job just under the limit", () => {
    const r = runCli(["probe", "--data", "moons", "--hidden", "64", "--samples", "2000", "--no-hessian", "--json"]);
    expect(r.status, r.stderr).toBe(0);
  });
});

