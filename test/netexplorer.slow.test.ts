// output/network-explorer.html in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core), opened from file:// as a reader would: building a network, comparing
// starts, #run-summary against the built CLI's `train --json` for the command the page
// prints, the URL restoring the run, bad input, and the layout at three sizes (no text
// box outside its panel, measured with getBoundingClientRect).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, skipWithoutChromium, type Chromium } from "./helpers/chromium.js";
import { OUTPUT } from "./helpers/explorer-page.js";
import { expectCliAgrees, openNetworkPage, playToEnd, readSummary } from "./helpers/network-page.js";

describe.skipIf(skipWithoutChromium("netexplorer.slow.test.ts"))("output/network-explorer.html in headless Chromium", () => {
  let browser: Chromium | undefined;
  beforeAll(async () => {
    browser = await launchChromium({ width: 1280, height: 800 });
  });
  afterAll(async () => {
    await browser?.close();
  });
  const open = (hash = "") => openNetworkPage(browser!.context, hash);

  it("builds a network, compares two starts and plays, offline, with no console error", async () => {
    const { page, errors, requests } = await open("#epochs=25&seed=1");
    await page.click("#add-layer");
    await page.fill("#width-2", "4");
    await page.press("#width-2", "Tab");
    await page.click("#bad-start");
    expect(await page.inputValue("#init-1")).toBe("normal:12");
    const got = await playToEnd(page);
    expect(await page.textContent("#epoch")).toBe("25");
    expect(got.epochs).toBe(25);
    // The focus moved to the start just added: the summary is the bad start's run.
    expect(got.cli.join(" ")).toContain("--hidden 8,8,4 --activation tanh --init normal:12");
    expectCliAgrees(got);
    // Focus on the first start: its run is the CLI's too.
    await page.check("#focus-0");
    await page.waitForFunction(() => JSON.parse((document.getElementById("run-summary") as HTMLElement).dataset.cli ?? "[]").includes("xavier-normalized"));
    expect(await page.$$eval("#runs-legend .run-key", (els) => els.map((e) => e.textContent))).toEqual(["xavier-normalized (focus)", "normal:12"]);
    expect(await page.$$eval("#units canvas", (els) => els.length)).toBe(8 + 8 + 4);
    expectCliAgrees(await readSummary(page));
    await page.hover("#units canvas");
    expect(await page.textContent("#unit-info")).toMatch(/^Layer 1, unit 1: incoming weights \(-?\d/);
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"))).toEqual([]);
    expect(readFileSync(join(OUTPUT, "network-explorer.html")).length).toBeLessThan(400 * 1024);
    await page.close();
  });

  it.each([
    ["circles, 8-8 tanh, cross-entropy, sgd, shuffled, a test split", "#epochs=40"],
    ["xor, 6 relu, MSE, adam, in order, no test rows", "#data=xor&samples=150&hidden=6&act=relu&loss=mse&opt=adam&lr=0.01&batch=16&epochs=30&shuffle=0&test=0&init=he&seed=4"],
    ["the seed data, no hidden layer, momentum", "#data=seed&hidden=none&act=sigmoid&loss=bce&opt=momentum&momentum=0.5&lr=0.5&batch=4&epochs=20&test=0.25&init=pytorch&seed=2"],
    ["spiral, 16-8 softsign from a he draw", "#data=spiral&samples=300&noise=0.05&dseed=3&hidden=16,8&act=softsign&loss=bce&lr=0.1&batch=32&epochs=15&init=he&seed=1"],
    // The bad start is chaotic: a last-bit difference anywhere would show by epoch 25.
    ["moons, 8-8 tanh from the bad start (normal:12), 40 epochs", "#data=moons&hidden=8,8&epochs=40&init=normal:12&seed=3"],
    ["circles, 4-4 sigmoid, MSE from the bad start, adam", "#hidden=4,4&act=sigmoid&loss=mse&opt=adam&lr=0.05&epochs=30&init=normal:12"],
    ["gauss, lsuv, sigmoid, the second start in focus", "#data=gauss&samples=120&hidden=5,5&act=sigmoid&loss=mse&lr=1&batch=8&epochs=12&init=xavier;lsuv&focus=1&seed=9"],
  ])("#run-summary is train --json's for the printed command (%s)", async (_name, hash) => {
    const { page, errors } = await open(hash);
    expectCliAgrees(await playToEnd(page));
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the layer statistics are what the printed train then layers commands print (test rows held out)", async () => {
    const { page, errors } = await open("#data=moons&samples=160&hidden=6,5&act=sigmoid&loss=mse&epochs=15&init=xavier;normal:12&seed=2");
    await playToEnd(page);
    const stats = JSON.parse((await page.getAttribute("#layers-text", "data-stats")) ?? "[]") as Array<{ saturated: number; backpropStd: number }>;
    const lines = ((await page.textContent("#cli")) ?? "").split("\n\n");
    const dir = mkdtempSync(join(tmpdir(), "ll-netexp-layers-"));
    try {
      const argv = (line: string): string[] => line.split(" ").slice(1).map((t) => (t === "focus.json" || t === "focus-trajectory.json" ? join(dir, t) : t));
      const { runCli } = await import("./run-cli.js");
      const trained = runCli(argv(lines[0]));
      expect(trained.status, trained.stderr).toBe(0);
      expect(lines[1]).toMatch(/^loss-landscape layers /);
      const r = runCli(argv(lines[1]));
      expect(r.status, r.stderr).toBe(0);
      const layers = (JSON.parse(r.stdout) as { runs: Array<{ layers: Array<{ activation: { saturated: number }; backprop: { std: number } }> }> }).runs[0].layers;
      expect(stats.length).toBe(3);
      expect(layers.length).toBe(stats.length);
      layers.forEach((l, i) => {
        expect(stats[i].saturated).toBe(l.activation.saturated);
        expect(Math.abs(stats[i].backpropStd - l.backprop.std)).toBeLessThanOrEqual(1e-12 * l.backprop.std);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("reload, back and forward restore the state; the reloaded run is the same run", async () => {
    const { page } = await open("#data=moons&epochs=30&init=he;xavier&focus=1");
    const first = await playToEnd(page);
    const url = page.url();
    expect(url).toContain("at=30");
    await page.reload();
    // The hash's `at` trains back to epoch 30 on load.
    const again = await playToEnd(page, false);
    expect(again).toEqual(first);
    await page.selectOption("#activation", "relu");
    await page.waitForFunction(() => location.hash.includes("act=relu"));
    await page.goBack();
    await page.waitForFunction(() => location.hash.includes("act=tanh"));
    expect(await page.inputValue("#activation")).toBe("tanh");
    expect((await playToEnd(page, false)).hash).toBe(first.hash);
    await page.goForward();
    await page.waitForFunction(() => (document.getElementById("activation") as HTMLSelectElement).value === "relu");
    await page.close();
  });

  it("bad input: a clear message, the last good state kept", async () => {
    const edited = await open("#hidden=8,0&lr=NaN&init=he;nonsense&act=gelu&zzz=1");
    const notice = (await edited.page.textContent("#notice")) ?? "";
    for (const k of ["hidden", "lr", "init", "act", "zzz"]) expect(notice).toContain(k);
    expect(await edited.page.inputValue("#lr")).toBe("0.3");
    expect(edited.errors).toEqual([]);
    await edited.page.close();

    const { page, errors } = await open("#epochs=5");
    const hash = await page.evaluate(() => location.hash);
    const refused = async (action: () => Promise<void>, message: RegExp): Promise<void> => {
      await action();
      await page.waitForFunction(() => !(document.getElementById("notice") as HTMLElement).hidden);
      expect(await page.textContent("#notice")).toMatch(message);
      expect(await page.evaluate(() => location.hash)).toBe(hash);
    };
    const fill = (id: string, v: string) => async (): Promise<void> => {
      await page.fill(id, v);
      await page.press(id, "Tab");
    };
    await refused(fill("#width-0", "0"), /Layer 1 width: "0" must be a whole number from 1 to 64/);
    expect(await page.inputValue("#width-0")).toBe("8");
    await refused(fill("#width-1", "65"), /from 1 to 64/);
    await refused(fill("#lr", "NaN"), /Learning rate: "NaN" must be a number > 0/);
    expect(await page.inputValue("#lr")).toBe("0.3");
    const dir = mkdtempSync(join(tmpdir(), "ll-netexp-csv-"));
    try {
      const csv = (name: string, text: string) => async (): Promise<void> => {
        writeFileSync(join(dir, name), text);
        await page.setInputFiles("#csv-file", join(dir, name));
      };
      await refused(csv("text.csv", "x1,x2,y\n0,1,0\n1,oops,1\n"), /text\.csv:3: x2 is not a finite number: "oops"/);
      await refused(csv("single.csv", "x1,x2,y\n0,1,1\n1,0,1\n"), /single\.csv: every row has y = 1; a classifier needs both classes/);
      await refused(csv("wide.csv", "x1,x2,x3,y\n0,1,2,0\n1,0,2,1\n"), /wide\.csv: 3 input columns/);
      // A good file is taken, named in the command, and survives a reload (kept for the tab).
      const rows = ["x1,x2,y", ...Array.from({ length: 40 }, (_, i) => `${Math.cos(i)},${Math.sin(i * 1.7)},${i % 2}`)];
      await csv("good.csv", rows.join("\n") + "\n")();
      await page.waitForFunction(() => location.hash.includes("data=csv"));
      const got = await playToEnd(page);
      expect(got.cli.slice(0, 3)).toEqual(["train", "--data", "good.csv"]);
      const r = await import("./run-cli.js").then((m) => m.runCli([...got.cli.slice(0, 2), join(dir, "good.csv"), ...got.cli.slice(3)]));
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).accuracy).toBe(got.accuracy);
      await page.reload();
      expect((await playToEnd(page, false)).hash).toBe(got.hash);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  /** Text and controls that stick out of their panel (or the page wider than the window). */
  const overflow = (page: Page): Promise<string[]> =>
    page.evaluate(() => {
      const bad: string[] = [];
      const inside = (r: DOMRect, box: DOMRect): boolean => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
      for (const box of Array.from(document.querySelectorAll<HTMLElement>(".panel, #controls fieldset, .toolbar, header"))) {
        const b = box.getBoundingClientRect();
        const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement!;
          if (!n.textContent!.trim() || el.closest("select, datalist, #cli, option")) continue;
          const range = document.createRange();
          range.selectNodeContents(n);
          for (const r of Array.from(range.getClientRects())) if (r.width > 0 && !inside(r, b)) bad.push(`${box.id || box.className}: "${n.textContent!.trim().slice(0, 30)}"`);
        }
        for (const el of Array.from(box.querySelectorAll<HTMLElement>("input, select, button, canvas, pre"))) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && !inside(r, b)) bad.push(`${box.id || box.className}: <${el.tagName.toLowerCase()} id=${el.id}>`);
        }
      }
      // A select's shown option (with its padding and the arrow, ~20 px) and a text field's value fit their box.
      const g = document.createElement("canvas").getContext("2d")!;
      for (const sel of Array.from(document.querySelectorAll<HTMLSelectElement>("select"))) {
        const cs = getComputedStyle(sel);
        g.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const text = sel.options[sel.selectedIndex]?.text ?? "";
        if (sel.clientWidth > 0 && g.measureText(text).width + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + 20 > sel.clientWidth + 1) bad.push(`<select id=${sel.id}> cuts "${text}"`);
      }
      for (const input of Array.from(document.querySelectorAll<HTMLInputElement>("input:not([type]), input[type=text], input[type=number], input[list]"))) {
        if (input.clientWidth > 0 && input.scrollWidth > input.clientWidth + 1) bad.push(`<input id=${input.id}> cuts "${input.value}"`);
      }
      if (document.documentElement.scrollWidth > window.innerWidth) bad.push(`page ${document.documentElement.scrollWidth} px wide in a ${window.innerWidth} px window`);
      return bad;
    });

  it.each([
    [1280, 800, "light"],
    [1920, 1080, "dark"],
    [390, 844, "light"],
  ] as const)("at %i×%i (%s): legible, nothing outside its panel; the panels stack on a phone", async (width, height, theme) => {
    const page = await browser!.context.newPage();
    await page.setViewportSize({ width, height });
    // The longest option texts: cross-entropy, momentum, xavier-normalized, the PCA plane.
    await page.goto(`${join("file://", OUTPUT, "network-explorer.html")}#epochs=20&theme=${theme}&loss=bce&opt=momentum&init=xavier-normalized;normal:12`);
    await playToEnd(page);
    await page.click("#slice-go");
    await page.waitForFunction(() => /^Computed/.test(document.getElementById("slice-status")!.textContent!), null, { timeout: 60_000 });
    expect(await overflow(page)).toEqual([]);
    const png = await page.screenshot({ fullPage: true });
    expect(png.length).toBeGreaterThan(20_000);
    const cols = await page.evaluate(() => new Set(Array.from(document.querySelectorAll(".panel")).map((p) => Math.round(p.getBoundingClientRect().left))).size);
    if (width < 500) expect(cols).toBe(1);
    else expect(cols).toBeGreaterThan(1);
    const fontPx = await page.$eval("#run-summary", (el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontPx).toBeGreaterThanOrEqual(12);
    await page.close();
  });

  it("keyboard: Tab reaches every control, p plays and pauses, the readouts are live regions", async () => {
    const { page } = await open("#epochs=3000");
    const unlabelled = await page.$$eval("input, select, button", (els) =>
      els.filter((e) => {
        const labels = (e as HTMLInputElement).labels;
        const name = e.getAttribute("aria-label") ?? (labels && labels.length > 0 ? labels[0].textContent : e.textContent);
        return !name || name.trim() === "";
      }).map((e) => e.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    await page.focus("#step");
    await page.keyboard.press("p");
    await page.waitForFunction(() => Number(document.getElementById("epoch")!.textContent) > 0);
    expect(await page.textContent("#play")).toBe("Pause");
    await page.keyboard.press("p");
    await page.waitForSelector("#run-summary[data-hash]");
    expect(await page.getAttribute("#run-summary", "aria-live")).toBe("polite");
    expect(await page.getAttribute("#status", "role")).toBe("status");
    await page.close();
  });
});
