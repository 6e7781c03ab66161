// docs/api/ is the API reference TypeDoc generates from the TSDoc comments of the three
// entry points (typedoc.json): regenerated into a temp dir, it must equal the committed
// pages byte for byte, so the reference never lags the code.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TYPEDOC = join(ROOT, "node_modules/typedoc/bin/typedoc");
const FIX = "docs/api/ is out of date: run `npm run docs:api` and commit docs/api/";

const files = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();

describe("docs/api", () => {
  it("is what `npm run docs:api` generates from the current source", () => {
    const out = mkdtempSync(join(tmpdir(), "ll-api-"));
    try {
      const r = spawnSync(process.execPath, [TYPEDOC, "--out", out], { cwd: ROOT, encoding: "utf8" });
      expect(r.status, r.stderr + r.stdout).toBe(0);
      const committed = join(ROOT, "docs/api");
      expect(files(committed), FIX).toEqual(files(out));
      for (const f of files(out)) expect(readFileSync(join(committed, f), "utf8"), `${f}: ${FIX}`).toBe(readFileSync(join(out, f), "utf8"));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
