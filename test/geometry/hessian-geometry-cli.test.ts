// `hessian --trace --hutchpp --trace-repeats`, `--per-layer` traces and `--matrix ggn` as a user runs them.

import { describe, expect, it } from "vitest";
import { runCli } from "../run-cli.js";

const base = ["hessian", "--hidden", "5,4", "--data", "moons", "--samples", "60", "--init", "he", "--loss", "bce", "--quiet", "--json"];

describe("hessian: Hutch++, per-layer traces, GGN", () => {
  it("--hutchpp and --trace-repeats report both estimators beside the exact trace; --per-layer traces sum to the exact trace", () => {
    const r = runCli([...base, "--trace", "--probes", "24", "--hutchpp", "--trace-repeats", "4", "--per-layer"]);
    expect(r.stderr).toBe("");
    const doc = JSON.parse(r.stdout);
    expect(doc.trace.hutchpp.products).toBeLessThanOrEqual(24);
    expect(doc.trace.repeats.hutchinson.estimates).toHaveLength(4);
    expect(doc.trace.repeats.hutchpp.estimates).toHaveLength(4);
    expect(doc.trace.repeats.hutchinson.estimates[0]).toBe(doc.trace.estimate);
    const sum = doc.perLayer.reduce((s: number, l: { trace: { exact: number } }) => s + l.trace.exact, 0);
    expect(sum).toBeCloseTo(doc.trace.exact, 10);
  });

  it("--matrix ggn: every exact eigenvalue ≥ 0, and the top ones match Lanczos", () => {
    const r = runCli([...base, "--matrix", "ggn", "--top", "3", "--bottom", "2"]);
    const doc = JSON.parse(r.stdout);
    expect(doc.matrix).toBe("ggn");
    expect(Math.min(...doc.bottom.exact)).toBeGreaterThan(-1e-12 * doc.top.exact[0]);
    doc.top.values.forEach((v: number, i: number) => expect(v).toBeCloseTo(doc.top.exact[i], 10));
  });

  it("refuses --hutchpp without --trace and with fewer than 3 probes (exit 2, one line)", () => {
    for (const [args, pattern] of [
      [["--hutchpp"], /--hutchpp sets up --trace/],
      [["--trace", "--probes", "2", "--hutchpp"], /--hutchpp needs --probes 3/],
      [["--trace-repeats", "3"], /--trace-repeats sets up --trace/],
      [["--matrix", "fisher"], /--matrix must be one of hessian, ggn/],
    ] as Array<[string[], RegExp]>) {
      const r = runCli([...base, ...args]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});
