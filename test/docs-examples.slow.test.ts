// Every shell example of README.md, CONTRIBUTING.md and docs/*.md runs: each ```sh block as
// one bash script in a fresh temp dir, the CLI mapped to the built dist/, sizes shrunk only
// where the page says so in a `<!-- test: ... -->` comment (see test/helpers/doc-examples.ts
// and CONTRIBUTING.md). It must exit 0 and leave every file it names as an output.

import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimedOutputs, mapCli, readExamples } from "./helpers/doc-examples.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SHIM = fileURLToPath(new URL("./helpers/doc-cli.mjs", import.meta.url));
const examples = readExamples(ROOT).filter((e) => e.skip === undefined);
let bin = "";

beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), "ll-doc-bin-"));
  const shim = join(bin, "loss-landscape");
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${SHIM}" "$@"\n`);
  chmodSync(shim, 0o755);
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

describe("the docs' shell examples", () => {
  it.each(examples.map((e) => [e.where, e] as const))("%s runs", (_where, ex) => {
    const dir = mkdtempSync(join(tmpdir(), "ll-doc-ex-"));
    try {
      // `--out docs/figures` and the like: the example's relative folders exist in a clone.
      mkdirSync(join(dir, "docs"), { recursive: true });
      const script = ["set -e", ...ex.setup.map(mapCli), mapCli(ex.script)].join("\n");
      const r = spawnSync("bash", ["-c", script], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, DOC_TEST_SET: JSON.stringify(ex.set), DOC_TEST_ADD: JSON.stringify(ex.add) },
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(r.status, `${ex.where} exited ${r.status}:\n${r.stderr.slice(-2000)}`).toBe(0);
      for (const f of claimedOutputs(ex.script)) expect(existsSync(join(dir, f)), `${ex.where} did not write ${f}`).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
