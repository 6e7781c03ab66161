// Whether dist/ is current: a SHA-256 of everything the build reads (src/, the build
// scripts, the TypeScript configs, package.json and the lock file), kept in
// dist/.build-stamp by `npm run build`. `prepare` (run by npm install / npm ci, and by npx
// inside a clone) builds only when the stamp is missing or differs, so an up-to-date
// clone is never rebuilt behind the user's back.
//   node scripts/build-stamp.mjs write   # after a build: record the inputs' hash
//   node scripts/build-stamp.mjs check   # exit 0 when dist/ is current, 1 otherwise
//   node scripts/build-stamp.mjs prepare # build unless current (the prepare script)

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const STAMP = join(root, "dist", ".build-stamp");
const FILES = ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json", "scripts/build-wasm.mjs", "scripts/wat-expand.mjs", "scripts/build-explorer.mjs"];
/** Outputs of the build that must exist for dist/ to count as built. */
const OUTPUTS = ["dist/cli/main.js", "dist/index.js", "dist/explorer/explorer.bundle.js", "src/fast/kernel.generated.ts"];

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (!name.endsWith(".generated.ts")) out.push(p);
  }
  return out;
}

/** The hash of the build's inputs, or null when there is no src/ (an installed package). */
export function inputsHash() {
  if (!existsSync(join(root, "src"))) return null;
  const h = createHash("sha256");
  for (const p of [...FILES.map((f) => join(root, f)).filter((p) => existsSync(p)), ...walk(join(root, "src"), [])]) {
    h.update(relative(root, p)).update("\0").update(readFileSync(p)).update("\0");
  }
  return h.digest("hex");
}

export function isCurrent() {
  const hash = inputsHash();
  if (hash === null) return true;
  if (!OUTPUTS.every((f) => existsSync(join(root, f))) || !existsSync(STAMP)) return false;
  return readFileSync(STAMP, "utf8").trim() === hash;
}

const mode = import.meta.url === pathToFileURL(process.argv[1] ?? "").href ? process.argv[2] : null;
if (mode === null) {
  // Imported (tests): nothing to do.
} else if (mode === "write") {
  const hash = inputsHash();
  if (hash !== null) writeFileSync(STAMP, `${hash}\n`);
} else if (mode === "check") {
  process.exitCode = isCurrent() ? 0 : 1;
} else if (mode === "prepare") {
  if (!isCurrent()) {
    const r = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"], { cwd: root, stdio: "inherit" });
    process.exitCode = r.status ?? 1;
  }
} else {
  process.stderr.write("usage: node scripts/build-stamp.mjs write|check|prepare\n");
  process.exitCode = 2;
}
