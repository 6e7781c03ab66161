// --theme: light leaves the SVG untouched; dark adds one <style> overriding the page
// colours; auto puts the same rules under @media (prefers-color-scheme: dark).

import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { buildFigureSet } from "../src/landscape/build.js";
import { CORE_FIGURES } from "../src/landscape/figures.js";
import { runStudy } from "../src/landscape/study.js";
import { applyTheme, themeStyle } from "../src/render/theme.js";
import { makeDocument, parseSvg } from "./helpers/svg.js";
import { FIG, STUDY } from "./helpers/study.js";

const study = runStudy(seedDataset(), { ...STUDY, parts: [] });
const build = (theme: "light" | "dark" | "auto") => buildFigureSet(study, makeDocument(), { ...FIG, theme }, undefined, CORE_FIGURES).filter((f) => f.file.endsWith(".svg"));

describe("themes", () => {
  const light = build("light");
  const dark = build("dark");
  const auto = build("auto");

  it("light is the default drawing, byte for byte, with no <style>", () => {
    expect(buildFigureSet(study, makeDocument(), FIG, undefined, CORE_FIGURES).filter((f) => f.file.endsWith(".svg"))).toEqual(light);
    for (const f of light) expect(f.content).not.toContain("<style");
  });

  it("dark and auto differ from light only by one <style> after <desc>", () => {
    for (const [set, theme] of [[dark, "dark"], [auto, "auto"]] as const) {
      set.forEach((f, k) => {
        const style = themeStyle(theme);
        expect(f.content.replace(style, "")).toBe(light[k].content);
        const doc = parseSvg(f.content);
        expect(doc.querySelectorAll("style")).toHaveLength(1);
        expect(doc.querySelector("style")!.previousElementSibling!.tagName).toBe("desc");
      });
    }
  });

  it("dark paints the page dark and text light; auto does so only under prefers-color-scheme: dark", () => {
    expect(themeStyle("dark")).toMatch(/\.background\{fill:#0d1117\}/);
    expect(themeStyle("dark")).toMatch(/text\{fill:#e6edf3\}/);
    expect(themeStyle("dark")).not.toContain("@media");
    expect(themeStyle("auto")).toBe(`<style>@media (prefers-color-scheme: dark){${themeStyle("dark").slice(7, -8)}}</style>`);
    expect(applyTheme("<svg><desc>d</desc></svg>", "light")).toBe("<svg><desc>d</desc></svg>");
    expect(() => applyTheme("<svg></svg>", "dark")).toThrow(/no <desc>/);
  });
});
