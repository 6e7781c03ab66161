// --batch-eval B: the data streams through the network B samples at a time, and every
// number is that of one pass over all of it, bit for bit: on the kernel (one thread and
// the pool), on the reference layer routines, for the subsample's standard error, through
// the CLI and its tiles. The kernel's work areas then hold B samples' activations, not n.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateSliceParallel } from "../src/fast/nn-slice-fast.js";
import { planNetLayout } from "../src/fast/nn-layout.js";
import { seededRandom } from "../src/init/random.js";
import type { Architecture } from "../src/nn/architecture.js";
import { builtinTable } from "../src/nn/datasets.js";
import { initializeNetwork } from "../src/nn/init.js";
import { randomDirections } from "../src/slices/directions.js";
import { evaluateSlice, type SliceInput, type SliceSpec } from "../src/slices/slice.js";
import { meanLossStandardError } from "../src/slices/subsample.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "batch-eval-"));
const ARCH: Architecture = { inputs: 2, hidden: [6, 5], activation: "tanh" };
const data = builtinTable("moons", { samples: 203, noise: null, dataSeed: 1 });
const theta = initializeNetwork(ARCH, { kind: "xavier-normal" }, seededRandom(2)).theta;
const [d1, d2] = randomDirections(theta.length, 2, 3);
const SPEC: SliceSpec = { alpha: { min: -1, max: 1, count: 5 }, beta: { min: -1, max: 1, count: 4 } };
// 203 samples: batches that divide it, leave a remainder, fall inside one 64-sample block, exceed it.
const BATCHES = [1, 2, 3, 7, 64, 65, 100, 202, 203, 1000];

const bits = (r: { fields: Record<string, { data: ArrayLike<number> }> }): Float64Array[] => ["loss", "accuracy", "gradNorm"].map((f) => Float64Array.from(r.fields[f].data));

describe("--batch-eval gives one pass's bits", () => {
  for (const loss of ["bce", "mse"] as const) {
    it(`kernel, one thread and the pool (${loss})`, async () => {
      const input: SliceInput = { arch: ARCH, theta, d1, d2, data, loss };
      const one = bits(await evaluateSliceParallel(input, SPEC, { threads: 1 }));
      for (const batch of BATCHES) {
        expect(bits(await evaluateSliceParallel({ ...input, batch }, SPEC, { threads: 1 })), `batch ${batch}`).toEqual(one);
        expect(bits(await evaluateSliceParallel({ ...input, batch }, SPEC, { threads: 2, minWork: 0 })), `batch ${batch}, pool`).toEqual(one);
      }
    });

    it(`reference layer routines (${loss})`, () => {
      const input: SliceInput = { arch: ARCH, theta, d1, d2, data, loss, engine: "reference" };
      const one = bits(evaluateSlice(input, SPEC));
      for (const batch of BATCHES) expect(bits(evaluateSlice({ ...input, batch }, SPEC)), `batch ${batch}`).toEqual(one);
    });
  }

  it("the subsample's standard error", () => {
    const se = meanLossStandardError(ARCH, theta, data, "bce", 1000);
    expect(se).toBeGreaterThan(0);
    for (const batch of [1, 7, 64, 203]) expect(meanLossStandardError(ARCH, theta, data, "bce", 1000, batch)).toBe(se);
  });

  it("the kernel's work areas hold B samples' activations", () => {
    const arch: Architecture = { inputs: 2, hidden: [32, 32], activation: "tanh" };
    const whole = planNetLayout(arch, 100_000, 2);
    const batched = planNetLayout(arch, 100_000, 2, 0, 256);
    // Per sample and thread: z, f′ of every layer (32 + 32 + 4 padded outputs) and the output's δ.
    expect(whole.workBytes - batched.workBytes).toBe((100_000 - 256) * 8 * (2 * (32 + 32 + 4) + 4));
    expect(batched.workBytes).toBeLessThan(whole.workBytes / 200);
    // The samples themselves are still all there, once.
    expect(batched.y - batched.x).toBe(whole.y - whole.x);
  });
});

describe("slice --batch-eval", () => {
  const SLICE = ["slice", "--hidden", "6,5", "--data", "moons", "--samples", "203", "--alpha=-1:1:7", "--beta=-1:1:5", "--quiet"];

  it("writes one run's bytes, with --subsample and in tiles too", () => {
    const one = join(dir, "one.json");
    expect(runCli([...SLICE, "--subsample", "150", "--out", one]).status).toBe(0);
    for (const b of ["1", "64", "149"]) {
      const f = join(dir, `b${b}.json`);
      const r = runCli([...SLICE, "--subsample", "150", "--batch-eval", b, "--out", f]);
      expect(r.stderr).toBe("");
      expect(readFileSync(f, "utf8")).toBe(readFileSync(one, "utf8"));
    }
    for (let k = 0; k < 2; k++) expect(runCli([...SLICE, "--subsample", "150", "--batch-eval", "10", "--tile", `${k}/2`, "--out", join(dir, "t")]).status).toBe(0);
    expect(runCli(["merge", join(dir, "t"), "--out", join(dir, "m.json")]).status).toBe(0);
    expect(readFileSync(join(dir, "m.json"), "utf8")).toBe(readFileSync(one, "utf8"));
  });

  it("--batch-eval 0 or a fraction: exit 2, one line", () => {
    for (const b of ["0", "2.5", "-3"]) {
      const r = runCli([...SLICE, `--batch-eval=${b}`]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/--batch-eval/);
    }
  });
});
