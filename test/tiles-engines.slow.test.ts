// Tiles under real engines, and resume after real kills: a 2-D slice as 4 tiles under
// GNU parallel -j 2; a single run killed with SIGKILL mid-run, then resumed; a Slurm job
// array (sbatch --array=0-3 --wait with examples/slurm/slice-tiles.sbatch) on the local
// cluster of scripts/slurm-local.sh, one task cancelled mid-run with scancel and
// resubmitted with --resume. Every time the merged bytes equal one run's.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, runCli } from "./run-cli.js";

const root = join(__dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "tiles-engines-"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ok(args: string[], cwd?: string): void {
  const r = runCli(args, cwd);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}

const same = (a: string, b: string): boolean => readFileSync(a).equals(readFileSync(b));

/** Block lines written to a tile file so far (its first two lines are header and context). */
function blocks(file: string): number {
  if (!existsSync(file)) return 0;
  return Math.max(0, readFileSync(file, "utf8").split("\n").length - 3);
}

async function until(what: string, f: () => boolean, seconds: number): Promise<void> {
  for (let t = 0; t < seconds * 10; t++) {
    if (f()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

// Small enough to be quick, wide enough that each tile writes many blocks.
const SMALL = ["slice", "--hidden", "8,8", "--data", "moons", "--samples", "300", "--alpha=-1:1:21", "--beta=-1:1:17", "--seed", "5", "--quiet"];
// A run of many seconds, one row (one block) at a time, to be killed part-way.
const LONG = ["slice", "--hidden", "32,32", "--data", "moons", "--samples", "5000", "--alpha=-1:1:51", "--beta=-1:1:51", "--seed", "5", "--quiet"];

const hasParallel = spawnSync("parallel", ["--version"], { encoding: "utf8" }).status === 0;

describe("GNU parallel", () => {
  it.skipIf(!hasParallel && process.env.CI !== "true")("4 tiles under parallel -j 2 merge to one run's bytes", () => {
    const d = join(dir, "parallel");
    mkdirSync(d);
    ok([...SMALL, "--out", join(d, "one.json"), "--svg", join(d, "one.svg")]);
    const r = spawnSync("parallel", ["-j", "2", "--halt", "now,fail=1", process.execPath, CLI, ...SMALL, "--tile", "{}/4", "--out", join(d, "tiles"), ":::", "0", "1", "2", "3"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readdirSync(join(d, "tiles")).sort()).toEqual([0, 1, 2, 3].map((k) => `slice-tile-${k}-of-4.jsonl`));
    ok(["merge", join(d, "tiles"), "--format", "json", "--out", join(d, "m.json"), "--svg", join(d, "m.svg")]);
    expect(same(join(d, "m.json"), join(d, "one.json"))).toBe(true);
    expect(same(join(d, "m.svg"), join(d, "one.svg"))).toBe(true);
  });
});

describe("SIGKILL, then --resume", () => {
  it("a single run killed mid-run and resumed writes one uninterrupted run's bytes", async () => {
    const d = join(dir, "kill");
    mkdirSync(d);
    const out = join(d, "s.json");
    const child = spawn(process.execPath, [CLI, ...LONG, "--out", out], { stdio: "ignore" });
    const exited = new Promise((r) => child.on("exit", r));
    await until("the first finished rows", () => blocks(`${out}.resume.jsonl`) >= 3, 600);
    child.kill("SIGKILL");
    await exited;
    expect(existsSync(out)).toBe(false);
    const kept = blocks(`${out}.resume.jsonl`);
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(kept).toBeLessThan(51);
    ok([...LONG, "--out", out, "--resume"]);
    expect(existsSync(`${out}.resume.jsonl`)).toBe(false);
    ok([...LONG, "--out", join(d, "one.json")]);
    expect(same(out, join(d, "one.json"))).toBe(true);
  });

  it("SIGTERM stops a tile cleanly (exit 143, finished rows kept); --resume completes it", async () => {
    const d = join(dir, "term");
    mkdirSync(d);
    const file = join(d, "t", "slice-tile-0-of-2.jsonl");
    const child = spawn(process.execPath, [CLI, ...LONG, "--tile", "0/2", "--out", join(d, "t")], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (b) => (err += b));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    await until("the first finished rows", () => blocks(file) >= 2, 600);
    child.kill("SIGTERM");
    expect(await exited).toBe(143);
    expect(err).toMatch(/stopped by SIGTERM.*--resume/);
    const m = runCli(["merge", join(d, "t"), "--out", join(d, "m.json")]);
    expect(m.status).toBe(3);
    expect(m.stdout).toMatch(/--tile 0\/2 --resume\n/);
    expect(m.stdout).toMatch(/--tile 1\/2\n/);
  });
});

// The local cluster: SLURM_CONF from the environment, else the one scripts/slurm-local.sh writes.
const slurmConf = process.env.SLURM_CONF ?? "/tmp/slurm-local/slurm.conf";
const slurmEnv = { ...process.env, SLURM_CONF: slurmConf, LOSS_LANDSCAPE: `${process.execPath} ${CLI}` };
const sinfo = spawnSync("sinfo", ["-h", "-o", "%t"], { env: slurmEnv, encoding: "utf8" });
const slurmUp = sinfo.status === 0 && /idle|mix|alloc/.test(sinfo.stdout);
if (!slurmUp) console.log(`Slurm tests skipped: no running cluster (sinfo: ${(sinfo.stderr || sinfo.error?.message || sinfo.stdout).trim()}); start one with sudo scripts/slurm-local.sh start`);
const script = join(root, "examples", "slurm", "slice-tiles.sbatch");

function sbatch(args: string[], cwd: string): string {
  const r = spawnSync("sbatch", ["--parsable", ...args], { env: slurmEnv, cwd, encoding: "utf8" });
  expect(r.stderr.replace(/^sbatch: .*\n/gm, "")).toBe("");
  expect(r.status).toBe(0);
  return r.stdout.trim().split(";")[0];
}

const inQueue = (job: string): boolean => spawnSync("squeue", ["-h", "-j", job], { env: slurmEnv, encoding: "utf8" }).stdout.trim() !== "";

describe("Slurm job array", () => {
  it.skipIf(!slurmUp && process.env.CI !== "true")("sbatch --array=0-3 --wait, merge: one run's bytes", () => {
    const d = join(dir, "slurm");
    mkdirSync(d);
    ok([...SMALL, "--out", join(d, "one.json")]);
    sbatch(["--array=0-3", "--wait", "--cpus-per-task=1", `--output=${d}/%A_%a.out`, script, ...SMALL.slice(1)], d);
    expect(readdirSync(join(d, "tiles")).sort()).toEqual([0, 1, 2, 3].map((k) => `slice-tile-${k}-of-4.jsonl`));
    ok(["merge", join(d, "tiles"), "--out", join(d, "m.json")]);
    expect(same(join(d, "m.json"), join(d, "one.json"))).toBe(true);
  });

  it.skipIf(!slurmUp && process.env.CI !== "true")("scancel of one task mid-run (SIGTERM), resubmitted with --resume: one run's bytes", async () => {
    const d = join(dir, "slurm-cancel");
    mkdirSync(d);
    const job = sbatch(["--array=0-3", "--cpus-per-task=1", `--output=${d}/%A_%a.out`, script, ...LONG.slice(1)], d);
    const file = join(d, "tiles", "slice-tile-1-of-4.jsonl");
    await until("task 1's first rows", () => blocks(file) >= 2, 1800);
    const c = spawnSync("scancel", [`${job}_1`], { env: slurmEnv, encoding: "utf8" });
    expect(c.status).toBe(0);
    await until("the array to end", () => !inQueue(job), 3600);
    // Task 1 stopped part-way: merge names it, with --resume.
    const m = runCli(["merge", join(d, "tiles"), "--out", join(d, "m.json")]);
    expect(m.status).toBe(3);
    expect(m.stdout.trim().split("\n")).toEqual([expect.stringMatching(/--tile 1\/4 --resume$/)]);
    const before = statSync(file).size;
    // Resubmitted alone, the task's array has one task: --tiles 4 makes its ID (1) the tile.
    sbatch(["--array=1", "--wait", "--cpus-per-task=1", `--output=${d}/%A_%a.out`, script, ...LONG.slice(1), "--tiles", "4"], d);
    expect(statSync(file).size).toBeGreaterThan(before);
    ok(["merge", join(d, "tiles"), "--out", join(d, "m.json")]);
    ok([...LONG, "--out", join(d, "one.json")]);
    expect(same(join(d, "m.json"), join(d, "one.json"))).toBe(true);
  });
});
