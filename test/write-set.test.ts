// The landscape set is replaced as one unit: stale figures of an earlier run go, the
// user's own files stay, and what a killed run left behind is finished or undone.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { manifestFiles } from "../src/cli/commands/landscape.js";
import { OutputError } from "../src/cli/errors.js";
import { recoverSet, writeFileSet, type SetFile } from "../src/cli/write-set.js";
import { withTmpfs } from "./helpers/fault-fs.js";
import { runCli } from "./run-cli.js";

const hash = (content: string): string => createHash("sha256").update(content).digest("hex");
/** A manifest as landscape writes it: each file with the SHA-256 of its bytes. */
const manifest = (files: Array<{ file: string; content: string }>): string =>
  JSON.stringify({ figures: files.map(({ file }) => ({ file })), written: files.map(({ file, content }) => ({ file, sha256: hash(content) })) });
const set = (files: string[], tag: string): SetFile[] => {
  const own = [...files.map((file) => ({ file, content: `${tag}:${file}` })), { file: "index.html", content: `${tag}:index` }];
  return [...own, { file: "landscape.json", content: manifest(own) }];
};
const ls = (dir: string): string[] => readdirSync(dir).sort();

/** A pid that is certainly not running: a child that has already exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

describe("writeFileSet", () => {
  it("creates a new directory with exactly the set", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "ll-set-")), "figs");
    writeFileSet(dir, set(["a.svg", "b.svg"], "new"), manifestFiles);
    expect(ls(dir)).toEqual(["a.svg", "b.svg", "index.html", "landscape.json"]);
    expect(ls(join(dir, ".."))).toEqual(["figs"]);
  });

  it("removes stale files an earlier run listed, keeps the user's files, leaves no temp dirs", () => {
    const parent = mkdtempSync(join(tmpdir(), "ll-set-"));
    const dir = join(parent, "figs");
    writeFileSet(dir, set(["a.svg", "b.svg", "c.svg"], "old"), manifestFiles);
    writeFileSync(join(dir, "notes.md"), "mine");
    mkdirSync(join(dir, "drafts"));
    writeFileSync(join(dir, "drafts", "x.svg"), "mine too");
    writeFileSet(dir, set(["a.svg"], "new"), manifestFiles);
    expect(ls(dir)).toEqual(["a.svg", "drafts", "index.html", "landscape.json", "notes.md"]);
    expect(readFileSync(join(dir, "a.svg"), "utf8")).toBe("new:a.svg");
    expect(readFileSync(join(dir, "notes.md"), "utf8")).toBe("mine");
    expect(readFileSync(join(dir, "drafts", "x.svg"), "utf8")).toBe("mine too");
    expect(ls(parent)).toEqual(["figs"]);
  });

  it("a manifest cannot point the cleanup outside the directory", () => {
    const parent = mkdtempSync(join(tmpdir(), "ll-set-"));
    const dir = join(parent, "figs");
    mkdirSync(dir);
    writeFileSync(join(parent, "keep.txt"), "outside");
    writeFileSync(join(dir, "landscape.json"), manifest(["../keep.txt", ".hidden", "ok.svg"].map((file) => ({ file, content: file === "ok.svg" ? "old" : "outside" }))));
    writeFileSync(join(dir, ".hidden"), "outside");
    writeFileSync(join(dir, "ok.svg"), "old");
    writeFileSet(dir, set(["a.svg"], "new"), manifestFiles);
    expect(readFileSync(join(parent, "keep.txt"), "utf8")).toBe("outside");
    expect(ls(dir)).toEqual([".hidden", "a.svg", "index.html", "landscape.json"]);
  });

  it("a failed write (full disk) leaves the old set whole and no temp directory", () => {
    withTmpfs(32, (mount) => {
      const dir = join(mount, "figs");
      writeFileSet(dir, set(["a.svg"], "old"), manifestFiles);
      writeFileSync(join(dir, "mine.txt"), "user");
      const huge: SetFile[] = [{ file: "a.svg", content: "x".repeat(64 * 1024) }, ...set([], "new")];
      expect(() => writeFileSet(dir, huge, manifestFiles)).toThrow(OutputError);
      expect(() => writeFileSet(dir, huge, manifestFiles)).toThrow(/no space left/);
      expect(ls(dir)).toEqual(["a.svg", "index.html", "landscape.json", "mine.txt"]);
      expect(readFileSync(join(dir, "a.svg"), "utf8")).toBe("old:a.svg");
      expect(ls(mount)).toEqual(["figs"]);
    });
  });
});

describe("writeFileSet never removes what it did not write", () => {
  it("a manifest we did not write (no hashes) owns nothing: listed files and directories stay", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "ll-set-")), "site");
    mkdirSync(join(dir, "sub"), { recursive: true });
    writeFileSync(join(dir, "sub", "a.txt"), "w");
    writeFileSync(join(dir, "thesis.tex"), "w");
    writeFileSync(join(dir, "landscape.json"), JSON.stringify({ figures: [{ file: "sub" }, { file: "thesis.tex" }] }));
    writeFileSet(dir, set(["a.svg"], "new"), manifestFiles);
    expect(readFileSync(join(dir, "thesis.tex"), "utf8")).toBe("w");
    expect(readFileSync(join(dir, "sub", "a.txt"), "utf8")).toBe("w");
  });

  it("hashes that match a directory's name or a changed file do not make them ours", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "ll-set-")), "site");
    writeFileSet(dir, set(["a.svg", "b.svg"], "old"), manifestFiles);
    writeFileSync(join(dir, "b.svg"), "edited by the user");
    // A forged manifest naming a directory with some hash, and a file with a wrong one.
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "a.txt"), "w");
    writeFileSync(join(dir, "notes.md"), "mine");
    const forged = JSON.parse(readFileSync(join(dir, "landscape.json"), "utf8")) as { written: Array<{ file: string; sha256: string }> };
    forged.written.push({ file: "sub", sha256: hash("") }, { file: "notes.md", sha256: hash("other") });
    writeFileSync(join(dir, "landscape.json"), JSON.stringify(forged));
    writeFileSet(dir, set([], "new"), manifestFiles);
    expect(ls(dir)).toEqual(["b.svg", "index.html", "landscape.json", "notes.md", "sub"]);
    expect(readFileSync(join(dir, "b.svg"), "utf8")).toBe("edited by the user");
    expect(readFileSync(join(dir, "sub", "a.txt"), "utf8")).toBe("w");
  });

  it("a stale explorer.html of ours goes when a later set skips the page; an edited one stays", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "ll-set-")), "site");
    writeFileSet(dir, set(["a.svg", "explorer.html"], "old"), manifestFiles);
    writeFileSet(dir, set(["a.svg"], "new"), manifestFiles);
    expect(ls(dir)).toEqual(["a.svg", "index.html", "landscape.json"]);
    writeFileSet(dir, set(["a.svg", "explorer.html"], "old"), manifestFiles);
    writeFileSync(join(dir, "explorer.html"), "the user's own page");
    writeFileSet(dir, set(["a.svg"], "new"), manifestFiles);
    expect(readFileSync(join(dir, "explorer.html"), "utf8")).toBe("the user's own page");
  });

  it("a directory where the set writes a file is refused, not replaced", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "ll-set-")), "site");
    mkdirSync(join(dir, "index.html"), { recursive: true });
    writeFileSync(join(dir, "index.html", "keep.txt"), "w");
    expect(() => writeFileSet(dir, set(["a.svg"], "new"), manifestFiles)).toThrow(/directory of that name is in the way/);
    expect(readFileSync(join(dir, "index.html", "keep.txt"), "utf8")).toBe("w");
    expect(ls(join(dir, ".."))).toEqual(["site"]);
  });
});

describe("recoverSet: what a killed run left", () => {
  it("killed while staging: the partial stage is removed, the user's moved files come back", () => {
    const parent = mkdtempSync(join(tmpdir(), "ll-rec-"));
    const dir = join(parent, "figs");
    writeFileSet(dir, set(["a.svg"], "old"), manifestFiles);
    const pid = deadPid();
    // A stage whose manifest was written and one user file already moved in.
    const stage = join(parent, `.figs.${pid}.new`);
    mkdirSync(stage);
    for (const f of set(["b.svg"], "new")) writeFileSync(join(stage, f.file), f.content);
    writeFileSync(join(stage, "mine.txt"), "user");
    // A stage killed before its manifest: nothing of the user's is in it.
    const partial = join(parent, `.figs.${deadPid()}.new`);
    mkdirSync(partial);
    writeFileSync(join(partial, "b.svg"), "half");
    recoverSet(dir, manifestFiles);
    expect(ls(parent)).toEqual(["figs"]);
    expect(ls(dir)).toEqual(["a.svg", "index.html", "landscape.json", "mine.txt"]);
  });

  it("killed between the two renames: the complete new set is rolled forward", () => {
    const parent = mkdtempSync(join(tmpdir(), "ll-rec-"));
    const pid = deadPid();
    const old = join(parent, `.figs.${pid}.old`);
    const stage = join(parent, `.figs.${pid}.new`);
    mkdirSync(old);
    mkdirSync(stage);
    for (const f of set(["a.svg"], "old")) writeFileSync(join(old, f.file), f.content);
    for (const f of set(["b.svg"], "new")) writeFileSync(join(stage, f.file), f.content);
    writeFileSync(join(stage, "mine.txt"), "user");
    recoverSet(join(parent, "figs"), manifestFiles);
    expect(ls(parent)).toEqual(["figs"]);
    expect(ls(join(parent, "figs"))).toEqual(["b.svg", "index.html", "landscape.json", "mine.txt"]);
  });

  it("killed before removing the old set, and per-file temp files of dead runs, are cleaned up", () => {
    const parent = mkdtempSync(join(tmpdir(), "ll-rec-"));
    const dir = join(parent, "figs");
    writeFileSet(dir, set(["a.svg"], "new"), manifestFiles);
    const pid = deadPid();
    mkdirSync(join(parent, `.figs.${pid}.old`));
    writeFileSync(join(dir, `.a.svg.${pid}.tmp`), "half");
    writeFileSync(join(dir, `.a.svg.${process.pid}.tmp`), "a live run's");
    recoverSet(dir, manifestFiles);
    expect(ls(parent)).toEqual(["figs"]);
    expect(existsSync(join(dir, `.a.svg.${pid}.tmp`))).toBe(false);
    expect(existsSync(join(dir, `.a.svg.${process.pid}.tmp`))).toBe(true);
  });
});

describe("landscape --out D, twice", () => {
  it("a smaller second run removes the figures only the first wrote and keeps the user's file", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "ll-land-")), "figs");
    const small = ["--w=-3:3:5", "--b=-3:3:5", "--epochs", "1", "--no-basins", "--no-study", "--no-networks", "--quiet"];
    expect(runCli(["landscape", "--out", dir, ...small]).status).toBe(0);
    const first = ls(dir);
    expect(first).toContain("bce-landscape.svg");
    writeFileSync(join(dir, "README.txt"), "mine");
    expect(runCli(["landscape", "--out", dir, ...small, "--losses", "mse"]).status).toBe(0);
    const second = ls(dir);
    expect(second).not.toContain("bce-landscape.svg");
    expect(second).toContain("README.txt");
    const listed = [...(manifestFiles(dir) ?? new Map()).keys(), "landscape.json"].sort();
    expect(second.filter((f) => f !== "README.txt")).toEqual(listed);
  }, 300_000);

  it("the issue's reproduction: files and directories a foreign landscape.json lists survive", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "ll-land-")), "site");
    mkdirSync(join(dir, "sub"), { recursive: true });
    writeFileSync(join(dir, "sub", "a.txt"), "w\n");
    writeFileSync(join(dir, "thesis.tex"), "w\n");
    writeFileSync(join(dir, "landscape.json"), '{"figures":[{"file":"sub"},{"file":"thesis.tex"}]}');
    const small = ["--w=-3:3:5", "--b=-3:3:5", "--epochs", "1", "--no-basins", "--no-study", "--no-networks", "--quiet"];
    expect(runCli(["landscape", "--out", dir, ...small]).status).toBe(0);
    expect(readFileSync(join(dir, "thesis.tex"), "utf8")).toBe("w\n");
    expect(readFileSync(join(dir, "sub", "a.txt"), "utf8")).toBe("w\n");
  }, 300_000);

});
