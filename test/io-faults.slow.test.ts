// Writes that fail (a full tmpfs, /dev/full, a closed pipe), --out paths that must be
// refused, and inputs that must not hang: each against a real file system object.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OutputError, UsageError } from "../src/cli/errors.js";
import { loadData, writeChunksAtomic, writeFileAtomic } from "../src/cli/io.js";
import { checkOutDir, checkOutFile } from "../src/cli/out-path.js";
import { makeFifo, skipNotice, withTmpfs } from "./helpers/fault-fs.js";
import { CLI, runCli } from "./run-cli.js";

const fresh = (): string => mkdtempSync(join(tmpdir(), "ll-io-"));
const oneLine = (s: string): void => {
  expect(s.trimEnd().split("\n")).toHaveLength(1);
  expect(s).not.toMatch(/\n\s+at /);
};

describe("writes on a full disk", () => {
  it("writeFileAtomic fails with 'no space left', keeps the old file and leaves no temp file", () => {
    withTmpfs(64, (dir) => {
      const file = join(dir, "out.json");
      writeFileSync(file, "previous\n");
      // 200 KiB into a 64 KiB file system: writeSync returns short counts, then ENOSPC.
      const big = "x".repeat(200 * 1024);
      expect(() => writeFileAtomic(file, big)).toThrow(OutputError);
      expect(() => writeFileAtomic(file, big)).toThrow(/no space left/);
      expect(readFileSync(file, "utf8")).toBe("previous\n");
      expect(readdirSync(dir)).toEqual(["out.json"]);
      // The same file system still takes a write that fits, completely.
      writeChunksAtomic(file, ["a".repeat(1000), "b".repeat(1000)]);
      expect(readFileSync(file, "utf8")).toBe("a".repeat(1000) + "b".repeat(1000));
    });
  });

  it("grid --out on a full disk: exit 1, one line naming the path and 'no space left'", () => {
    withTmpfs(64, (dir) => {
      const file = join(dir, "g.csv");
      writeFileSync(file, "old\n");
      const r = runCli(["grid", "--w=-1:1:101", "--b=-1:1:101", "--format", "csv", "--out", file]);
      expect(r.status).toBe(1);
      oneLine(r.stderr);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(/no space left/);
      expect(readFileSync(file, "utf8")).toBe("old\n");
      expect(readdirSync(dir)).toEqual(["g.csv"]);
    });
  });

  it("landscape --out on a full disk keeps the whole old set", () => {
    withTmpfs(32, (dir) => {
      const out = join(dir, "figs");
      mkdirSync(out);
      writeFileSync(join(out, "landscape.json"), '{"figures": [{"file": "a.svg"}]}\n');
      writeFileSync(join(out, "a.svg"), "<svg/>");
      const r = runCli(["landscape", "--out", out, "--w=-3:3:5", "--b=-3:3:5", "--epochs", "1", "--losses", "mse", "--study-samples", "2"]);
      expect(r.status).toBe(1);
      expect(r.stderr.trimEnd().split("\n").pop()).toMatch(/no space left/);
      expect(readdirSync(out).sort()).toEqual(["a.svg", "landscape.json"]);
      expect(readdirSync(dir)).toEqual(["figs"]);
    });
  });
});

describe("stdout closed or full", () => {
  it("probe --json > /dev/full: exit 1 and one line, no stack trace", () => {
    if (!existsSync("/dev/full")) return skipNotice("/dev/full is missing");
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${CLI}" probe --json > /dev/full`], { encoding: "utf8" });
    expect(r.status).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/no space left/);
  });

  it("train | head -c 10: EPIPE ends quietly with status 141 (128 + SIGPIPE)", async () => {
    const child = spawn(process.execPath, [CLI, "train", "--epochs", "200000"], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.once("data", () => child.stdout.destroy());
      child.on("close", (c) => resolve(c));
    });
    expect(code).toBe(141);
    expect(err).toBe("");
  });
});

