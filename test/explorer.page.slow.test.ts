// The explorer's pieces that run without a browser: pixel ↔ (w, b) mapping and grid
// snapping, the unshared-memory kernel (same numbers as Node's shared one, bit for bit),
// the page text, and the adapter's copy of the CLI's defaults.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_STARTS, landscapeCommand, landscapeSettings } from "../src/cli/commands/landscape.js";
import { seedDataset } from "../src/data/dataset.js";
import { parseOptions } from "../src/cli/parse.js";
import { CLI_DEFAULT_STARTS, CLI_FIGURE_OPTIONS, cliArgs, figureFile, studyOptions } from "../src/explorer/figure-adapter.js";
import { explorerHtml, pageData } from "../src/explorer/page.js";
import { moveNode, nearestNode, nodeStart, panelMap, toData, toPixel } from "../src/explorer/plot-map.js";
import { DEFAULT_STATE } from "../src/explorer/state.js";
import { runHere } from "../src/fast/chunks.js";
import { gridKernelJob, prepareGridJob } from "../src/fast/grid-fast.js";
import { callKernel, kernelBytes, SHARED_MEMORY, type KernelExports, type WasmMemory } from "../src/fast/kernel.js";
import { accOffset } from "../src/fast/layout.js";
import { KERNEL_WASM_BASE64 } from "../src/fast/kernel.generated.js";
import { base64Bytes, unshareMemoryImports } from "../src/fast/unshared.js";
import { parseInit } from "../src/init/initializers.js";
import { seededRandom } from "../src/init/random.js";
import { DEFAULT_GRID } from "../src/numerics/grid.js";
import { runCli } from "./run-cli.js";

describe("plot map", () => {
  const m = panelMap("66,48,440,440", "-10,20,-20,10")!;

  it("maps (w, b) to pixels and back; b grows upwards", () => {
    expect(toPixel(m, -10, 10)).toEqual([66, 48]);
    expect(toPixel(m, 20, -20)).toEqual([506, 488]);
    const [x, y] = toPixel(m, -5, -10);
    const [w, b] = toData(m, x, y);
    expect(w).toBeCloseTo(-5, 12);
    expect(b).toBeCloseTo(-10, 12);
  });

  it("rejects malformed attributes", () => {
    expect(panelMap(null, "1,2,3,4")).toBeNull();
    expect(panelMap("1,2,3", "1,2,3,4")).toBeNull();
    expect(panelMap("1,2,3,x", "1,2,3,4")).toBeNull();
  });

  it("snaps to the nearest grid node, exactly on the grid's round values, and clamps", () => {
    const n = nearestNode(DEFAULT_GRID, -5.1, -9.9);
    expect(nodeStart(DEFAULT_GRID, n)).toEqual([-5, -10]);
    expect(nodeStart(DEFAULT_GRID, nearestNode(DEFAULT_GRID, 1e9, -1e9))).toEqual([20, -20]);
    expect(nodeStart(DEFAULT_GRID, moveNode(DEFAULT_GRID, n, 4, 2))).toEqual([-4, -9.5]);
    expect(nodeStart(DEFAULT_GRID, moveNode(DEFAULT_GRID, n, -1000, 1000))).toEqual([-10, 10]);
    const third = { w: { min: -1, max: 1, count: 7 }, b: { min: 0, max: 1, count: 4 } };
    expect(nodeStart(third, { i: 1, j: 3 })).toEqual([0, 0.333333333333]);
  });
});

describe("kernel for web pages (unshared memory)", () => {
  it("rewrites only the memory import's shared flag", () => {
    const shared = base64Bytes(KERNEL_WASM_BASE64);
    expect(Buffer.from(shared).toString("base64")).toBe(KERNEL_WASM_BASE64);
    const plain = unshareMemoryImports(shared);
    const diff = [...shared.keys()].filter((i) => shared[i] !== plain[i]);
    expect(diff).toHaveLength(1);
    expect([shared[diff[0]], plain[diff[0]]]).toEqual([0x03, 0x01]);
    expect(WebAssembly.validate(new Uint8Array(plain))).toBe(true);
    expect(SHARED_MEMORY).toBe(true);
    expect(kernelBytes()).toEqual(shared);
    expect(kernelBytes(false)).toEqual(plain);
  });

  it.each(["mse", "bce"] as const)("computes the %s grid bit for bit as the shared kernel does", (loss) => {
    const job = prepareGridJob(loss, seedDataset(), DEFAULT_GRID, true);
    // The same job bytes (samples, axes, exp table) in an ordinary memory, on the unshared module.
    const pages = job.memory.buffer.byteLength / 65536;
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    new Uint8Array(memory.buffer).set(new Uint8Array(job.memory.buffer));
    const plain = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(kernelBytes(false))), { env: { memory } }).exports as unknown as KernelExports;
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(kernelBytes(true))), { env: { memory } })).toThrow();
    runHere(job.memory, gridKernelJob(job));
    // Node's compiled module is the shared one, so the unshared instance is called directly.
    const k = gridKernelJob(job);
    if (k.fn !== "grid") throw new Error("not a grid job");
    callKernel(plain, "grid", { ...k.args, lo: 0, hi: k.total, acc: accOffset(0) });
    const words = (job.layout.stride / 8) * 7;
    const a = new Float64Array((job.memory as WasmMemory).buffer, job.layout.out, words);
    const b = new Float64Array(memory.buffer, job.layout.out, words);
    expect(Buffer.from(b.buffer, b.byteOffset, b.byteLength).equals(Buffer.from(a.buffer, a.byteOffset, a.byteLength))).toBe(true);
    expect(a.some((v) => v !== 0)).toBe(true);
  });
});

