// Driving output/explorer.html in headless Chromium for the explorer's browser tests:
// opening it from file:// (recording console errors and requests), reading
// #run-summary, the CLI's `train --json` reference and the exported SVG.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { runCli } from "../run-cli.js";
import { launchChromium, type Chromium } from "./chromium.js";

export const OUTPUT = fileURLToPath(new URL("../../output/", import.meta.url));
export const PAGE_URL = pathToFileURL(join(OUTPUT, "explorer.html")).href;

export interface Loaded {
  page: Page;
  errors: string[];
  requests: string[];
}

export interface TrainJson {
  start: [number, number];
  final: [number, number];
  finalLoss: number;
  accuracy: number;
}

const relClose = (got: number, want: number): boolean => got === want || Math.abs(got - want) <= 1e-12 * Math.abs(want);

/** `train --json` with these flags: the reference a page run must equal. */
export function trainJson(args: readonly string[]): TrainJson {
  const r = runCli(["train", "--json", ...args]);
  expect(r.status, r.stderr).toBe(0);
  const { start, final, finalLoss, accuracy } = JSON.parse(r.stdout) as TrainJson;
  return { start, final, finalLoss, accuracy };
}

/** Opens the page with `hash` (after running `before` in it, if given) and waits for its figure. */
export async function openPage(context: BrowserContext, hash = "", before?: () => void): Promise<Loaded> {
  const page = await context.newPage();
  if (before) await page.addInitScript(before);
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`exception: ${e.message}`));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(PAGE_URL + hash, { waitUntil: "load" });
  await page.waitForSelector("#figure svg g.panel");
  return { page, errors, requests };
}

/** A browser for the enclosing describe block (launched before its tests, closed after); returns openPage on it. */
export function explorerBrowser(): (hash?: string, before?: () => void) => Promise<Loaded> {
  let browser: Chromium | undefined;
  beforeAll(async () => {
    browser = await launchChromium({ width: 1200, height: 1000 });
  });
  afterAll(async () => {
    await browser?.close();
  });
  return (hash = "", before) => {
    if (!browser) throw new Error("the browser did not start");
    return openPage(browser.context, hash, before);
  };
}

/** The final values once #run-summary carries them. */
export async function summary(page: Page, timeout = 30_000): Promise<Record<string, number>> {
  await page.waitForSelector("#run-summary[data-w]", { timeout });
  return page.$eval("#run-summary", (el) =>
    Object.fromEntries(["w", "b", "loss", "accuracy", "epochs"].map((k) => [k, Number(el.getAttribute(`data-${k}`))])),
  );
}

/** The page's run equals `train --json`'s to 1e-12 relative (accuracy and epochs exactly). */
export function expectRun(got: Record<string, number>, want: TrainJson, epochs: number): void {
  expect(relClose(got.w, want.final[0]), `w ${got.w} vs ${want.final[0]}`).toBe(true);
  expect(relClose(got.b, want.final[1]), `b ${got.b} vs ${want.final[1]}`).toBe(true);
  expect(relClose(got.loss, want.finalLoss), `loss ${got.loss} vs ${want.finalLoss}`).toBe(true);
  expect(got.accuracy).toBe(want.accuracy);
  expect(got.epochs).toBe(epochs);
}

/** Page coordinates of (w, b) in the first panel, from the panel's data-plot and data-domain. */
export async function pixelOf(page: Page, w: number, b: number): Promise<[number, number]> {
  return page.$eval("#figure svg", (svg, [w, b]) => {
    const g = svg.querySelector("g.panel") as SVGGElement;
    const [left, top, width, height] = g.getAttribute("data-plot")!.split(",").map(Number);
    const [w0, w1, b0, b1] = g.getAttribute("data-domain")!.split(",").map(Number);
    const p = new DOMPoint(left + ((w - w0) / (w1 - w0)) * width, top + ((b1 - b) / (b1 - b0)) * height).matrixTransform((svg as SVGSVGElement).getScreenCTM()!);
    return [p.x + window.scrollX, p.y + window.scrollY] as [number, number];
  }, [w, b] as [number, number]);
}

/** The file the Export SVG button downloads. */
export async function exported(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-svg")]);
  return readFileSync((await download.path())!, "utf8");
}
