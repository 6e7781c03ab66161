// output/explorer.html in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core), opened from file:// as a reader would. The page's numbers are
// checked against the CLI: `train --json` for runs (1e-12 relative) and `landscape`
// for the exported SVG (byte for byte). Skipped, with a notice, where Chromium is missing
// outside CI (helpers/chromium.ts).

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { skipWithoutChromium } from "./helpers/chromium.js";
import { expectRun, exported, explorerBrowser, OUTPUT, pixelOf, summary, trainJson } from "./helpers/explorer-page.js";
import { runCli } from "./run-cli.js";

describe.skipIf(skipWithoutChromium("explorer.browser.slow.test.ts"))("output/explorer.html in headless Chromium", () => {
  const open = explorerBrowser();

  it("loads from file:// with no console error and no request but file: and data:", async () => {
    const { page, errors, requests } = await open("#start=-5,-10&speed=fast");
    await summary(page);
    await page.click("button[data-init=he]");
    await summary(page);
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"))).toEqual([]);
    expect(readFileSync(join(OUTPUT, "explorer.html")).length).toBeLessThan(1.5 * 1024 * 1024);
    await page.close();
  });

  it("a click at the pixel of (−5, −10) ends with train --json's numbers (accuracy 0.575 for MSE)", async () => {
    const { page, errors } = await open();
    const [x, y] = await pixelOf(page, -5, -10);
    await page.mouse.click(x, y);
    const got = await summary(page);
    expect(got.accuracy).toBe(0.575);
    expectRun(got, trainJson(["--loss", "mse", "--init=-5,-10"]), 50);
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toContain("start=-5,-10");
    // The page states its whole state in the hash once it changes.
    expect(hash).toBe("#loss=mse&start=-5,-10&lr=2&batch=2&epochs=50&optimizer=sgd&momentum=0.9&shuffle=0&seed=0&view=loss&flat=1&speed=normal");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("keyboard: arrow keys move the cursor a grid step, Enter runs from it", async () => {
    const { page } = await open("#speed=fast");
    await page.focus("#figure");
    for (const key of ["ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowUp", "ArrowUp"]) await page.keyboard.press(key);
    expect(await page.textContent("#readout")).toContain("w = −4.00000, b = −9.50000");
    await page.keyboard.press("Enter");
    expectRun(await summary(page), trainJson(["--loss", "mse", "--init=-4,-9.5"]), 50);
    await page.close();
  });

  it.each([
    ["bce, adam, shuffled, a he draw", "#loss=bce&start=he&lr=0.1&batch=5&epochs=20&optimizer=adam&shuffle=1&seed=7&speed=instant", ["--loss", "bce", "--init", "he", "--lr", "0.1", "--batch-size", "5", "--epochs", "20", "--optimizer", "adam", "--shuffle", "--seed", "7"], 20],
    ["mse, momentum, from (2, −8)", "#loss=mse&start=2,-8&lr=0.5&batch=3&epochs=30&optimizer=momentum&momentum=0.8&speed=instant", ["--loss", "mse", "--init=2,-8", "--lr", "0.5", "--batch-size", "3", "--epochs", "30", "--optimizer", "momentum", "--momentum", "0.8"], 30],
  ] as const)("a hash naming a start runs it on load (%s)", async (_name, hash, args, epochs) => {
    const { page, errors } = await open(hash);
    expectRun(await summary(page), trainJson([...args]), epochs);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a shared hash stays as it was written (the issue's example) after its run", async () => {
    const hash = "#loss=mse&start=-5,-10&lr=2&batch=2&epochs=50&optimizer=sgd&shuffle=0&seed=0";
    const { page } = await open(hash);
    expect((await summary(page)).accuracy).toBe(0.575);
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    await page.close();
  });

  it("the hash round-trips: a canonical hash stays as it is and the controls show it", async () => {
    const hash = "#loss=bce&lr=0.25&batch=4&epochs=12&optimizer=momentum&momentum=0.5&shuffle=1&seed=3&view=grad&flat=0&speed=fast";
    const { page } = await open(hash);
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    expect(await page.inputValue("#lr")).toBe("0.25");
    expect(await page.inputValue("#loss")).toBe("bce");
    expect(await page.isChecked("#shuffle")).toBe(true);
    expect(await page.isChecked("#flat")).toBe(false);
    await page.fill("#epochs", "7");
    await page.press("#epochs", "Tab");
    const changed = await page.evaluate(() => location.hash);
    expect(changed).toBe(hash.replace("epochs=12", "epochs=7"));
    const again = await open(changed);
    expect(await again.page.inputValue("#epochs")).toBe("7");
    await again.page.close();
    await page.close();
  });

  it("every control has a label, Tab visits the settings then the landscape, the readout is live", async () => {
    const { page } = await open();
    const unlabelled = await page.$$eval("input, select, button", (els) =>
      els.filter((e) => {
        const labels = (e as HTMLInputElement).labels;
        const name = e.getAttribute("aria-label") ?? (labels && labels.length > 0 ? labels[0].textContent : e.textContent);
        return !name || name.trim() === "";
      }).map((e) => e.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    const order: string[] = [];
    for (let k = 0; k < 18; k++) {
      // The first stop is the intro's link to the network explorer (no id).
      await page.keyboard.press("Tab");
      order.push(await page.evaluate(() => { const e = document.activeElement as HTMLElement; return e.id || `init:${e.dataset.init}`; }));
    }
    expect(order).toEqual(["init:undefined", "loss", "view", "optimizer", "lr", "batch", "epochs", "shuffle", "seed", "init:pytorch", "init:xavier", "init:xavier-normalized", "init:he", "flat", "speed", "clear-runs", "export-svg", "figure"]);
    expect(await page.getAttribute("#readout", "aria-live")).toBe("polite");
    expect(await page.textContent("#readout")).toMatch(/^Cursor: w = −5\.00000, b = −10\.00000, MSE loss = 0\.4/);
    await page.close();
  });

  it("a bad hash shows the notice, falls back to defaults and throws nothing", async () => {
    const { page, errors } = await open("#lr=abc&loss=huber&batch=0&epochs=2.5&start=1,2,3&bogus=1&seed=-1&speed=%E0%A4%A");
    // The URL is rewritten to the state actually used.
    expect(await page.evaluate(() => location.hash)).toBe("#loss=mse&lr=2&batch=2&epochs=50&optimizer=sgd&momentum=0.9&shuffle=0&seed=0&view=loss&flat=1&speed=normal");
    expect(await page.isVisible("#notice")).toBe(true);
    const text = (await page.textContent("#notice")) ?? "";
    for (const key of ["lr", "loss", "batch", "epochs", "start", "bogus", "seed"]) expect(text).toContain(key);
    expect(await page.inputValue("#lr")).toBe("2");
    expect(await page.inputValue("#loss")).toBe("mse");
    expect(await page.getAttribute("#run-summary", "data-w")).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the exported SVG is the CLI's file: output/*.svg by default, landscape --start=-5,-10 after that run", async () => {
    const { page } = await open("#speed=instant");
    expect(await exported(page)).toBe(readFileSync(join(OUTPUT, "mse-landscape.svg"), "utf8"));
    await page.selectOption("#view", "grad");
    expect(await exported(page)).toBe(readFileSync(join(OUTPUT, "gradient-norm.svg"), "utf8"));
    await page.selectOption("#view", "loss");
    const [x, y] = await pixelOf(page, -5, -10);
    await page.mouse.click(x, y);
    await summary(page);
    const out = mkdtempSync(join(tmpdir(), "ll-explorer-cli-"));
    try {
      const r = runCli(["landscape", "--start=-5,-10", "--losses", "mse,bce", "--out", out]);
      expect(r.status, r.stderr).toBe(0);
      expect(await exported(page)).toBe(readFileSync(join(out, "mse-landscape.svg"), "utf8"));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    await page.close();
  });
});
