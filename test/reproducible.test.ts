// Same command, another process: byte-identical output. Comparing a pure function with
// itself in one process proves nothing; a second process shows that no hidden state
// (module caches, iteration order, Math.random, the clock) reaches the numbers.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultStudySchemes, initStudy } from "../src/basins/init-study.js";
import { studyJson } from "../src/basins/study-json.js";
import { basinsCommand } from "../src/cli/commands/basins.js";
import { initStudyCommand } from "../src/cli/commands/init-study.js";
import { parseOptions } from "../src/cli/parse.js";
import { seedDataset } from "../src/data/dataset.js";
import { DEFAULT_TRAIN_CONFIG } from "../src/train/train.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "reproducible-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runHere(cmd: typeof basinsCommand, argv: string[]): Promise<string> {
  let out = "";
  expect(await cmd.run(parseOptions(argv, cmd.options), { out: (t) => (out += t), err: () => {} })).toBe(0);
  return out;
}

describe("another process gives the same bytes", () => {
  it("basins, with --shuffle and a seed; another seed gives other bytes", async () => {
    // The command streams large output to fd 1, so compare files.
    const args = (seed: string, file: string) => ["--w=-10:5:4", "--b=-15:5:5", "--shuffle", "--seed", seed, "--epochs", "5", "--out", file];
    const here = join(dir, "here.json");
    await runHere(basinsCommand, args("5", here));
    const there = join(dir, "there.json");
    expect(runCli(["basins", ...args("5", there)]).status).toBe(0);
    expect(readFileSync(there, "utf8")).toBe(readFileSync(here, "utf8"));
    const other = join(dir, "other.json");
    expect(runCli(["basins", ...args("6", other)]).status).toBe(0);
    expect(readFileSync(other, "utf8")).not.toBe(readFileSync(here, "utf8"));
  });

  it("init-study: the CLI's JSON equals the library's study of the same seed", async () => {
    const argv = ["--samples", "20", "--seed", "7", "--sigmas", "10", "--format", "json"];
    const r = runCli(["init-study", ...argv]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(await runHere(initStudyCommand, argv));
    const study = initStudy({ data: seedDataset(), schemes: defaultStudySchemes([10]), losses: ["mse", "bce"], samples: 20, seed: 7, config: DEFAULT_TRAIN_CONFIG });
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(studyJson(study))));
  });
});
