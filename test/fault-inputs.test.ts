// Hostile inputs that used to reach an internal error: parameter files nested 100,000
// deep, networks whose Hessian is near or beyond the float64 limit.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { symmetricEigenvalues } from "../src/nn/symmetric-eigen.js";
import { runCli } from "./run-cli.js";

const oneLine = (stderr: string): string => {
  const lines = stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toMatch(/internal error|call stack/);
  return lines[0];
};
const deep = (n: number): string => "[".repeat(n) + "]".repeat(n);

describe("JSON nested 100,000 deep", () => {
  const dir = mkdtempSync(join(tmpdir(), "ll-deep-"));
  const files = {
    top: deep(100_000),
    weight: `{"layers":[{"weight":${deep(100_000)},"bias":[1]}]}`,
    bias: `{"layers":[{"weight":[[1]],"bias":[${deep(100_000)}]}]}`,
    rows: `{"layers":[{"weight":[${deep(100_000)}],"bias":[1]}]}`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, `${name}.json`), text);
  it.each(Object.keys(files))("%s: --params, --hvp, --to and --directions exit 2 with one line", (name) => {
    const f = join(dir, `${name}.json`);
    for (const [args, flag] of [
      [["probe", "--params", f], "--params"],
      [["probe", "--hidden", "2", "--hvp", f], "--hvp"],
      [["slice", "--hidden", "2", "--directions", "interp", "--to", f], "--to"],
      [["slice", "--hidden", "2", "--directions", `${f},${f}`], "--directions"],
    ] as const) {
      const r = runCli([...args]);
      expect(r.status, `${args.join(" ")}: ${r.stderr}`).toBe(2);
      expect(oneLine(r.stderr)).toContain(flag);
    }
  });
});

describe("Hessians near the float64 limit", () => {
  it("eigenvalues of 1e300·[[2,1,0],[1,2,0],[0,0,5]] are 1e300, 3e300, 5e300", () => {
    const s = 1e300;
    const ev = symmetricEigenvalues(Float64Array.from([2 * s, s, 0, s, 2 * s, 0, 0, 0, 5 * s]), 3);
    expect(ev[0] / 1e300).toBeCloseTo(1, 12);
    expect(ev[1] / 3e300).toBeCloseTo(3 / 3, 12);
    expect(ev[2] / 5e300).toBeCloseTo(1, 12);
  });
  it("ordinary matrices keep their bits: the scaling applies only far from 1", () => {
    const a = Float64Array.from([2, 1, 0.5, 1, 3, 0.25, 0.5, 0.25, 4]);
    const scaled = symmetricEigenvalues(Float64Array.from(a, (v) => v * 2 ** 600), 3);
    const plain = symmetricEigenvalues(a, 3);
    for (let k = 0; k < 3; k++) expect(scaled[k]).toBe(plain[k] * 2 ** 600);
  });
  it("probe --hidden 4,4 --init uniform:1e308 exits 2 naming --init", () => {
    const r = runCli(["probe", "--hidden", "4,4", "--init", "uniform:1e308", "--json"]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/^loss-landscape probe: --init: hessian/);
  });
  it("output weights of 1e308 in --params exit 2 naming --params", () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-big-"));
    const layers = [{ weight: [[0.1], [0.2], [0.3], [0.4]], bias: [0, 0, 0, 0] }, { weight: [[1e308, 1e308, 1e308, 1e308]], bias: [0] }];
    writeFileSync(join(dir, "p.json"), JSON.stringify({ layers }));
    const r = runCli(["probe", "--params", join(dir, "p.json"), "--json"]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toContain("--params");
  });
});
