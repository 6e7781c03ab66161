// landscapeCommand through main(): flags, --config, errors and atomic output.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { landscapeSettings } from "../src/cli/commands/landscape.js";
import { parseOptions } from "../src/cli/parse.js";
import { landscapeCommand } from "../src/cli/commands/landscape.js";

// main.ts runs itself on import, so the CLI is exercised as users run it: the built
// dist/cli/main.js (npm test builds before vitest).
const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

async function runMain(args: string[]): Promise<{ code: number; out: string; err: string }> {
  if (!existsSync(CLI)) throw new Error("dist/cli/main.js is missing: run npm run build first");
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const settings = (args: string[]) => landscapeSettings(parseOptions(args, landscapeCommand.options, (p) => readFileSync(p, "utf8")));

describe("landscapeSettings", () => {
  it("defaults: the seed grid, both losses, the bad start and three proper inits, auto ε", () => {
    const s = settings([]);
    expect(s.out).toBe("output");
    expect(s.study.losses).toEqual(["mse", "bce"]);
    expect(s.study.starts).toEqual([{ kind: "fixed", w: -5, b: -10 }, { kind: "pytorch" }, { kind: "xavier" }, { kind: "he" }]);
    expect(s.study.epsilon).toBe("auto");
    expect(s.study.train).toMatchObject({ batchSize: 2, epochs: 50, optimizer: "sgd" });
    expect(s.study.train.optimizerOptions.lr).toBe(2);
    expect(s.figure).toEqual({ scheme: "viridis", scale: "auto", curvesScale: "log", contourLines: true, theme: "light" });
  });

  it("reads every flag", () => {
    const s = settings([
      "--out", "d", "--w=-3:3:11", "--b=-4:4:21", "--losses", "bce", "--start=1,2", "--start", "he", "--seed", "5", "--lr", "0.5",
      "--epochs", "3", "--batch-size", "4", "--epsilon", "1e-3", "--scheme", "magma", "--scale", "log", "--curves-scale", "linear", "--contour-lines", "off",
      "--study-samples", "250",
    ]);
    expect(s.out).toBe("d");
    expect(s.study.grid).toEqual({ w: { min: -3, max: 3, count: 11 }, b: { min: -4, max: 4, count: 21 } });
    expect(s.study.losses).toEqual(["bce"]);
    expect(s.study.starts).toEqual([{ kind: "fixed", w: 1, b: 2 }, { kind: "he" }]);
    expect(s.study).toMatchObject({ seed: 5, epsilon: 1e-3, studySamples: 250 });
    expect(s.study.train).toMatchObject({ epochs: 3, batchSize: 4 });
    expect(s.study.train.optimizerOptions.lr).toBe(0.5);
    expect(s.figure).toEqual({ scheme: "magma", scale: "log", curvesScale: "linear", contourLines: false, theme: "light" });
  });
});

describe("--config", () => {
  it("takes the same keys from a JSON file; flags on the command line win", () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-config-"));
    const file = join(dir, "c.json");
    writeFileSync(file, JSON.stringify({ lr: 0.5, epochs: 7, start: ["-5,-10", "xavier"], losses: ["mse"], scheme: "cividis", shuffle: true }));
    const s = settings(["--config", file, "--epochs", "9"]);
    expect(s.study.train.optimizerOptions.lr).toBe(0.5);
    expect(s.study.train.epochs).toBe(9);
    expect(s.study.train.shuffle).toBe(true);
    expect(s.study.starts).toEqual([{ kind: "fixed", w: -5, b: -10 }, { kind: "xavier" }]);
    expect(s.study.losses).toEqual(["mse"]);
    expect(s.figure.scheme).toBe("cividis");
  });
});

describe("main landscape", () => {
  const bad: Array<[string[], RegExp]> = [
    [["--lr", "0"], /^loss-landscape landscape: --lr must be a finite number > 0 \(got "0"\), e\.g\. --lr 2\n$/],
    [["--epsilon=-1"], /^loss-landscape landscape: --epsilon must be a finite number > 0 and < 1000000 \(got "-1"\), e\.g\. --epsilon 0\.001\n$/],
    [["--scheme", "jet"], /^loss-landscape landscape: --scheme must be one of viridis, cividis, magma, inferno, plasma \(got "jet"\)\n$/],
    [["--losses", "mse,hinge"], /^loss-landscape landscape: --losses must be all or a comma-separated list of mse, bce \(got "mse,hinge"\)/],
    [["--w", "5:1:10"], /^loss-landscape landscape: --w: MIN must be less than MAX/],
    [["--start", "foo"], /^loss-landscape landscape: --start must be W,B .* \(got "foo"\), e\.g\. --start=-5,-10\n$/],
    [["--epochs", "0"], /^loss-landscape landscape: --epochs must be a whole number from 1 to 100000 \(got "0"\), e\.g\. --epochs 50\n$/],
    [["--contour-lines", "maybe"], /^loss-landscape landscape: --contour-lines must be one of on, off/],
    [["--config", "/nonexistent/c.json"], /^loss-landscape landscape: --config: cannot read "\/nonexistent\/c\.json" \(ENOENT\)\n$/],
    [["--bogus"], /^loss-landscape landscape: unknown option --bogus \(--help lists the options\)\n$/],
  ];
  it.each(bad)("%j exits 2 with one line on stderr and writes nothing", async (args, re) => {
    const dir = mkdtempSync(join(tmpdir(), "ll-bad-"));
    const r = await runMain(["landscape", "--out", join(dir, "out"), ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(re);
    expect(r.err.split("\n")).toHaveLength(2);
    expect(r.out).toBe("");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("rejects an unknown --config key naming it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-cfg-"));
    writeFileSync(join(dir, "c.json"), '{"learning-rate": 1}');
    const r = await runMain(["landscape", "--config", join(dir, "c.json")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^loss-landscape landscape: --config: unknown key "learning-rate"/);
  });

  it("writes a small set with one loss, skipping the two-loss figures, and no temp files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-small-"));
    const r = await runMain(["landscape", "--out", dir, "--losses", "bce", "--w=-6:6:31", "--b=-12:4:31", "--epochs", "2"]);
    expect(r.code).toBe(0);
    // The networks section trains its own losses: --losses leaves it in.
    expect(readdirSync(dir).sort()).toEqual([
      "bce-landscape.svg", "connect.svg", "explorer.html", "index.html", "landscape.json", "layer-stats.svg", "loss-curves.svg", "network-explorer.html", "network-loss-curves.svg", "saturation.svg", "sharpness.svg", "slice.svg",
      "spectrum.svg",
    ]);
    const m = JSON.parse(readFileSync(join(dir, "landscape.json"), "utf8"));
    expect(m.runs.map((x: { key: string }) => x.key)).toEqual(["bce-1", "bce-2", "bce-3", "bce-4"]);
  });

  it("--study-samples sets the draws of the manifest's init study", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-study-"));
    const r = await runMain(["landscape", "--out", dir, "--w=-6:6:21", "--b=-12:4:21", "--study-samples", "40"]);
    expect(r.code).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, "landscape.json"), "utf8"));
    expect(m.basins.initStudy.samples).toBe(40);
    expect(m.basins.initStudy.rows[0].mse.n).toBe(40);
  }, 300_000);
});
