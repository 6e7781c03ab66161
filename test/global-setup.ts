// Before any test: the generated kernel (src/fast/kernel.generated.ts, assembled from
// src/fast/wat/) and dist/ (the CLI the end-to-end tests run, and the kernel pool's
// worker module) must exist and be current. `npm test` builds first; a bare
// `npx vitest run` on a fresh clone, or after editing src/, builds here instead.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Newest modification time of the files under dir (ms). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function run(what: string, args: string[]): void {
  try {
    execFileSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  } catch {
    throw new Error(`${what} failed: run \`npm run build\` (it must succeed before the tests can run)`);
  }
}

export default function setup(): void {
  // Rewrites the generated kernel only when the WAT sources changed.
  run("assembling the WebAssembly kernel (scripts/build-wasm.mjs)", ["scripts/build-wasm.mjs"]);
  const built = [join(ROOT, "dist/cli/main.js"), join(ROOT, "dist/fast/worker.js")];
  const stale = built.some((f) => !existsSync(f) || statSync(f).mtimeMs < newest(join(ROOT, "src")));
  if (stale) {
    process.stderr.write("dist/ is missing or older than src/: building it (npm run build) before the tests\n");
    run("compiling dist/ (tsc -p tsconfig.build.json)", [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"]);
  }
}
