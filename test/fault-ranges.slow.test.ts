// Ranges a figure cannot draw are refused with exit 2 and one line naming the flag;
// the widest ranges that are accepted draw with finite numbers only. Also: a std of
// entries near 1e200 stays finite, and the explorer's address cannot start a run the
// page would draw as NaN, nor flood the page with notices.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { meanStd } from "../src/nn/layer-stats.js";
import { MAX_NOTICES, parseHash } from "../src/explorer/state.js";
import { runCli } from "./run-cli.js";

const oneLine = (stderr: string): string => {
  const lines = stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  return lines[0];
};
const finiteOnly = (text: string): void => expect(text).not.toMatch(/NaN|Infinity|(?<!"margin":|"beta":)null/);

describe("ranges that overflow a figure are refused", () => {
  const dir = mkdtempSync(join(tmpdir(), "ll-ranges-"));
  it.each([
    [["landscape", "--w=-1e308:1e308:3", "--out", join(dir, "a")], "--w"],
    [["landscape", "--b=-1e200:1e200:3", "--out", join(dir, "a")], "--b"],
    [["landscape", "--w=0:1e-320:3", "--out", join(dir, "a")], "--w"],
    [["slice", "--hidden", "4", "--alpha=-1e308:1e308:3", "--beta=-1:1:3", "--svg", join(dir, "s.svg")], "--alpha"],
    [["slice", "--hidden", "4", "--dims", "1", "--alpha=-1e308:1e308:3", "--svg", join(dir, "s.svg")], "--alpha"],
    [["slice", "--hidden", "4", "--alpha=1e300:1e301:3", "--svg", join(dir, "s.svg")], "--alpha"],
    [["slice", "--hidden", "4", "--beta=0:1e-200:3"], "--beta"],
    [["basins", "--w=-1e308:1e308:3"], "--w"],
  ])("%j exits 2 naming %s", (args, flag) => {
    const r = runCli(args);
    expect(r.status).toBe(2);
    const line = oneLine(r.stderr);
    expect(line).toContain(`${flag}:`);
    expect(line).toMatch(/1e150|1e-150/);
  });

  it("nothing was written by the refused runs", () => {
    expect(() => readFileSync(join(dir, "s.svg"))).toThrow();
  });

  it("grid still computes any finite range (it draws nothing)", () => {
    const r = runCli(["grid", "--w=-1e308:1e308:3", "--b=0:1:2"]);
    expect(r.status).toBe(0);
    finiteOnly(r.stdout);
  });
});

describe("the widest accepted ranges draw finite numbers", () => {
  const dir = mkdtempSync(join(tmpdir(), "ll-ranges-"));
  it("slice ±1e150 (plane and line) and a narrow window near 0: SVG and JSON finite, ε finite", () => {
    for (const [name, extra] of [
      ["p", ["--alpha=-1e150:1e150:3", "--beta=-1:1:3"]],
      ["l", ["--dims", "1", "--alpha=-1e150:1e150:3"]],
      ["n", ["--alpha=0:1e-140:3", "--beta=0:1e-140:3"]],
    ] as const) {
      const svg = join(dir, `${name}.svg`);
      const out = join(dir, `${name}.json`);
      const r = runCli(["slice", "--hidden", "4", ...extra, "--svg", svg, "--out", out, "--quiet"]);
      expect(r.status, r.stderr).toBe(0);
      finiteOnly(readFileSync(svg, "utf8"));
      // A line has no second direction: d2 is null by the format, every number is finite.
      finiteOnly(readFileSync(out, "utf8").replace('"d2":null', ""));
    }
  });

  it("landscape --w/--b = ±1e150: every SVG and the manifest are finite", () => {
    const out = join(dir, "figs");
    const r = runCli(["landscape", "--w=-1e150:1e150:3", "--b=-1e150:1e150:4", "--no-basins", "--no-study", "--no-networks", "--epochs", "2", "--out", out, "--quiet"]);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ["mse-landscape.svg", "bce-landscape.svg", "gradient-norm.svg", "loss-curves.svg", "landscape.json"]) finiteOnly(readFileSync(join(out, f), "utf8"));
  });
});

describe("std of huge entries", () => {
  it("meanStd of [1e200, −1e200, 3e200] equals the closed form, scaled", () => {
    const { mean, std } = meanStd(Float64Array.from([1e200, -1e200, 3e200]));
    expect(mean / 1e200).toBeCloseTo(1, 14);
    // Population std of (1, −1, 3)·1e200: sqrt(8/3)·1e200.
    expect(std / (Math.sqrt(8 / 3) * 1e200)).toBeCloseTo(1, 14);
  });
  it("ordinary entries keep the plain two-pass value bit for bit", () => {
    const v = Float64Array.from([0.1, 0.7, -0.3, 2]);
    const mean = (0.1 + 0.7 + -0.3 + 2) / 4;
    const s = [0.1, 0.7, -0.3, 2].reduce((a, x) => a + (x - mean) ** 2, 0);
    expect(meanStd(v)).toEqual({ mean, std: Math.sqrt(s / 4) });
  });
  it("layers --init constant:1e200 --json gives finite stds and a table without Infinity", () => {
    const j = runCli(["layers", "--init", "constant:1e200", "--json"]);
    expect(j.status, j.stderr).toBe(0);
    finiteOnly(j.stdout);
    const t = runCli(["layers", "--init", "constant:1e200"]);
    expect(t.status).toBe(0);
    expect(t.stdout).not.toMatch(/Infinity|NaN/);
  });
});

describe("explorer address", () => {
  it("a start beyond ±1e150 or a rate below 1e-10 falls back with a notice", () => {
    const a = parseHash("#start=1e308,1e308", 40);
    expect(a.state.start).toEqual([]);
    expect(a.notices.join(" ")).toMatch(/start: "1e308,1e308"/);
    const b = parseHash("#lr=1e-320", 40);
    expect(b.state.lr).toBeGreaterThanOrEqual(1e-10);
    expect(b.notices.join(" ")).toMatch(/lr: "1e-320"/);
  });
  it("10,000 bad starts give one notice; many bad keys at most MAX_NOTICES", () => {
    const starts = Array.from({ length: 10_000 }, (_, i) => `bad${i}`).join(";");
    const a = parseHash(`#start=${starts};1,2`, 40);
    expect(a.notices).toHaveLength(1);
    expect(a.notices[0]).toMatch(/10000 entries dropped/);
    expect(a.state.start).toEqual([{ kind: "fixed", w: 1, b: 2 }]);
    const keys = Array.from({ length: 10_000 }, (_, i) => `start=bad${i}`).join("&");
    const b = parseHash(`#${keys}`, 40);
    expect(b.notices.length).toBeLessThanOrEqual(MAX_NOTICES);
    expect(b.notices.at(-1)).toMatch(/more problems/);
  });
});
