// A file within the byte caps but holding far more numbers than any model can use is
// refused before JSON.parse builds them. The
// file cases run the CLI with a 192 MB V8 heap, so parsing them whole would crash it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_PARAMS } from "../src/nn/architecture.js";
import { MAX_TRAJECTORY_ENTRIES } from "../src/formats/trajectory.js";
import { CLI } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "ll-mem-"));

/** The CLI with a small V8 heap: a file parsed whole would abort it (exit 134), not exit 2. */
function runSmallHeap(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ["--max-old-space-size=192", CLI, ...args], { encoding: "utf8" });
  return { status: r.status, stderr: r.stderr };
}

describe("files holding more numbers than any model uses", () => {
  it("a params JSON of more than MAX_PARAMS one-number rows is refused before parsing, naming the file's flag", () => {
    // Parsed whole, its millions of small arrays would exhaust the 192 MB heap.
    const path = join(dir, "huge.json");
    writeFileSync(path, `{"layers":[{"weight":[${"[0.5],".repeat(MAX_PARAMS + 20_000)}[0.5]],"bias":[0]}]}`);
    for (const flag of ["--params", "--hvp"]) {
      const r = runSmallHeap(["probe", "--hidden", "2", flag, path]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^loss-landscape probe: ${flag}: .*holds more than 5,000,000 numbers`));
    }
  });
  it("a trajectory (JSON rows, or one CSV line) far over the entry limit is refused before parsing", () => {
    const n = MAX_TRAJECTORY_ENTRIES + 300_000;
    const json = join(dir, "traj.json");
    writeFileSync(json, `{"points":[${"[0.5],".repeat(n / 2)}[0.5]]}`);
    const csv = join(dir, "traj.csv");
    writeFileSync(csv, `${"0,".repeat(n)}0\n`);
    const r1 = runSmallHeap(["slice", "--hidden", "2", "--directions", "pca", "--trajectory", json]);
    expect(r1.status, r1.stderr).toBe(2);
    expect(r1.stderr).toMatch(/--trajectory: .*holds more than the limit/);
    const r2 = runSmallHeap(["slice", "--hidden", "2", "--directions", "pca", "--trajectory", csv]);
    expect(r2.status, r2.stderr).toBe(2);
    expect(r2.stderr).toMatch(/--trajectory: .*line 1 has \d+ entries, the model \d+/);
  });
});
