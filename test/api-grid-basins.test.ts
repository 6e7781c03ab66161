// grid, basins and initStudy as library calls: JSON.stringify of each result is the CLI's
// JSON output byte for byte (the same points, kernel and shuffles), progress is reported,
// an aborted signal rejects, and bad options are refused by name.

import { describe, expect, it } from "vitest";
import { basins, grid, initStudy } from "../src/api/index.js";
import { seedDataset } from "../src/data/dataset.js";
import { runCli } from "./run-cli.js";

const data = seedDataset();

function cliOut(args: string[]): string {
  const r = runCli([...args, "--quiet"]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}

describe("grid", () => {
  it("is `grid --format json`, byte for byte, with progress up to 1", async () => {
    const seen: number[] = [];
    const r = await grid(data, { loss: "bce", w: { min: -3, max: 5, count: 7 }, b: { min: -2, max: 1, count: 4 } }, { onProgress: (_, f) => seen.push(f ?? -1) });
    expect(JSON.stringify(r) + "\n").toBe(cliOut(["grid", "--loss", "bce", "--w=-3:5:7", "--b=-2:1:4"]));
    expect(r.values.length).toBe(4);
    expect(r.values[0]!.length).toBe(7);
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(1);
  }, 60_000);

  it("defaults to the flags' defaults; a bad axis or an aborted signal rejects", async () => {
    const r = await grid(data, { w: { min: -1, max: 1, count: 2 }, b: { min: -1, max: 1, count: 2 } });
    expect(r.loss).toBe("mse");
    await expect(grid(data, { w: { min: 1, max: 1, count: 3 } })).rejects.toThrow(RangeError);
    const c = new AbortController();
    c.abort();
    await expect(grid(data, {}, { signal: c.signal })).rejects.toThrow(/abort/i);
  }, 60_000);
});

describe("basins", () => {
  it("is `basins --format json`, byte for byte (shuffled, two losses, a given w axis)", async () => {
    const o = { size: 5, w: { min: -4, max: 4, count: 6 }, epochs: 4, shuffle: true, seed: 3, lr: 0.5 };
    const r = await basins(data, o);
    expect(JSON.stringify(r) + "\n").toBe(cliOut(["basins", "--size", "5", "--w=-4:4:6", "--epochs", "4", "--shuffle", "--seed", "3", "--lr", "0.5"]));
    expect(Object.keys(r.maps)).toEqual(["mse", "bce"]);
    expect(r.maps.mse!.accuracy.length).toBe(5);
    expect(r.data).toBe("seed");
  }, 60_000);

  it("refuses a grid over the limit and an empty loss list", async () => {
    await expect(basins(data, { size: 2000 })).rejects.toThrow(RangeError);
    await expect(basins(data, { loss: [] })).rejects.toThrow(/loss/);
  });
});

describe("initStudy", () => {
  it("is `init-study --format json`, byte for byte, with progress", async () => {
    const stages = new Set<string>();
    const r = await initStudy(data, { samples: 30, sigmas: [1, 10], loss: ["bce"], epochs: 3, seed: 5, optimizer: "momentum", momentum: 0.5 }, { onProgress: (s) => stages.add(s) });
    const cli = cliOut(["init-study", "--samples", "30", "--sigmas", "1,10", "--loss", "bce", "--epochs", "3", "--seed", "5", "--optimizer", "momentum", "--momentum", "0.5", "--format", "json"]);
    expect(JSON.stringify(r) + "\n").toBe(cli);
    expect(r.rows).toHaveLength(6);
    expect([...stages]).toEqual(["training"]);
  }, 60_000);
});

describe("a point runner (RunControl.points)", () => {
  it("runs the job the library hands it: its values make the result, null (a tile, or stopped) makes it null", async () => {
    const o = { loss: "mse" as const, w: { min: -2, max: 2, count: 3 }, b: { min: -1, max: 1, count: 2 } };
    const seen: string[] = [];
    const r = await grid(data, o, {
      points: async (job) => {
        seen.push(job.command, String(job.total), job.fields.join(","), String("version" in job.settings));
        const values = job.fields.map(() => new Float64Array(job.total));
        await job.evaluate({ start: 0, end: job.total }, (at, v) => v.forEach((f, i) => values[i]!.set(f, at)), () => false);
        return values;
      },
    });
    expect(seen).toEqual(["grid", "6", "loss,gradW,gradB,gradNorm", "false"]);
    expect(r).toEqual(await grid(data, o));
    expect(await grid(data, o, { points: async () => null })).toBeNull();
    expect(await basins(data, { size: 2, epochs: 1 }, { points: async () => null })).toBeNull();
  }, 60_000);

  it("basins' result is plain data its CSV writer formats as `basins --format csv` (at a huge lr)", async () => {
    const { basinsCsvChunks } = await import("../src/formats/basins.js");
    const r = await basins(data, { size: 3, epochs: 3, lr: 1e300 });
    expect([...basinsCsvChunks(r)].join("")).toBe(cliOut(["basins", "--size", "3", "--epochs", "3", "--lr", "1e300", "--format", "csv"]));
  }, 60_000);
});