describe("--out paths", () => {
  it("refuses '', directories, paths under files, /proc and /sys for files, with exit 2 and one line", () => {
    const dir = fresh();
    writeFileSync(join(dir, "f"), "x");
    const cases = ["", dir, join(dir, "f", "g.json"), ".", "/", "newdir/", "/proc/x", "/sys/x"];
    for (const out of cases) {
      const r = runCli(["grid", "--w=0:1:2", "--b=0:1:2", "--out", out], dir);
      expect(r.status, out).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/--out/);
    }
    expect(readdirSync(dir)).toEqual(["f"]);
  });

  it("landscape refuses '', '.', '/', a file, /proc/x quickly (no mkdir spin)", () => {
    const dir = fresh();
    writeFileSync(join(dir, "f"), "x");
    for (const out of ["", ".", "/", join(dir, "f"), "/proc/x", "/sys/kernel/x"]) {
      const t0 = Date.now();
      const r = runCli(["landscape", "--out", out], dir);
      expect(r.status, out).toBe(2);
      oneLine(r.stderr);
      expect(Date.now() - t0).toBeLessThan(20_000);
    }
  });

  it("refuses to replace a character device, a FIFO or a dangling symlink", () => {
    const dir = fresh();
    expect(() => checkOutFile("/dev/null")).toThrow(UsageError);
    symlinkSync(join(dir, "missing"), join(dir, "dangling"));
    expect(() => checkOutFile(join(dir, "dangling"))).toThrow(/symbolic link/);
    if (makeFifo(join(dir, "p"))) expect(() => checkOutFile(join(dir, "p"))).toThrow(/not a regular file/);
    else skipNotice("mkfifo unavailable");
    const r = runCli(["grid", "--w=0:1:2", "--b=0:1:2", "--out", "/dev/null"]);
    expect(r.status).toBe(2);
  });

  it("writes through a symlink to a regular file: the link stays a link", () => {
    const dir = fresh();
    writeFileSync(join(dir, "real.json"), "old");
    symlinkSync("real.json", join(dir, "link.json"));
    const r = runCli(["grid", "--w=0:1:2", "--b=0:1:2", "--out", join(dir, "link.json")]);
    expect(r.status).toBe(0);
    expect(readlinkSync(join(dir, "link.json"))).toBe("real.json");
    expect(JSON.parse(readFileSync(join(dir, "real.json"), "utf8")).w).toEqual([0, 1]);
  });

  it("checkOutDir refuses the current directory and its parents", () => {
    expect(() => checkOutDir(".")).toThrow(UsageError);
    expect(() => checkOutDir("..")).toThrow(UsageError);
    expect(checkOutDir("some-new-dir")).toBe(join(process.cwd(), "some-new-dir"));
  });
});

describe("inputs that must not hang or fill the heap", () => {
  it("--data /dev/zero and --config /dev/zero: exit 2 at once", () => {
    if (!existsSync("/dev/zero")) return skipNotice("/dev/zero is missing");
    for (const args of [["probe", "--data", "/dev/zero"], ["landscape", "--config", "/dev/zero", "--out", join(fresh(), "o")]]) {
      const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 20_000 });
      expect(r.status, args.join(" ")).toBe(2);
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/not a regular file/);
    }
  });

  it("a FIFO with no writer is refused instead of blocking", () => {
    const fifo = join(fresh(), "p");
    if (!makeFifo(fifo)) return skipNotice("mkfifo unavailable");
    const r = spawnSync(process.execPath, [CLI, "probe", "--data", fifo], { encoding: "utf8", timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not a regular file/);
  });

  it("refuses a CSV over the byte cap and a config over 1 MiB", () => {
    const dir = fresh();
    const cfg = join(dir, "c.json");
    writeFileSync(cfg, `{"lr": 1${" ".repeat(1024 * 1024)}}`);
    const r = runCli(["landscape", "--config", cfg, "--out", join(dir, "o")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--config: .* larger than the limit of 1 MiB/);
    expect(() => loadData(dir)).toThrow(/not a regular file/);
  });
});
