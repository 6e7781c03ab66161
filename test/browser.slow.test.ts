// A real-browser check of the committed gallery: headless Chromium (Debian package
// `chromium`) loads output/index.html; every <img> must load (naturalWidth > 0) and a
// screenshot must show the heatmap colours (not a blank page).
//
// Without /usr/bin/chromium the check is skipped with a notice, so `npm test` passes on a
// machine without a browser. CI (.ci/run installs Chromium; CI=true in the environment)
// never skips: there a missing browser is a failure.

import { fileURLToPath, pathToFileURL } from "node:url";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIGURE_SET as FIGURES } from "../src/landscape/network-section.js";
import { launchChromium, skipWithoutChromium, type Chromium } from "./helpers/chromium.js";

const INDEX = fileURLToPath(new URL("../output/index.html", import.meta.url));

describe.skipIf(skipWithoutChromium("browser.slow.test.ts"))("output/index.html in headless Chromium", () => {
  let browser: Chromium | undefined;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchChromium({ width: 800, height: 900 });
    context = browser.context;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("loads every image (naturalWidth > 0)", async () => {
    const page = await context.newPage();
    await page.goto(pathToFileURL(INDEX).href, { waitUntil: "load" });
    const images = await page.$$eval("img", (imgs) =>
      imgs.map((img) => ({ src: img.getAttribute("src"), complete: img.complete, naturalWidth: img.naturalWidth })),
    );
    expect(images.map((i) => i.src)).toEqual(FIGURES.map((f) => f.file));
    for (const img of images) {
      expect(img.complete, img.src ?? "").toBe(true);
      expect(img.naturalWidth, img.src ?? "").toBeGreaterThan(0);
    }
    await page.close();
  });

  it("screenshot is not blank: the heatmap colours are on screen", async () => {
    const page = await context.newPage();
    await page.goto(pathToFileURL(INDEX).href, { waitUntil: "load" });
    await page.locator("#mse-landscape img").scrollIntoViewIfNeeded();
    const png = await page.screenshot({ type: "png" });
    // Decode the PNG in the page itself (a data: URL never taints the canvas) and
    // count pixels near viridis's two ends and distinct colours.
    const stats = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement("canvas");
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext("2d")!;
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      const near = (i: number, r: number, gg: number, b: number) => Math.abs(d[i] - r) + Math.abs(d[i + 1] - gg) + Math.abs(d[i + 2] - b) < 30;
      let dark = 0;
      let yellow = 0;
      const colours = new Set<number>();
      for (let i = 0; i < d.length; i += 4) {
        if (near(i, 0x44, 0x01, 0x54)) dark++;
        if (near(i, 0xfd, 0xe7, 0x25)) yellow++;
        colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      }
      return { pixels: d.length / 4, dark, yellow, colours: colours.size };
    }, png.toString("base64"));
    expect(stats.pixels).toBeGreaterThan(100_000);
    expect(stats.dark).toBeGreaterThan(2_000);
    expect(stats.yellow).toBeGreaterThan(500);
    expect(stats.colours).toBeGreaterThan(200);
    await page.close();
  });
});
