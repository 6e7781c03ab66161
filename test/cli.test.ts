import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { evaluatePoint } from "../src/numerics/point.js";
import { runCli } from "./run-cli.js";

describe("loss-landscape train", () => {
  it("prints the tutorial's 50-epoch log and accuracy 0.575 from (−5, −10) with MSE", () => {
    const r = runCli(["train", "--loss", "mse", "--init=-5,-10"]);
    expect(r.status).toBe(0);
    const epochs = r.stdout.split("\n").filter((l) => /^epoch = \d+, loss = /.test(l));
    expect(epochs.length).toBe(50);
    expect(epochs[0]).toMatch(/^epoch = 0, loss = 1\.000000/);
    expect(r.stdout).toMatch(/\naccuracy = 0\.575\n$/);
  });
  it("--json prints one object with the documented fields", () => {
    const r = runCli(["train", "--loss", "bce", "--init=-5,-10", "--json"]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(["loss", "optimizer", "start", "params", "stepLosses", "epochLosses", "final", "finalLoss", "accuracy"]);
    expect(j.params.length).toBe(1001);
    expect(j.params[0]).toEqual([-5, -10]);
    expect(j.stepLosses.length).toBe(1000);
    expect(j.epochLosses.length).toBe(50);
    expect(j.final).toEqual(j.params[1000]);
    expect(j.accuracy).toBe(1);
  });
  it("draws seeded inits reproducibly", () => {
    const a = JSON.parse(runCli(["train", "--init", "he", "--seed", "3", "--epochs", "1", "--json"]).stdout);
    const b = JSON.parse(runCli(["train", "--init", "he", "--seed", "3", "--epochs", "1", "--json"]).stdout);
    const c = JSON.parse(runCli(["train", "--init", "he", "--seed", "4", "--epochs", "1", "--json"]).stdout);
    expect(a.start).toEqual(b.start);
    expect(a.start).not.toEqual(c.start);
  });
});

describe("loss-landscape probe", () => {
  it("--json equals evaluatePoint at the same point", () => {
    const r = runCli(["probe", "--loss", "mse", "--at=-5,-10", "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(evaluatePoint("mse", seedDataset(), -5, -10))));
  });
  it("reads --data CSV files", () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-"));
    const f = join(dir, "d.csv");
    writeFileSync(f, "x,y\n-1,0\n1,1\n");
    const j = JSON.parse(runCli(["probe", "--loss", "bce", "--at=0,0", "--data", f, "--json"]).stdout);
    expect(j.loss).toBeCloseTo(Math.LN2, 15);
    expect(j.grad).toEqual([-0.5, 0]);
  });
});

describe("loss-landscape grid", () => {
  it("writes JSON with M rows of N, rows along b, matching probe", () => {
    const r = runCli(["grid", "--loss", "bce", "--w=-1:1:3", "--b=0:2:2"]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.w).toEqual([-1, 0, 1]);
    expect(j.b).toEqual([0, 2]);
    for (const k of ["values", "gradW", "gradB", "gradNorm"]) expect(j[k].length).toBe(2), expect(j[k][0].length).toBe(3);
    // `grid` runs the WASM kernel, whose exp/log1p are within 1 ulp of Math's: it agrees
    // with probe (the TypeScript reference) to 1e-12 relative, not bit for bit.
    for (const [i, j2] of [[0, 0], [1, 2], [0, 1]]) {
      const p = evaluatePoint("bce", seedDataset(), j.w[j2], j.b[i]);
      const pairs: Array<[number, number]> = [
        [j.values[i][j2], p.loss],
        [j.gradW[i][j2], p.grad[0]],
        [j.gradB[i][j2], p.grad[1]],
        [j.gradNorm[i][j2], p.gradNorm],
      ];
      for (const [got, want] of pairs) expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.abs(want) + 1e-300);
    }
  });
  it("writes a long CSV to --out", () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-"));
    const out = join(dir, "g.csv");
    expect(runCli(["grid", "--w=0:1:2", "--b=0:1:2", "--format", "csv", "--out", out]).status).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("w,b,loss,gradW,gradB,gradNorm");
    expect(lines.length).toBe(5);
    expect(lines[2].startsWith("1,0,")).toBe(true); // b-major: second line is (w=1, b=0)
    expect(readdirSync(dir)).toEqual(["g.csv"]); // no temp file left behind
  });
});

describe("loss-landscape gradcheck", () => {
  it("passes on the analytic derivatives and prints a table", () => {
    const r = runCli(["gradcheck", "--at=-5,-10", "--at=0.5,0.5"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/4 points: 4 pass, 0 fail/);
  });
  it("exits 1 when a point fails (an absurd rtol and atol of 0 with a coarse step)", () => {
    const r = runCli(["gradcheck", "--at=0.5,0.5", "--h", "0.5", "--rtol", "1e-12", "--atol", "0"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/fail/);
  });
});

describe("bad input", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["unknown command", ["frobnicate"], /unknown command "frobnicate"/],
    ["unknown flag", ["train", "--bogus"], /unknown option --bogus/],
    ["NaN", ["probe", "--at=NaN,1"], /--at must be two finite numbers/],
    ["Infinity", ["train", "--lr", "Infinity"], /--lr must be a finite number > 0/],
    ["N < 2", ["grid", "--w=0:1:1"], /--w: N must be a whole number ≥ 2/],
    ["MIN ≥ MAX", ["grid", "--b=2:1:5"], /--b: MIN must be less than MAX/],
    ["lr ≤ 0", ["train", "--lr", "0"], /--lr must be a finite number > 0/],
    ["fractional epochs", ["train", "--epochs", "2.5"], /--epochs must be a whole number/],
    ["zero batch size", ["train", "--batch-size", "0"], /--batch-size must be a whole number ≥ 1/],
    ["unparsable init", ["train", "--init=-5"], /--init must be W,B/],
    ["flag where a value belongs", ["probe", "--at", "--json"], /--at needs a value \(W,B: two finite numbers\), e\.g\. --at=-5,-10/],
    ["huge grid", ["grid", "--w=0:1:5000", "--b=0:1:5000"], /exceeds the limit of 16777216/],
    ["bad loss", ["probe", "--loss", "hinge"], /--loss must be one of mse, bce/],
    ["missing data file", ["train", "--data", "/nonexistent.csv"], /--data: cannot read/],
  ];
  for (const [name, args, msg] of cases) {
    it(`${name}: one line on stderr, exit 2, no stack`, () => {
      const r = runCli(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trimEnd().split("\n").length).toBe(1);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    });
  }
  it("a bad data line names the line, and --out is not created", () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-"));
    const f = join(dir, "d.csv");
    writeFileSync(f, "x,y\n1,0\n2,5\n");
    const out = join(dir, "g.json");
    const r = runCli(["grid", "--data", f, "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/d\.csv:3: y must be 0 or 1/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("--help", () => {
  it("train, probe, grid and gradcheck print their usage, and the top level lists the commands", () => {
    for (const cmd of ["train", "probe", "grid", "gradcheck"]) {
      const r = runCli([cmd, "--help"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: loss-landscape ${cmd} `));
    }
    expect(runCli(["--help"]).stdout).toMatch(/Commands:/);
  });
});