describe("explorer page and adapter", () => {
  const settings = (args: string[]) => landscapeSettings(parseOptions(args, landscapeCommand.options, () => "{}"));

  it("uses the landscape command's own defaults", () => {
    expect(CLI_DEFAULT_STARTS).toEqual(DEFAULT_STARTS.map(parseInit));
    expect(CLI_FIGURE_OPTIONS).toEqual(settings([]).figure);
    const s = settings(cliArgs({ data: seedDataset(), grid: DEFAULT_GRID, state: DEFAULT_STATE, starts: [] }).slice(1));
    expect(s.study).toEqual({ ...settings([]).study, parts: s.study.parts });
    expect(studyOptions({ data: seedDataset(), grid: DEFAULT_GRID, state: DEFAULT_STATE, starts: [] })).toEqual({ ...s.study, parts: [], studySamples: undefined });
  });

  it("spells out the command whose settings the view uses", () => {
    const state = { ...DEFAULT_STATE, loss: "bce" as const, lr: 0.37, batch: 7, epochs: 13, optimizer: "momentum" as const, momentum: 0.25, shuffle: true, seed: 99 };
    const starts: Array<[number, number]> = [[0.6978082336038648, -0.17221753382201463], [-5, -10]];
    const grid = { w: { min: -3, max: 4, count: 15 }, b: { min: -2.5, max: 1, count: 8 } };
    const req = { data: seedDataset(), grid, state, starts };
    const s = settings(cliArgs(req).slice(1));
    expect(studyOptions(req)).toEqual({ ...s.study, parts: [], studySamples: undefined });
  });

  it("names the CLI file of each view", () => {
    expect(figureFile(DEFAULT_STATE)).toBe("mse-landscape.svg");
    expect(figureFile({ ...DEFAULT_STATE, loss: "bce" })).toBe("bce-landscape.svg");
    expect(figureFile({ ...DEFAULT_STATE, view: "grad" })).toBe("gradient-norm.svg");
  });

  it("inlines the data set exactly and refuses a script that would close its element", () => {
    const data = { x: Float64Array.from([0.1, -1 / 3, 1e-300]), y: Float64Array.from([1, 0, 1]), source: "a</script>.csv" };
    const html = explorerHtml("void 0", pageData(data, DEFAULT_GRID));
    const json = /<script type="application\/json" id="explorer-data">(.*?)<\/script>/s.exec(html)![1];
    expect(JSON.parse(json)).toEqual({ x: [0.1, -1 / 3, 1e-300], y: [1, 0, 1], source: "a</script>.csv", grid: DEFAULT_GRID });
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(() => explorerHtml("'</script>'", pageData(data, DEFAULT_GRID))).toThrow(/script/);
  });
});

describe("landscape writes explorer.html", () => {
  it("with the data set inline, and skips it (saying why) when the data would pass 1.5 MB", () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-explorer-page-"));
    try {
      const small = ["--figures", "mse-landscape", "--w=-10:20:11", "--b=-20:10:11", "--epochs", "1"];
      const csv = (n: number, path: string): void => {
        const rng = seededRandom(3);
        const rows = ["x,y"];
        for (let i = 0; i < n; i++) rows.push(`${rng() * 4 - 2},${i % 2}`);
        writeFileSync(path, rows.join("\n") + "\n");
      };
      csv(50, join(dir, "small.csv"));
      const ok = runCli(["landscape", ...small, "--data", join(dir, "small.csv"), "--out", join(dir, "a")]);
      expect(ok.status, ok.stderr).toBe(0);
      const html = readFileSync(join(dir, "a", "explorer.html"), "utf8");
      const json = JSON.parse(/<script type="application\/json" id="explorer-data">(.*?)<\/script>/s.exec(html)![1]);
      expect(json.x).toHaveLength(50);
      expect(json.grid).toEqual({ w: { min: -10, max: 20, count: 11 }, b: { min: -20, max: 10, count: 11 } });
      expect(readFileSync(join(dir, "a", "index.html"), "utf8")).toContain('href="explorer.html"');
      csv(80_000, join(dir, "big.csv"));
      const big = runCli(["landscape", ...small, "--data", join(dir, "big.csv"), "--out", join(dir, "b")]);
      expect(big.status, big.stderr).toBe(0);
      expect(big.stderr).toMatch(/explorer\.html not written: with 80000 samples inline it would take [\d.]+ MB, over the 1\.5 MB/);
      expect(existsSync(join(dir, "b", "explorer.html"))).toBe(false);
      expect(readFileSync(join(dir, "b", "index.html"), "utf8")).not.toContain('href="explorer.html"');
      // The network explorer carries no data of the run: it is written either way.
      expect(readFileSync(join(dir, "b", "index.html"), "utf8")).toContain('href="network-explorer.html"');
      expect(existsSync(join(dir, "b", "network-explorer.html"))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
