// output/explorer.html's layout in headless Chromium, measured rather than eyeballed
// (getBoundingClientRect): the figure's legend and labels inside the figure, every
// control's text inside its box (the View select included), a summary that never says
// "No run yet" while runs are drawn, and the hatch's ε explained next to the figure,
// with the value the figure's legend prints, moving when a run is added.

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { skipWithoutChromium } from "./helpers/chromium.js";
import { explorerBrowser, summary } from "./helpers/explorer-page.js";

/** Legend entries and text of the figure and the loss-curve SVGs that stick out of their SVG's box. */
const clippedInFigure = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const bad: string[] = [];
    for (const svg of Array.from(document.querySelectorAll("#figure svg, #curves svg"))) {
      const box = svg.getBoundingClientRect();
      for (const el of Array.from(svg.querySelectorAll("text, .legend-entry"))) {
        const r = el.getBoundingClientRect();
        if ((el.textContent ?? "").trim() === "" || r.width === 0) continue;
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) bad.push(`${svg.parentElement!.id}: ${el.textContent!.trim().slice(0, 50)}`);
      }
    }
    return bad;
  });

/** Controls whose label, or whose shown value, does not fit its box. */
const cutControls = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const bad: string[] = [];
    const form = document.getElementById("controls")!.getBoundingClientRect();
    const g = document.createElement("canvas").getContext("2d")!;
    for (const label of Array.from(document.querySelectorAll<HTMLLabelElement>("#controls label"))) {
      const r = label.getBoundingClientRect();
      if (r.width > 0 && (label.scrollWidth > label.clientWidth + 1 || r.left < form.left - 1 || r.right > form.right + 1)) bad.push(`label ${label.textContent}`);
    }
    for (const sel of Array.from(document.querySelectorAll<HTMLSelectElement>("#controls select"))) {
      const cs = getComputedStyle(sel);
      g.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const text = sel.options[sel.selectedIndex]?.text ?? "";
      // The shown value, its padding and the drop-down arrow (about 20 px) must fit the box.
      const need = g.measureText(text).width + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + 20;
      const r = sel.getBoundingClientRect();
      if (need > sel.clientWidth + 1 || r.right > form.right + 1) bad.push(`select #${sel.id} "${text}" needs ${need.toFixed(0)} px, has ${sel.clientWidth}`);
    }
    return bad;
  });

describe.skipIf(skipWithoutChromium("explorer.layout.browser.slow.test.ts"))("output/explorer.html's layout in headless Chromium", () => {
  const open = explorerBrowser();

  // The default starts (long labels: "MSE, pytorch (0.77, −0.98): acc. 100%"), and eight runs from clicked points.
  const EIGHT = "#start=-5,-10;he;xavier;pytorch;-4.123456789,-9.87654321;3.14159265,-2.71828182;1.41421356,-1.7320508;-0.577215664,0.693147181&speed=instant";
  it.each([
    [1280, 800, "#speed=instant"],
    [1920, 1080, EIGHT],
    [390, 844, EIGHT],
    [390, 844, "#speed=instant"],
  ] as const)("at %i×%i (%s): the legends and every label inside their figures, no control's text cut (both views)", async (width, height, hash) => {
    const { page, errors } = await open(hash);
    await page.setViewportSize({ width, height });
    await page.waitForFunction(() => document.querySelector("#curves svg") !== null && (document.getElementById("status")!.textContent ?? "") === "");
    expect(await clippedInFigure(page)).toEqual([]);
    expect(await page.$$eval("#figure svg .legend-entry", (els) => els.length)).toBeGreaterThan(3);
    expect(await cutControls(page)).toEqual([]);
    await page.selectOption("#view", "grad");
    await page.waitForFunction(() => document.querySelector("#figure svg")?.textContent?.includes("|∇L|"));
    await page.waitForFunction(() => (document.getElementById("status")!.textContent ?? "") === "");
    expect(await clippedInFigure(page)).toEqual([]);
    expect(await cutControls(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("with no run of the reader's the summary names the default starts the figure draws, never \"No run yet\"", async () => {
    const { page } = await open("#speed=instant");
    await page.waitForFunction(() => (document.getElementById("status")!.textContent ?? "") === "");
    expect(await page.$$eval("#figure svg g.trajectory", (gs) => gs.length)).toBe(4);
    const text = (await page.textContent("#run-summary")) ?? "";
    expect(text).not.toMatch(/No run yet/);
    expect(text).toMatch(/default starts \(the bad start \(−5, −10\), pytorch, xavier, he\)/);
    await page.close();
  });

  it("says what the hatch's ε is and that it moves as runs are added; the value is the figure legend's", async () => {
    const { page } = await open("#start=-5,-10&speed=instant");
    await summary(page);
    const read = async (): Promise<{ note: string; legend: string }> => ({
      note: (await page.textContent("#epsilon-note")) ?? "",
      legend: await page.$eval("#figure svg", (s) => /ε = ([0-9.e+−-]+)/.exec(s.textContent ?? "")?.[1] ?? ""),
    });
    const first = await read();
    expect(first.note).toMatch(/moves as runs are added/);
    expect(first.legend).not.toBe("");
    expect(first.note).toContain(`ε = ${first.legend} `);
    // A proper start added: D is measured to its end, so ε changes, and the note with it.
    await page.click("button[data-init=he]");
    await summary(page);
    await page.waitForFunction((old) => document.getElementById("epsilon-note")!.textContent !== old, first.note);
    const second = await read();
    expect(second.legend).not.toBe(first.legend);
    expect(second.note).toContain(`ε = ${second.legend} `);
    await page.uncheck("#flat");
    expect(await page.textContent("#epsilon-note")).toMatch(/not hatched/);
    await page.close();
  });
});
