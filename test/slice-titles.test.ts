// slice --svg's titles name the direction kind in words, with the right article
// ("an interpolation direction", never "a interp direction").

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { directionPhrase } from "../src/cli/slice-svg.js";
import { runCli } from "./run-cli.js";

describe("slice figure titles", () => {
  it("name every direction kind in words, with its article", () => {
    const kinds = ["random", "files", "pca", "interp", "eigen", "axes"];
    expect(kinds.map(directionPhrase)).toEqual(["a random", "a given", "a PCA", "an interpolation", "a Hessian-eigenvector", "a parameter-axis"]);
    for (const k of kinds) expect(directionPhrase(k)).toMatch(/^(a [^aeiou]|an [aeiou]|a PCA)/i);
    expect(directionPhrase("other")).toBe("an other");
  });

  it("slice --dims 1 --directions interp writes 'along an interpolation direction'", () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-slice-title-"));
    try {
      const to = join(dir, "to.json");
      expect(runCli(["train", "--hidden", "2", "--data", "xor", "--epochs", "1", "--save-params", to, "--quiet"]).status).toBe(0);
      const svg = join(dir, "s.svg");
      const r = runCli(["slice", "--hidden", "2", "--data", "xor", "--dims", "1", "--directions", "interp", "--to", to, "--alpha=-1:1:5", "--svg", svg, "--out", join(dir, "s.json"), "--quiet"]);
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(svg, "utf8")).toMatch(/<title[^>]*>[^<]*loss along an interpolation direction/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
