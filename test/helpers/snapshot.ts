// Snapshot comparison against the committed figure set in output/. A file that differs
// is written to test/output/ (gitignored) for review; output/ itself is never touched.
// To accept a change: npm run build && npm run landscape (rewrites output/).

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const COMMITTED = join(ROOT, "output");
export const SCRATCH = join(ROOT, "test", "output");

/** Whether `fresh` equals output/<file>; if not, writes it to test/output/<label>. */
export function matchesCommitted(file: string, fresh: string | Buffer, label = file): { same: boolean; review: string } {
  const committedPath = join(COMMITTED, file);
  const committed = existsSync(committedPath) ? readFileSync(committedPath) : null;
  const bytes = typeof fresh === "string" ? Buffer.from(fresh) : fresh;
  const same = committed !== null && Buffer.compare(bytes, committed) === 0;
  const review = join(SCRATCH, label);
  if (same) rmSync(review, { force: true });
  else {
    mkdirSync(SCRATCH, { recursive: true });
    writeFileSync(review, bytes);
  }
  return { same, review };
}
