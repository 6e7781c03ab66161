// The committed figures, one snapshot per figure: each figure is rendered on its own
// from the default study and compared byte for byte with output/<file>; so are the
// gallery and the manifest, and the CLI with default flags must write the same bytes.
// Differences are written to test/output/ (gitignored), never into output/.
// Passing also shows reruns are byte-identical: output/ was written by an earlier run.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { buildFigureSet } from "../src/landscape/build.js";
import { readExplorerBundle } from "../src/cli/explorer-bundle.js";
import { EXPLORER_FILE, EXPLORER_LINK, explorerHtml, pageData } from "../src/explorer/page.js";
import { readNetworkExplorerBundle } from "../src/cli/explorer-bundle.js";
import { NETWORK_EXPLORER_FILE, NETWORK_EXPLORER_LINK, networkExplorerHtml } from "../src/netexplorer/page.js";
import { FIGURE_SET as FIGURES, withNetworks } from "../src/landscape/network-section.js";
import { runStudy } from "../src/landscape/study.js";
import { matchesCommitted, ROOT } from "./helpers/snapshot.js";
import { makeDocument } from "./helpers/svg.js";
import { FIG, STUDY } from "./helpers/study.js";

const CLI = join(ROOT, "dist/cli/main.js");
const EXPECTED = [...FIGURES.map((f) => f.file), "index.html", "landscape.json", "explorer.html", "network-explorer.html"];
const study = withNetworks(runStudy(seedDataset(), STUDY), true);

describe("each figure against output/", () => {
  it.each(FIGURES.map((f) => [f.file, f] as const))("%s is byte-identical to the committed file", (file, figure) => {
    const svg = buildFigureSet(study, makeDocument(), FIG, undefined, [figure]).find((f) => f.file === file)!.content;
    const r = matchesCommitted(file, svg);
    expect(r.same, `${file} differs from output/${file}; the new version is at ${r.review}`).toBe(true);
    expect(Buffer.byteLength(svg)).toBeLessThan(200 * 1024);
  });

  it.each(["index.html", "landscape.json"])("%s (the whole set's) is byte-identical to the committed file", (file) => {
    // The manifest lists every file with its hash, the explorer pages included.
    const page = { file: EXPLORER_FILE, content: explorerHtml(readExplorerBundle(), pageData(study.data, STUDY.grid)) };
    const network = { file: NETWORK_EXPLORER_FILE, content: networkExplorerHtml(readNetworkExplorerBundle()) };
    const text = buildFigureSet(study, makeDocument(), FIG, undefined, FIGURES, [EXPLORER_LINK, NETWORK_EXPLORER_LINK], [page, network]).find((f) => f.file === file)!.content;
    const r = matchesCommitted(file, text);
    expect(r.same, `${file} differs from output/${file}; the new version is at ${r.review}`).toBe(true);
  });
});

describe("landscape (default flags) against output/", () => {
  const tmp = mkdtempSync(join(tmpdir(), "ll-snapshot-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("writes exactly the committed figure set, byte for byte", () => {
    expect(existsSync(CLI), "dist/cli/main.js missing: npm run build").toBe(true);
    const r = spawnSync(process.execPath, [CLI, "landscape", "--out", tmp], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(tmp).sort()).toEqual([...EXPECTED].sort());
    const differ = EXPECTED.filter((file) => !matchesCommitted(file, readFileSync(join(tmp, file)), `cli-${file}`).same);
    expect(differ, `the CLI's files differ from output/ (new versions in test/output/cli-*)`).toEqual([]);
  }, 300_000);
});
