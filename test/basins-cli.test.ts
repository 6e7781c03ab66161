import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { basinMap, DEFAULT_BASIN_OPTIONS } from "../src/basins/basin-map.js";
import { basinsCommand } from "../src/cli/commands/basins.js";
import { initStudyCommand } from "../src/cli/commands/init-study.js";
import type { Command } from "../src/cli/command.js";
import { UsageError } from "../src/cli/errors.js";
import { parseOptions } from "../src/cli/parse.js";
import { seedDataset } from "../src/data/dataset.js";
import { DEFAULT_TRAIN_CONFIG } from "../src/train/train.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "basins-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(cmd: Command, argv: string[]): Promise<string> {
  let out = "";
  const code = await cmd.run(parseOptions(argv, cmd.options), { out: (t) => (out += t), err: () => {} });
  expect(code).toBe(0);
  return out;
}

async function usageError(cmd: Command, argv: string[]): Promise<string> {
  try {
    await cmd.run(parseOptions(argv, cmd.options), { out: () => {}, err: () => {} });
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error("expected a UsageError");
}

const SMALL = ["--w=-10:5:4", "--b=-15:5:5"];

describe("basinsCommand.run", () => {
  it("writes JSON with the grid conventions, each field matching basinMap's", async () => {
    const file = join(dir, "b.json");
    await run(basinsCommand, [...SMALL, "--out", file]);
    const j = JSON.parse(readFileSync(file, "utf8"));
    expect(j.w).toEqual([-10, -5, 0, 5]);
    expect(j.b).toEqual([-15, -10, -5, 0, 5]);
    expect(j.losses).toEqual(["mse", "bce"]);
    expect(j).toMatchObject({ accuracyTarget: 0.95, epsilon: DEFAULT_BASIN_OPTIONS.epsilon, optimizer: "sgd", lr: 2, batchSize: 2, epochs: 50, shuffle: false, seed: 0, data: "seed" });
    for (const loss of ["mse", "bce"] as const) {
      const m = basinMap(seedDataset(), { w: { min: -10, max: 5, count: 4 }, b: { min: -15, max: 5, count: 5 } }, { ...DEFAULT_TRAIN_CONFIG, loss });
      const f = j.maps[loss];
      expect(Object.keys(f)).toEqual(["finalLoss", "accuracy", "firstEpoch", "endsFlat", "finalGradNorm", "finalW", "finalB"]);
      for (let i = 0; i < 5; i++) {
        for (let jj = 0; jj < 4; jj++) {
          // The command trains on the WebAssembly kernel (exp within 1 ulp of Math.exp):
          // final values agree with the reference to 1e-12 relative, decisions exactly.
          expect(Math.abs(f.finalLoss[i][jj] - m.finalLoss.get(i, jj))).toBeLessThanOrEqual(1e-12 * m.finalLoss.get(i, jj));
          expect(f.accuracy[i][jj]).toBe(m.accuracy.get(i, jj));
          expect(f.firstEpoch[i][jj]).toBe(m.firstEpoch.get(i, jj) < 0 ? null : m.firstEpoch.get(i, jj));
          expect(f.endsFlat[i][jj]).toBe(m.endsFlat.get(i, jj) === 1);
        }
      }
    }
    // The bad start (w[1], b[1]) = (−5, −10): stalls under MSE, trains under BCE.
    expect(j.maps.mse.accuracy[1][1]).toBe(0.575);
    expect(j.maps.mse.firstEpoch[1][1]).toBeNull();
    expect(j.maps.bce.accuracy[1][1]).toBe(1);
  });

  it("keeps the JSON valid when a run diverges (non-finite numbers become null)", async () => {
    const file = join(dir, "diverged.json");
    await run(basinsCommand, ["--size", "2", "--loss", "mse", "--lr", "1e308", "--optimizer", "momentum", "--momentum", "0.99", "--out", file]);
    const j = JSON.parse(readFileSync(file, "utf8"));
    expect(j.maps.mse.finalLoss[0][0]).toBeNull();
    expect(j.maps.mse.finalW[0][0]).toBeNull();
  });

  it("writes long b-major CSV, one block per loss", async () => {
    const file = join(dir, "b.csv");
    await run(basinsCommand, [...SMALL, "--format", "csv", "--loss", "mse", "--out", file]);
    const csv = readFileSync(file, "utf8");
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe("loss,w,b,finalLoss,accuracy,firstEpoch,endsFlat,finalGradNorm,finalW,finalB");
    expect(lines).toHaveLength(1 + 20);
    expect(lines[1].startsWith("mse,-10,-15,")).toBe(true);
    expect(lines[2].startsWith("mse,-5,-15,")).toBe(true);
    const bad = lines[1 + 4 + 1].split(",");
    expect(bad.slice(0, 3)).toEqual(["mse", "-5", "-10"]);
    expect(bad[4]).toBe("0.575");
    expect(bad[5]).toBe("");
    expect(bad[6]).toBe("1");
  });


  it.each([
    [["--loss", "hinge"], /--loss must be all or a comma-separated list of mse, bce/],
    [["--size", "1"], /--size must be a whole number from 2 to 1024/],
    [["--w=5:1:10"], /--w: MIN must be less than MAX/],
    [["--w=-10:10:2000", "--b=-1:1:2000"], /--w\/--b: .*exceeds the limit/],
    [["--epsilon=-1"], /--epsilon must be a finite number > 0/],
    [["--target", "0"], /--target must be a finite number > 0 and ≤ 1/],
    [["--lr", "0"], /--lr must be a finite number > 0/],
    [["--batch-size", "0"], /--batch-size must be a whole number/],
    [["--format", "xml"], /--format must be one of json, csv/],
  ])("rejects %j naming the flag and its range", async (argv, msg) => {
    expect(await usageError(basinsCommand, argv as string[])).toMatch(msg);
  });

  it("writes nothing when a flag is bad", async () => {
    const file = join(dir, "never.json");
    await usageError(basinsCommand, ["--epsilon", "0", "--out", file]);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes("never"))).toEqual([]);
  });
});

