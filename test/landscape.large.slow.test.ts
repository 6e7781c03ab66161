// The figure set on inputs that used to break it: --epochs 6500 on the seed data (a
// spread over 130,001 per-step losses overflowed the stack) and 20,000 rows (one mark
// per sample made saturation.svg 9.5 MB). Every SVG must stay under 200 KB.

import { describe, expect, it } from "vitest";
import { seedDataset, type Dataset } from "../src/data/dataset.js";
import { seededRandom } from "../src/init/random.js";
import { buildFigureSet } from "../src/landscape/build.js";
import { CORE_FIGURES } from "../src/landscape/figures.js";
import { curveSteps, LOSS_CURVE_BUDGET, lossStride, runStudy } from "../src/landscape/study.js";
import { makeDocument } from "./helpers/svg.js";
import { FIG, STUDY } from "./helpers/study.js";

const small = { w: { min: -10, max: 20, count: 41 }, b: { min: -20, max: 10, count: 41 } };

function sizes(files: Array<{ file: string; content: string }>): Record<string, number> {
  return Object.fromEntries(files.filter((f) => f.file.endsWith(".svg")).map((f) => [f.file, Buffer.byteLength(f.content)]));
}

describe("large inputs", () => {
  it("--epochs 6500 on the seed data: every figure renders under 200 KB", () => {
    const study = runStudy(seedDataset(), { ...STUDY, grid: small, parts: [], train: { ...STUDY.train, epochs: 6500 } });
    expect(study.runs[0].fullLosses.length).toBe(130_001);
    const s = sizes(buildFigureSet(study, makeDocument(), FIG, undefined, CORE_FIGURES));
    expect(Object.keys(s)).toHaveLength(6);
    for (const [file, bytes] of Object.entries(s)) expect(bytes, file).toBeLessThan(200 * 1024);
  });

  it("20,000 rows: every figure renders under 200 KB, the loss curves sampled within budget", () => {
    const r = seededRandom(1);
    const n = 20_000;
    const data: Dataset = { x: new Float64Array(n), y: new Float64Array(n), source: "synthetic" };
    for (let i = 0; i < n; i++) {
      data.x[i] = 4 * r() - 2;
      data.y[i] = data.x[i] + 0.5 * (r() - 0.5) > 0.2 ? 1 : 0;
    }
    const study = runStudy(data, { ...STUDY, grid: small, parts: [], train: { ...STUDY.train, epochs: 1, batchSize: 20 } });
    const run = study.runs[0];
    const steps = run.result.w.length - 1;
    expect(run.lossStride).toBe(lossStride(steps, n));
    expect(run.fullLosses.length * n).toBeLessThanOrEqual(LOSS_CURVE_BUDGET + 2 * n);
    expect(run.fullLosses.length).toBe(curveSteps(steps, run.lossStride));
    const s = sizes(buildFigureSet(study, makeDocument(), FIG, undefined, CORE_FIGURES));
    for (const [file, bytes] of Object.entries(s)) expect(bytes, file).toBeLessThan(200 * 1024);
  });
});

describe("lossStride", () => {
  it("is 1 within the budget and the smallest stride that fits beyond it", () => {
    expect(lossStride(1000, 40)).toBe(1);
    const k = lossStride(1_000_000, 1000);
    expect(Math.ceil(1_000_001 / k) * 1000).toBeLessThanOrEqual(LOSS_CURVE_BUDGET);
    expect(Math.ceil(1_000_001 / (k - 1)) * 1000).toBeGreaterThan(LOSS_CURVE_BUDGET);
    expect(curveSteps(10, 3)).toBe(5); // steps 0, 3, 6, 9 and the last, 10
    expect(curveSteps(9, 3)).toBe(4); // 0, 3, 6, 9
  });
});
