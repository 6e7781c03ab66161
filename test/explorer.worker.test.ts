// The explorer's off-thread work without a browser: a run recorded with bounded memory
// and trainStream's final values, the study surviving a structured clone (what the
// worker sends) figure for figure, and the list of runs on screen.

import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { computeJob, jobCost, trainRun } from "../src/explorer/compute.js";
import { SYNC_BUDGET } from "../src/explorer/jobs.js";
import { renderRunCurves, renderView } from "../src/explorer/figure-adapter.js";
import { reviveStudy } from "../src/explorer/revive.js";
import { fixEarlier, resolveStart, withRun } from "../src/explorer/runs.js";
import { DEFAULT_STATE, MAX_EPOCHS, MAX_RUNS, trainConfigOf, type ExplorerState } from "../src/explorer/state.js";
import type { InitSpec } from "../src/init/initializers.js";
import { PATH_BUCKETS } from "../src/landscape/run-path.js";
import { seededStart } from "../src/train/from-init.js";
import { train, trainStream } from "../src/train/train.js";
import { makeDocument } from "./helpers/svg.js";
import { runCli } from "./run-cli.js";

const data = seedDataset();

describe("a page run", () => {
  it("is train()'s run, bit for bit, when short enough to keep whole", () => {
    const state: ExplorerState = { ...DEFAULT_STATE, loss: "bce", optimizer: "adam", lr: 0.1, batch: 3, epochs: 30, shuffle: true, seed: 9 };
    const run = trainRun(data, { kind: "he" }, state);
    const { start, rng } = seededStart({ kind: "he" }, 9);
    const ref = train(data, start, trainConfigOf(state), rng);
    expect(run.start).toEqual(ref.start);
    expect(run.w).toEqual(ref.w);
    expect(run.b).toEqual(ref.b);
    expect(run.epochEnds).toEqual(ref.epochEnds);
    expect([run.final, run.finalLoss, run.accuracy]).toEqual([ref.final, ref.finalLoss, ref.accuracy]);
  });

  it("keeps a bounded path however long it is, with trainStream's final values", () => {
    const state: ExplorerState = { ...DEFAULT_STATE, optimizer: "momentum", momentum: 0.7, lr: 0.5, batch: 1, epochs: 20_000, shuffle: true, seed: 3 };
    const run = trainRun(data, { kind: "fixed", w: 2, b: -3 }, state);
    const { start, rng } = seededStart({ kind: "fixed", w: 2, b: -3 }, 3);
    const end = trainStream(data, start, trainConfigOf(state), rng, {});
    expect([run.final, run.finalLoss, run.accuracy]).toEqual([end.final, end.finalLoss, end.accuracy]);
    expect(run.steps).toBe(40 * 20_000);
    // At most 6 points per bucket plus every epoch's end (16 bytes a point), not 800,001 points.
    expect(run.w.length).toBeLessThanOrEqual(6 * PATH_BUCKETS + state.epochs);
    expect(run.epochEnds).toHaveLength(state.epochs);
  });

  it("allows the epochs landscape allows (the export is that command's file)", () => {
    const r = runCli(["landscape", `--epochs=${MAX_EPOCHS + 1}`, "--out", "unused-explorer-dir"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--epochs must be a whole number from 1 to ${MAX_EPOCHS} `);
  });
});

describe("where a job runs", () => {
  const grid = { w: { min: -10, max: 20, count: 121 }, b: { min: -20, max: 10, count: 121 } };

  it("runs the default settings' figure and run on the page's thread, long ones in the worker", () => {
    const eight = Array.from({ length: 8 }, (_, k): [number, number] => [k, -k]);
    expect(jobCost({ kind: "study", data, grid, state: DEFAULT_STATE, starts: eight })).toBeLessThanOrEqual(SYNC_BUDGET);
    expect(jobCost({ kind: "run", data, init: { kind: "he" }, state: DEFAULT_STATE })).toBeLessThanOrEqual(SYNC_BUDGET);
    const long = { ...DEFAULT_STATE, epochs: 20_000 };
    expect(jobCost({ kind: "study", data, grid, state: long, starts: [] })).toBeGreaterThan(SYNC_BUDGET);
    expect(jobCost({ kind: "run", data, init: { kind: "he" }, state: { ...long, epochs: 100_000 } })).toBeGreaterThan(SYNC_BUDGET);
  });
});

describe("the study as the worker sends it", () => {
  it.each([
    ["loss", "mse"], ["loss", "bce"], ["grad", "mse"],
  ] as const)("renders the same %s view (%s) after a structured clone", (view, loss) => {
    const state: ExplorerState = { ...DEFAULT_STATE, view, loss, epochs: 20 };
    const r = computeJob({ kind: "study", data, grid: { w: { min: -10, max: 20, count: 31 }, b: { min: -20, max: 10, count: 31 } }, state, starts: [[-5, -10], [1, 2]] });
    if (r.kind !== "study") throw new Error("not a study");
    const revived = reviveStudy(structuredClone(r.study));
    const doc = makeDocument();
    expect(renderView(doc, revived, state)).toEqual(renderView(doc, r.study, state));
    expect(renderRunCurves(doc, revived, state)).toBe(renderRunCurves(doc, r.study, state));
    expect([...revived.samples]).toEqual([...r.study.samples]);
  });
});

describe("runs on screen", () => {
  const at = (w: number, b: number): InitSpec => ({ kind: "fixed", w, b });

  it("resolves a scheme to train's draw for the seed", () => {
    expect(resolveStart({ kind: "xavier" }, 4)).toEqual(seededStart({ kind: "xavier" }, 4).start);
    expect(resolveStart(at(1, 2), 4)).toEqual([1, 2]);
  });

  it("appends a run, fixes earlier draws where they were, keeps a point once and at most MAX_RUNS", () => {
    const he4 = resolveStart({ kind: "he" }, 4);
    expect(withRun([at(1, 2), { kind: "he" }], at(3, 4), 4)).toEqual([at(1, 2), at(...he4), at(3, 4)]);
    expect(withRun([at(1, 2), at(3, 4)], at(1, 2), 0)).toEqual([at(3, 4), at(1, 2)]);
    const many = Array.from({ length: MAX_RUNS }, (_, k) => at(k, 0));
    expect(withRun(many, { kind: "pytorch" }, 1)).toEqual([...many.slice(1), { kind: "pytorch" }]);
  });

  it("before a new seed, fixes every start but the current one", () => {
    const list: InitSpec[] = [{ kind: "he" }, at(1, 2), { kind: "xavier" }];
    expect(fixEarlier(list, 6)).toEqual([at(...resolveStart({ kind: "he" }, 6)), at(1, 2), { kind: "xavier" }]);
  });
});
