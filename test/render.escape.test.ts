// User text (titles, labels, captions) is escaped: it comes out as text, never markup.

import { describe, expect, it } from "vitest";
import { renderGallery, renderLossCurves } from "../src/render/index.js";
import { makeDocument, parseSvg } from "./helpers/svg.js";
import { JSDOM } from "jsdom";

const EVIL = "<script>alert(1)</script>";

describe("renderLossCurves", () => {
  it("escapes a title, subtitle, desc and legend label of <script>alert(1)</script>", () => {
    const text = renderLossCurves(makeDocument(), {
      heading: { title: EVIL, subtitle: `a & b "${EVIL}"` },
      desc: EVIL,
      idPrefix: "x",
      curves: [{ key: "k", label: EVIL, color: "#000000", losses: [1, 0.5, 0.25] }],
      yScale: "log",
      yLabel: EVIL,
    });
    expect(text).not.toContain("<script");
    expect(text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const doc = parseSvg(text);
    expect(doc.getElementsByTagName("script")).toHaveLength(0);
    expect(doc.querySelector("svg > title")!.textContent).toBe(EVIL);
    expect(doc.querySelector("svg > desc")!.textContent).toBe(EVIL);
    expect(doc.querySelector(".heading .title")!.textContent).toBe(EVIL);
    expect(doc.querySelector(".heading .subtitle")!.textContent).toBe(`a & b "${EVIL}"`);
    expect(doc.querySelector(".legend text")!.textContent).toBe(EVIL);
  });
});

describe("renderGallery", () => {
  it("escapes titles, captions and file names", () => {
    const html = renderGallery(EVIL, EVIL, [{ file: `a"b.svg`, title: EVIL, caption: `${EVIL} & more`, width: 700, height: 600 }]);
    expect(html).not.toContain("<script");
    const doc = new JSDOM(html).window.document;
    expect(doc.getElementsByTagName("script")).toHaveLength(0);
    expect(doc.querySelector("h1")!.textContent).toBe(EVIL);
    expect(doc.querySelector("img")!.getAttribute("src")).toBe(`a"b.svg`);
    expect(doc.querySelector("img")!.getAttribute("alt")).toBe(EVIL);
    expect(doc.querySelector("figcaption")!.textContent).toBe(`${EVIL}. ${EVIL} & more`);
  });
});
