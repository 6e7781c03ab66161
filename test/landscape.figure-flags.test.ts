// --figures, --no-basins, --no-study, --no-networks and --no-geometry: which figures `landscape` writes and which
// expensive parts of the study it computes.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { landscapeCommand, landscapeSettings } from "../src/cli/commands/landscape.js";
import { parseOptions } from "../src/cli/parse.js";
import { NETWORK_FIGURES } from "../src/landscape/network-section.js";

const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const settings = (args: string[]) => landscapeSettings(parseOptions(args, landscapeCommand.options));
const files = (args: string[]) => settings(args).figures.map((f) => f.file);

describe("figure selection", () => {
  it("defaults to every figure and every expensive part", () => {
    const s = settings([]);
    expect(s.figures.map((f) => f.file)).toEqual([
      "mse-landscape.svg", "bce-landscape.svg", "gradient-norm.svg", "loss-curves.svg", "comparison.svg", "saturation.svg", "basins.svg", "init-study.svg",
      ...NETWORK_FIGURES.map((f) => f.file),
    ]);
    expect(s.study.parts).toEqual(["basins", "init-study"]);
    expect(s.figures.filter((f) => f.networks === true).map((f) => f.file)).toEqual(NETWORK_FIGURES.map((f) => f.file));
  });

  it("--no-networks drops the networks section's figures (and with them its training)", () => {
    const s = settings(["--no-networks"]);
    expect(s.figures.map((f) => f.file)).toEqual(["mse-landscape.svg", "bce-landscape.svg", "gradient-norm.svg", "loss-curves.svg", "comparison.svg", "saturation.svg", "basins.svg", "init-study.svg"]);
    expect(s.figures.some((f) => f.networks === true)).toBe(false);
    expect(settings(["--figures", "layer-stats"]).figures.map((f) => f.file)).toEqual(["layer-stats.svg"]);
  });

  it("--no-geometry drops sharpness.svg and connect.svg and keeps the rest of the networks section", () => {
    const s = settings(["--no-geometry"]);
    expect(s.figures.map((f) => f.file)).toEqual(settings([]).figures.map((f) => f.file).filter((f) => f !== "sharpness.svg" && f !== "connect.svg"));
    expect(s.figures.some((f) => f.geometry === true)).toBe(false);
    expect(s.figures.some((f) => f.networks === true)).toBe(true);
    expect(settings([]).figures.filter((f) => f.geometry === true).map((f) => f.file)).toEqual(["sharpness.svg", "connect.svg"]);
    expect(files(["--figures", "connect,spectrum"])).toEqual(["spectrum.svg", "connect.svg"]);
  });

  it("--no-basins and --no-study drop their figure and their part", () => {
    expect(files(["--no-basins"])).not.toContain("basins.svg");
    expect(settings(["--no-basins"]).study.parts).toEqual(["init-study"]);
    expect(settings(["--no-study"]).study.parts).toEqual(["basins"]);
    expect(settings(["--no-basins", "--no-study"]).study.parts).toEqual([]);
  });

  it("--figures picks figures by name, with or without .svg, in gallery order", () => {
    expect(files(["--figures", "saturation,mse-landscape.svg"])).toEqual(["mse-landscape.svg", "saturation.svg"]);
    expect(settings(["--figures", "loss-curves"]).study.parts).toEqual([]);
    expect(settings(["--figures", "init-study"]).study.parts).toEqual(["init-study"]);
  });

  it.each([
    [["--figures", "nope"], /^--figures must list figures from mse-landscape, .*\(got "nope"\)$/],
    [["--figures", "basins", "--no-basins"], /^--figures lists basins\.svg, which --no-basins skips$/],
    [["--figures", "layer-stats", "--no-networks"], /^--figures lists layer-stats\.svg, which --no-networks skips$/],
    [["--figures", "sharpness", "--no-geometry"], /^--figures lists sharpness\.svg, which --no-geometry skips$/],
    [["--figures", "connect", "--no-networks"], /^--figures lists connect\.svg, which --no-networks skips$/],
    [["--figures", "comparison", "--losses", "mse"], /^--figures lists comparison\.svg, which needs --losses mse,bce$/],
  ])("rejects %j naming the flag", (args, message) => {
    expect(() => settings(args as string[])).toThrow(message);
  });
});

describe("landscape --figures through the CLI", () => {
  const tmp = mkdtempSync(join(tmpdir(), "ll-figflags-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("writes only the chosen figures, with a gallery and manifest listing just them and no basins section", () => {
    expect(existsSync(CLI), "dist/cli/main.js missing: npm run build").toBe(true);
    const r = spawnSync(process.execPath, [CLI, "landscape", "--out", tmp, "--figures", "loss-curves,saturation", "--epochs", "3"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(tmp).sort()).toEqual(["explorer.html", "index.html", "landscape.json", "loss-curves.svg", "network-explorer.html", "saturation.svg"]);
    const m = JSON.parse(readFileSync(join(tmp, "landscape.json"), "utf8"));
    expect(m.figures.map((f: { file: string }) => f.file)).toEqual(["loss-curves.svg", "saturation.svg"]);
    expect(m.basins).toBeUndefined();
    expect(m.networks).toBeUndefined();
  });

  it("exits 2 with one line for an unknown figure", () => {
    const r = spawnSync(process.execPath, [CLI, "landscape", "--out", join(tmp, "x"), "--figures", "heat"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("--figures");
    expect(existsSync(join(tmp, "x"))).toBe(false);
  });
});
