// The folder rules (docs/architecture.md), enforced: dependency-cruiser over src/ with
// .dependency-cruiser.cjs finds no import cycle, no library module importing the CLI, no
// numerics module importing a renderer, a page or the DOM, and no renderer importing a page.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("layering", () => {
  it("src/ keeps the folder rules", () => {
    const r = spawnSync(process.execPath, ["node_modules/dependency-cruiser/bin/dependency-cruise.mjs", "src", "--config", ".dependency-cruiser.cjs", "--output-type", "err"], { cwd: root, encoding: "utf8" });
    expect(r.stdout + r.stderr).toMatch(/no dependency violations found/);
    expect(r.status).toBe(0);
  });
});