describe("initStudyCommand.run", () => {
  it("prints a Markdown table, compact JSON and CSV with the same counts", async () => {
    const args = ["--samples", "20", "--sigmas", "10", "--seed", "2"];
    const md = await run(initStudyCommand, args);
    expect(md).toMatch(/^\| scheme \| w, b ~ \| MSE: P\(reach 95%\)/);
    expect(md).toContain("| normal σ=10 | N(0, 10²) |");
    const j = JSON.parse(await run(initStudyCommand, [...args, "--format", "json"]));
    expect(j.rows.map((r: { label: string }) => r.label)).toEqual(["pytorch", "xavier", "xavier-normalized", "he", "normal σ=10"]);
    expect(j.rows[0].mse).toMatchObject({ n: 20, reached: 20, rate: 1 });
    expect(await run(initStudyCommand, [...args, "--format", "json"])).toBe(JSON.stringify(j) + "\n");
    const csv = await run(initStudyCommand, [...args, "--format", "csv"]);
    expect(csv.split("\n")[0]).toBe("scheme,distribution,std,loss,n,reached,rate,ciLow,ciHigh,stuck,stuckRate,meanAccuracy");
  });

  it.each([
    [["--samples", "0"], /--samples must be a whole number from 1 to 100000/],
    [["--sigmas", "1,-3"], /--sigmas: each σ must be a finite number > 0/],
    [["--seed=-1"], /--seed must be a whole number/],
    [["--format", "html"], /--format must be one of markdown, json, csv/],
  ])("rejects %j naming the flag and its range", async (argv, msg) => {
    expect(await usageError(initStudyCommand, argv as string[])).toMatch(msg);
  });
});

// End to end through the built CLI (npm test builds dist/ first): one line on stderr, exit 2.
describe("loss-landscape basins (built CLI)", () => {
  it("exits 2 with one line on stderr for a bad flag", () => {
    const r = runCli(["basins", "--size", "0"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe('loss-landscape basins: --size must be a whole number from 2 to 1024 (got "0"), e.g. --size 128\n');
  });

  it("prints JSON for a small grid on stdout", () => {
    const r = runCli(["basins", "--size", "3", "--loss", "bce"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).maps.bce.accuracy).toHaveLength(3);
  });

  it("init-study exits 2 naming --sigmas", () => {
    const r = runCli(["init-study", "--sigmas", "0"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('loss-landscape init-study: --sigmas: each σ must be a finite number > 0 and ≤ 1000000 (got "0"), e.g. --sigmas 0.5,1,2,3,5,10,30\n');
  });
});
