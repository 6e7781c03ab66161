// The explorer's Content-Security-Policy is exactly the one docs/explorer.md lists and
// explains (the browser tests check the page runs under it with no violation).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { explorerHtml, pageData } from "../src/explorer/page.js";

describe("the explorer's CSP", () => {
  it("is the policy docs/explorer.md lists, each allowance explained", () => {
    const html = explorerHtml("", pageData(seedDataset(), { w: { min: -10, max: 20, count: 11 }, b: { min: -20, max: 10, count: 11 } }));
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    expect(csp).toBeDefined();
    const doc = readFileSync(new URL("../docs/explorer.md", import.meta.url), "utf8");
    expect(doc, "docs/explorer.md quotes the page's CSP").toContain(`\n${csp}\n`);
    for (const directive of csp!.split("; ")) {
      const [name, ...sources] = directive.split(" ");
      for (const s of sources) expect(doc, `${name} ${s} is explained`).toContain(`\`${sources.length > 1 && name === "script-src" ? `${name} ${s}` : directive}\``);
    }
  });
});
