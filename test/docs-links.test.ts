// README.md, CONTRIBUTING.md and every docs/*.md page: each relative link points at a file
// that exists, and each #anchor at a heading of its page (GitHub's heading slugs), so moving
// text between pages cannot leave a dead link. README stays one page (< 250 lines).

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const pages = ["README.md", "CONTRIBUTING.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)]
  .filter((p) => existsSync(join(ROOT, p)));

/** Text outside fenced code blocks. */
function prose(md: string): string {
  return md.replace(/^```[\s\S]*?^```/gm, "");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, -N for repeats. */
export function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose(md).matchAll(/^#{1,6} (.*)$/gm)) {
    const base = m[1].trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, "").replace(/ /g, "-");
    const n = seen.get(base);
    seen.set(base, (n ?? -1) + 1);
    out.add(n === undefined ? base : `${base}-${n + 1}`);
  }
  return out;
}

describe("docs links", () => {
  it("README.md is one page: under 250 lines", () => {
    expect(readFileSync(join(ROOT, "README.md"), "utf8").split("\n").length).toBeLessThan(250);
  });

  it("computes GitHub's anchors", () => {
    expect([...anchors("# A `b` (c)\n## Speed (`npm run bench`, `node x.mjs`)\n# A `b` (c)\n```\n# not\n```\n")])
      .toEqual(["a-b-c", "speed-npm-run-bench-node-xmjs", "a-b-c-1"]);
  });

  it.each(pages)("%s: every relative link and anchor resolves", (page) => {
    const text = readFileSync(join(ROOT, page), "utf8");
    const dead: string[] = [];
    for (const m of prose(text).matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1];
      if (/^[a-z]+:/i.test(target)) continue;
      const [path, anchor] = target.split("#");
      const file = path === "" ? join(ROOT, page) : join(ROOT, dirname(page), decodeURI(path));
      if (!existsSync(file)) {
        dead.push(`${target} (no file ${relative(ROOT, file)})`);
        continue;
      }
      if (anchor !== undefined && file.endsWith(".md") && !anchors(readFileSync(file, "utf8")).has(anchor)) {
        dead.push(`${target} (no heading #${anchor} in ${relative(ROOT, file)})`);
      }
    }
    expect(dead.join("\n"), `dead links in ${page}`).toBe("");
  });
});
