// train --json and the text log stream: long runs work in bounded memory and print
// exactly what the in-memory train() records.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { initialize } from "../src/init/initializers.js";
import { seededRandom } from "../src/init/random.js";
import { DEFAULT_TRAIN_CONFIG, train, trainStream } from "../src/train/train.js";
import { CLI, runCli } from "./run-cli.js";

describe("trainStream", () => {
  it("reports the same steps and epochs train() records", () => {
    const cfg = { ...DEFAULT_TRAIN_CONFIG, loss: "bce" as const, shuffle: true, epochs: 5, batchSize: 3 };
    const r = train(seedDataset(), [-5, -10], cfg, seededRandom(7));
    const steps: number[] = [];
    const epochs: number[] = [];
    const end = trainStream(seedDataset(), [-5, -10], cfg, seededRandom(7), {
      step: (k, w, b, l) => steps.push(k, w, b, l),
      epoch: (e, _last, l, k) => epochs.push(e, l, k),
    });
    for (let k = 1; k < r.w.length; k++) expect(steps.slice(4 * (k - 1), 4 * k)).toEqual([k, r.w[k], r.b[k], r.stepLosses[k - 1]]);
    for (let e = 0; e < 5; e++) expect(epochs.slice(3 * e, 3 * e + 3)).toEqual([e, r.epochLosses[e], r.epochEnds[e]]);
    expect(end).toEqual({ final: r.final, finalLoss: r.finalLoss, accuracy: r.accuracy });
  });
});

describe("train --json streams", () => {
  it("a run longer than the stored-step buffer replays for stepLosses and equals train()", () => {
    // 30000 epochs × 40 steps = 1.2M steps, above the 2^20 kept in memory.
    const r = runCli(["train", "--init", "he", "--seed", "5", "--shuffle", "--epochs", "30000", "--batch-size", "1", "--json"]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    const rng = seededRandom(5);
    const start = initialize({ kind: "he" }, rng);
    const ref = train(seedDataset(), start, { ...DEFAULT_TRAIN_CONFIG, epochs: 30000, batchSize: 1, shuffle: true }, rng);
    expect(j.params.length).toBe(1_200_001);
    expect(j.stepLosses.length).toBe(1_200_000);
    for (const k of [0, 1, 599_999, 1_200_000]) expect(j.params[k]).toEqual([ref.w[k], ref.b[k]]);
    for (const k of [0, 777_777, 1_199_999]) expect(j.stepLosses[k]).toBe(ref.stepLosses[k]);
    expect(j.epochLosses[29_999]).toBe(ref.epochLosses[29_999]);
    expect(j.final).toEqual(ref.final);
  });

  it("runs in a 48 MB heap where the whole JSON string would not fit", () => {
    // ~100 MB of JSON: the old JSON.stringify of the whole run dies on this heap.
    const r = spawnSync(process.execPath, ["--max-old-space-size=48", CLI, "train", "--epochs", "50000", "--batch-size", "1", "--json"], {
      encoding: "utf8",
      maxBuffer: 512 * 1024 * 1024,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(50_000_000);
    expect(r.stdout.endsWith("}\n")).toBe(true);
  });
});

describe("large --data in bounded memory", () => {
  it("2M rows (35 MB of CSV) train at batch size 1 in a 64 MB heap", () => {
    // The old reader split the whole text into 2M strings and the loader kept 2M batch
    // objects: both die on this heap. Chunked parsing and lazy batches do not.
    const n = 2_000_000;
    const lines: string[] = ["x,y"];
    for (let i = 0; i < n; i++) {
      const x = (i % 2000) / 1000 - 1;
      lines.push(`${x.toFixed(12)},${x > 0.2 ? 1 : 0}`);
    }
    const file = join(mkdtempSync(join(tmpdir(), "ll-big-")), "big.csv");
    writeFileSync(file, lines.join("\n") + "\n");
    lines.length = 0;
    const r = spawnSync(process.execPath, ["--max-old-space-size=64", CLI, "train", "--data", file, "--epochs", "1", "--batch-size", "1"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/2000000 samples/);
    expect(r.stdout).toMatch(/\naccuracy = 0\.9\d*\n$/);
  });
});
