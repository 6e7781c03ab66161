// The committed figures: `landscape` with default flags must reproduce output/ byte
// for byte. On a mismatch the new file is written beside the committed one as
// <name>.new.<ext> (gitignored) for review, and the test fails.
// To accept a change: npm run build && npm run landscape (rewrites output/).
// Since output/ was written by an earlier run, passing also shows reruns are byte-identical
// (test/render.figures.test.ts checks that in-process too).

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FIGURES } from "../src/landscape/figures.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "dist/cli/main.js");
const COMMITTED = join(ROOT, "output");
// Every figure registered in the set (issue 3's and any added later), gallery, manifest.
const EXPECTED = [...FIGURES.map((f) => f.file), "index.html", "landscape.json", "explorer.html"];

const newName = (file: string): string => file.replace(/\.([a-z]+)$/, ".new.$1");

describe("landscape (default flags) against output/", () => {
  const tmp = mkdtempSync(join(tmpdir(), "ll-snapshot-"));
  const run = () => spawnSync(process.execPath, [CLI, "landscape", "--out", tmp], { encoding: "utf8" });

  it("runs and writes exactly the figure set", () => {
    expect(existsSync(CLI), "dist/cli/main.js missing: npm run build").toBe(true);
    const r = run();
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(tmp).sort()).toEqual([...EXPECTED].sort());
  });

  it.each(EXPECTED)("%s is byte-identical to the committed file", (file) => {
    const fresh = readFileSync(join(tmp, file));
    const committedPath = join(COMMITTED, file);
    const committed = existsSync(committedPath) ? readFileSync(committedPath) : null;
    const same = committed !== null && Buffer.compare(fresh, committed) === 0;
    const review = join(COMMITTED, newName(file));
    if (same) rmSync(review, { force: true });
    else writeFileSync(review, fresh);
    expect(same, `${file} differs from output/${file}; the new version is at output/${newName(file)}`).toBe(true);
  });

  it("every default SVG is under 200 KB", () => {
    for (const f of EXPECTED.filter((x) => x.endsWith(".svg"))) expect(readFileSync(join(tmp, f)).length).toBeLessThan(200 * 1024);
  });
});
