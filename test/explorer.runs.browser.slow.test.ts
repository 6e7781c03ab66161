// output/explorer.html's runs in headless Chromium against the CLI: every init-scheme
// button, momentum and Adam under cross-entropy with shuffling, several runs in one
// shared URL (restored, run and exported as `landscape` writes them), and a 20,000-epoch
// run trained in the page's worker while the page stays responsive. Skipped, with a
// notice, where Chromium is missing outside CI.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INIT_SCHEMES } from "../src/init/initializers.js";
import { skipWithoutChromium } from "./helpers/chromium.js";
import { expectRun, exported, explorerBrowser, summary, trainJson } from "./helpers/explorer-page.js";
import { runCli } from "./run-cli.js";

/** The files `landscape` writes with these flags (mse,bce, the default grid). */
function landscapeFiles(args: string[], files: string[]): string[] {
  const out = mkdtempSync(join(tmpdir(), "ll-explorer-runs-"));
  try {
    const r = runCli(["landscape", ...args, "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    return files.map((f) => readFileSync(join(out, f), "utf8"));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe.skipIf(skipWithoutChromium("explorer.runs.browser.slow.test.ts"))("explorer runs against the CLI", () => {
  const open = explorerBrowser();

  it.each([
    ["bce, momentum, shuffled (seed 5), from (3, 4)", "#loss=bce&start=3,4&lr=0.7&batch=3&epochs=40&optimizer=momentum&momentum=0.6&shuffle=1&seed=5&speed=fast",
      ["--loss", "bce", "--init=3,4", "--lr", "0.7", "--batch-size", "3", "--epochs", "40", "--optimizer", "momentum", "--momentum", "0.6", "--shuffle", "--seed", "5"], 40],
    ["bce, adam, shuffled (seed 11), from (−2.5, 7.5)", "#loss=bce&start=-2.5,7.5&lr=0.05&batch=6&epochs=60&optimizer=adam&shuffle=1&seed=11&speed=instant",
      ["--loss", "bce", "--init=-2.5,7.5", "--lr", "0.05", "--batch-size", "6", "--epochs", "60", "--optimizer", "adam", "--shuffle", "--seed", "11"], 60],
    ["mse, adam, shuffled (seed 2), from (7, −1)", "#loss=mse&start=7,-1&lr=0.2&batch=1&epochs=25&optimizer=adam&shuffle=1&seed=2&speed=instant",
      ["--loss", "mse", "--init=7,-1", "--lr", "0.2", "--batch-size", "1", "--epochs", "25", "--optimizer", "adam", "--shuffle", "--seed", "2"], 25],
  ] as const)("%s ends with train --json's numbers", async (_name, hash, args, epochs) => {
    const { page, errors } = await open(hash);
    expectRun(await summary(page), trainJson(args), epochs);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("each init-scheme button draws its start as train --init SCHEME --seed does; the URL then lists every run", async () => {
    const settings = ["--loss", "bce", "--optimizer", "adam", "--lr", "0.05", "--epochs", "15", "--seed", "4"];
    const { page, errors } = await open("#loss=bce&optimizer=adam&lr=0.05&epochs=15&seed=4&speed=instant");
    const starts: Array<[number, number]> = [];
    for (const scheme of INIT_SCHEMES) {
      await page.click(`button[data-init=${scheme}]`);
      const want = trainJson(["--init", scheme, ...settings]);
      expectRun(await summary(page), want, 15);
      starts.push(want.start);
    }
    // Earlier runs are kept as the points they were drawn at, each point once (pytorch and
    // xavier draw alike for one input); the current one as its scheme.
    const earlier = [...new Set(starts.slice(0, -1).map(([w, b]) => `${w},${b}`))];
    expect(await page.evaluate(() => location.hash)).toContain(`&start=${[...earlier, "he"].join(";")}&`);
    expect(await page.locator("#figure g.trajectory").count()).toBe(earlier.length + 1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a URL with several runs restores them all: the last is run, the view and export are landscape's with one --start each", async () => {
    const he = trainJson(["--init", "he", "--seed", "5", "--loss", "bce", "--optimizer", "adam", "--lr", "0.05", "--batch-size", "4", "--epochs", "30", "--shuffle"]);
    const hash = "#loss=bce&start=1,-2;-6.5,3;he&lr=0.05&batch=4&epochs=30&optimizer=adam&shuffle=1&seed=5&speed=instant";
    const { page, errors } = await open(hash);
    expectRun(await summary(page), he, 30);
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    expect(await page.locator("#figure g.trajectory").count()).toBe(3);
    const flags = ["--start=1,-2", "--start=-6.5,3", `--start=${he.start[0]},${he.start[1]}`, "--seed=5", "--optimizer=adam", "--lr=0.05", "--batch-size=4", "--epochs=30", "--shuffle"];
    const [bce, grad] = landscapeFiles(flags, ["bce-landscape.svg", "gradient-norm.svg"]);
    expect(await exported(page)).toBe(bce);
    await page.selectOption("#view", "grad");
    expect(await exported(page)).toBe(grad);
    // The rewritten hash (view=grad) restores the same view in a fresh page.
    const again = await open(await page.evaluate(() => location.hash));
    expectRun(await summary(again.page), he, 30);
    expect(await exported(again.page)).toBe(grad);
    expect([...errors, ...again.errors]).toEqual([]);
    await again.page.close();
    await page.close();
  });

  it("Export right after a change waits for the figure of the new settings", async () => {
    const [mse] = landscapeFiles(["--lr=0.75", "--epochs=3000", "--figures", "mse-landscape"], ["mse-landscape.svg"]);
    const { page, errors } = await open("#speed=instant");
    await page.fill("#lr", "0.75");
    await page.press("#lr", "Tab");
    await page.fill("#epochs", "3000");
    await page.press("#epochs", "Tab");
    expect(await exported(page)).toBe(mse);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a new hash set by a script (hashchange) restores its runs and runs the last", async () => {
    const { page, errors } = await open("#speed=instant");
    await page.evaluate(() => (location.hash = "#loss=bce&start=4,-6;-1.5,2.5&optimizer=momentum&momentum=0.5&lr=1.5&epochs=35&speed=instant"));
    expectRun(await summary(page), trainJson(["--loss", "bce", "--init=-1.5,2.5", "--optimizer", "momentum", "--momentum", "0.5", "--lr", "1.5", "--epochs", "35"]), 35);
    expect(await page.inputValue("#loss")).toBe("bce");
    expect(await page.locator("#figure g.trajectory").count()).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("where no worker can start, the same run is computed on the page's thread", async () => {
    const { page, errors } = await open("#speed=instant&epochs=3000", () => Reflect.deleteProperty(window, "Worker"));
    await page.click("button[data-init=xavier-normalized]");
    expectRun(await summary(page), trainJson(["--init", "xavier-normalized", "--epochs", "3000"]), 3000);
    expect(page.workers()).toHaveLength(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a bad start in the list is dropped with a notice; the others run", async () => {
    const { page, errors } = await open("#start=2,-8;oops;1,2,3;-5,-10&speed=instant");
    expectRun(await summary(page), trainJson(["--init=-5,-10"]), 50);
    const text = (await page.textContent("#notice")) ?? "";
    expect(text).toContain('"oops"');
    expect(text).toContain('"1,2,3"');
    expect(await page.evaluate(() => location.hash)).toContain("&start=2,-8;-5,-10&");
    expect(await page.locator("#figure g.trajectory").count()).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("20,000 epochs: trained in a worker (the page answers keys meanwhile) and equal to train --json", async () => {
    const epochs = 20000;
    const { page, errors, requests } = await open("#loss=bce&start=1.5,-4&lr=0.5&batch=4&epochs=50&optimizer=momentum&momentum=0.8&shuffle=1&seed=13&speed=slow");
    await summary(page);
    // Count workers from before the change: one may start and finish between two polls.
    let workersSeen = page.workers().length;
    page.on("worker", () => workersSeen++);
    await page.fill("#epochs", String(epochs));
    await page.press("#epochs", "Tab");
    await expect.poll(() => workersSeen, { timeout: 30_000 }).toBeGreaterThan(0);
    // The page handles the keyboard once the worker has started. (Whether the run is still
    // going at that moment depends on the machine's speed, so it is not asserted.)
    await page.focus("#figure");
    await page.keyboard.press("ArrowRight");
    expect(await page.locator("#figure g.explorer-cursor").count()).toBe(1);
    const got = await summary(page, 240_000);
    expectRun(got, trainJson(["--loss", "bce", "--init=1.5,-4", "--lr", "0.5", "--batch-size", "4", "--epochs", String(epochs), "--optimizer", "momentum", "--momentum", "0.8", "--shuffle", "--seed", "13"]), epochs);
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith("file:") && !u.startsWith("data:"))).toEqual([]);
    await page.close();
  }, 300_000);
});
