// One command's outputs form one set: two flags may not name one file (by path, "./",
// a symlinked directory or a link to the file), and a failure part-way (a full disk)
// replaces none of the old outputs.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OutputError, UsageError } from "../src/cli/errors.js";
import { checkDistinctOutputs, writeOutputSet } from "../src/cli/output-set.js";
import { withTmpfs } from "./helpers/fault-fs.js";
import { runCli } from "./run-cli.js";

const oneLine = (stderr: string): string => {
  const lines = stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  return lines[0];
};

describe("two outputs on one file", () => {
  it("the same file by another spelling, through a symlinked directory, or by a link is refused", () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-outs-"));
    mkdirSync(join(dir, "d"));
    symlinkSync(join(dir, "d"), join(dir, "e"));
    writeFileSync(join(dir, "d", "f.json"), "old");
    symlinkSync(join(dir, "d", "f.json"), join(dir, "link.json"));
    const same = [
      [join(dir, "x.json"), join(dir, ".", "x.json")],
      [join(dir, "d", "new.json"), join(dir, "e", "new.json")],
      [join(dir, "d", "f.json"), join(dir, "link.json")],
    ];
    for (const [a, b] of same) expect(() => checkDistinctOutputs([{ label: "--out", path: a }, { label: "--svg", path: b }])).toThrow(UsageError);
    expect(() => checkDistinctOutputs([{ label: "--out", path: join(dir, "a") }, { label: "--svg", path: join(dir, "b") }, { label: "--x", path: undefined }])).not.toThrow();
  });

  it("slice --out x.json --svg x.json exits 2 with one line and writes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-outs-"));
    const r = runCli(["slice", "--hidden", "4", "--alpha=-1:1:3", "--beta=-1:1:3", "--out", "x.json", "--svg", "x.json"], dir);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/--out "x.json" and --svg "x.json" name the same file/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("train --save-params x.json --save-trajectory ./x.json exits 2 and keeps the old file", () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-outs-"));
    writeFileSync(join(dir, "x.json"), "mine");
    const r = runCli(["train", "--hidden", "4", "--epochs", "1", "--save-params", "x.json", "--save-trajectory", "./x.json"], dir);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/--save-params "x.json" and --save-trajectory "\.\/x.json" name the same file/);
    expect(readFileSync(join(dir, "x.json"), "utf8")).toBe("mine");
  });

  it("hessian --out and --svg through a symlink to the same file exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-outs-"));
    writeFileSync(join(dir, "h.json"), "mine");
    symlinkSync(join(dir, "h.json"), join(dir, "h.svg"));
    const r = runCli(["hessian", "--hidden", "2", "--out", "h.json", "--svg", "h.svg"], dir);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/name the same file/);
    expect(readFileSync(join(dir, "h.json"), "utf8")).toBe("mine");
  });
});

describe("a failed write set replaces nothing", () => {
  it("writeOutputSet: the second file does not fit, so the first is not replaced and no temp remains", () => {
    withTmpfs(64, (mount) => {
      writeFileSync(join(mount, "a.svg"), "old a");
      writeFileSync(join(mount, "b.json"), "old b");
      const set = [
        { label: "--svg", path: join(mount, "a.svg"), chunks: () => ["new a"] },
        { label: "--out", path: join(mount, "b.json"), chunks: () => ["x".repeat(256 * 1024)] },
      ];
      expect(() => writeOutputSet(set)).toThrow(OutputError);
      expect(readFileSync(join(mount, "a.svg"), "utf8")).toBe("old a");
      expect(readFileSync(join(mount, "b.json"), "utf8")).toBe("old b");
      expect(readdirSync(mount).sort()).toEqual(["a.svg", "b.json"]);
    });
  });

  it("hessian --svg t/h.svg --json --out t/h.json on a full disk keeps the old h.svg", () => {
    withTmpfs(48, (mount) => {
      writeFileSync(join(mount, "h.svg"), "old svg");
      writeFileSync(join(mount, "h.json"), "old json");
      // The figure (~14 KB) fits, the report (~130 KB: eigenvectors and density) does not.
      const r = runCli(["hessian", "--hidden", "8", "--top", "10", "--eigenvectors", "--density", "--json", "--svg", join(mount, "h.svg"), "--out", join(mount, "h.json"), "--quiet"]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/no space left/);
      expect(readFileSync(join(mount, "h.svg"), "utf8")).toBe("old svg");
      expect(readFileSync(join(mount, "h.json"), "utf8")).toBe("old json");
      expect(readdirSync(mount).sort()).toEqual(["h.json", "h.svg"]);
    });
  });
});
