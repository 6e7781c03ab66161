// --max-seconds: every stage is estimated before the first (a slice's directions and
// projected trajectory, not only its points), and the clock is checked while the job
// runs, so a wrong estimate cannot let a job run on past the limit.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withDeadline } from "../src/cli/progress-options.js";
import { UsageError } from "../src/cli/errors.js";
import type { Progress } from "../src/cli/progress.js";
import { runCli } from "./run-cli.js";

describe("withDeadline", () => {
  it("passes updates through until the limit, then throws a usage error naming the stage", () => {
    let t = 0;
    const seen: string[] = [];
    const inner: Progress = { update: (s) => void seen.push(s), finish: () => void seen.push("finish") };
    const p = withDeadline(inner, 2, "estimated about 0.1 s for x", () => t);
    p.update("rows", 0.5);
    t = 1999;
    p.update("rows", 0.9);
    t = 2001;
    expect(() => p.update("rows", 1)).toThrow(UsageError);
    expect(() => p.update("rows", 1)).toThrow(/stopped after 2\.0 s in "rows": over --max-seconds 2 \(estimated about 0\.1 s for x\)/);
    p.finish();
    expect(seen).toEqual(["rows", "rows", "finish"]);
  });
});

describe("stages before a slice's points", () => {
  it("a 100,000-point trajectory's projection is estimated and refused before any work", () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-maxsec-"));
    // The 1-2-1 network on the seed data: P = 7.
    const point = [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7];
    const path = join(dir, "traj.csv");
    writeFileSync(path, Array.from({ length: 100_000 }, (_, t) => point.map((v) => v + t * 1e-6).join(",")).join("\n") + "\n");
    const r = runCli(["slice", "--hidden", "2", "--directions", "pca", "--trajectory", path, "--max-seconds", "0.2", "--out", join(dir, "s.json")]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/PCA of 100,000 saved points, projecting 100,000 saved points exceeds --max-seconds 0\.2/);
  });
  it("eigen directions are part of the estimate", () => {
    const r = runCli(["slice", "--hidden", "16,16", "--data", "moons", "--directions", "eigen", "--max-seconds", "0.001"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the top-2 Hessian eigenvectors exceeds --max-seconds 0\.001/);
  });
  it("a job within the limit runs", () => {
    const r = runCli(["slice", "--hidden", "2", "--alpha=-1:1:3", "--beta=-1:1:3", "--max-seconds", "600", "--format", "json"]);
    expect(r.status, r.stderr).toBe(0);
  });
});
