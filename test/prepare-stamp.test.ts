// `prepare` (npm install / npm ci, and npx or npm exec inside a clone) builds only when
// dist/ is not current: scripts/build-stamp.mjs hashes the build's inputs. Checked in a
// scratch project whose `npm run build` is a stand-in that records each call.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SCRIPT = new URL("../scripts/build-stamp.mjs", import.meta.url).pathname;

function project(): { root: string; prepare(): number } {
  const root = mkdtempSync(join(tmpdir(), "prepare-"));
  mkdirSync(join(root, "scripts"));
  mkdirSync(join(root, "src/fast"), { recursive: true });
  mkdirSync(join(root, "bin"));
  copyFileSync(SCRIPT, join(root, "scripts/build-stamp.mjs"));
  writeFileSync(join(root, "package.json"), '{"name":"x","version":"1.0.0"}\n');
  writeFileSync(join(root, "src/a.ts"), "export const a = 1;\n");
  // The stand-in for `npm run build`: count the call, write the outputs and the stamp.
  writeFileSync(
    join(root, "bin/npm"),
    `#!/bin/sh\nset -e\ncd "${root}"\necho built >> builds.log\nmkdir -p dist/cli dist/explorer\ntouch dist/cli/main.js dist/index.js dist/explorer/explorer.bundle.js src/fast/kernel.generated.ts\n"${process.execPath}" scripts/build-stamp.mjs write\n`,
  );
  chmodSync(join(root, "bin/npm"), 0o755);
  return {
    root,
    prepare() {
      const r = spawnSync(process.execPath, ["scripts/build-stamp.mjs", "prepare"], { cwd: root, env: { ...process.env, PATH: `${join(root, "bin")}:${process.env.PATH}` }, encoding: "utf8" });
      expect(r.status).toBe(0);
      return existsSync(join(root, "builds.log")) ? readFileSync(join(root, "builds.log"), "utf8").split("\n").filter(Boolean).length : 0;
    },
  };
}

describe("prepare builds only when dist/ is not current", () => {
  it("builds a fresh clone once, then not again until an input changes", () => {
    const p = project();
    expect(p.prepare()).toBe(1);
    expect(p.prepare()).toBe(1);
    writeFileSync(join(p.root, "src/a.ts"), "export const a = 2;\n");
    expect(p.prepare()).toBe(2);
    expect(p.prepare()).toBe(2);
    // The generated kernel is an output, not an input; a missing output rebuilds.
    writeFileSync(join(p.root, "src/fast/kernel.generated.ts"), "changed\n");
    expect(p.prepare()).toBe(2);
    spawnSync("rm", ["-f", join(p.root, "dist/cli/main.js")]);
    expect(p.prepare()).toBe(3);
  });
  it("an installed package (no src/) is never rebuilt", () => {
    const p = project();
    spawnSync("rm", ["-rf", join(p.root, "src")]);
    expect(p.prepare()).toBe(0);
  });
});
