// Driving output/network-explorer.html in headless Chromium: opening it from file://
// (recording console errors and every request), playing a run to its end and reading
// #run-summary, and the CLI's `train --json` for the command the page printed.

import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { paramsHash } from "../../src/nn/params-hash.js";
import { runCli } from "../run-cli.js";
import { OUTPUT } from "./explorer-page.js";

export const NETWORK_PAGE_URL = pathToFileURL(join(OUTPUT, "network-explorer.html")).href;

export interface Opened {
  page: Page;
  errors: string[];
  requests: string[];
}

export async function openNetworkPage(context: BrowserContext, hash = ""): Promise<Opened> {
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`exception: ${e.message}`));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(NETWORK_PAGE_URL + hash, { waitUntil: "load" });
  await page.waitForSelector("#surface");
  return { page, errors, requests };
}

export interface PageSummary {
  epochs: number;
  loss: number;
  accuracy: number;
  testLoss: number | null;
  testAccuracy: number | null;
  hash: string;
  cli: string[];
}

/** Presses Play (unless the page is already training back to its hash's epoch) and reads the summary at the end. */
export async function playToEnd(page: Page, press = true, timeout = 60_000): Promise<PageSummary> {
  if (press) await page.click("#play");
  await page.waitForSelector("#run-summary[data-hash]", { timeout });
  return readSummary(page);
}

export async function readSummary(page: Page): Promise<PageSummary> {
  const d = await page.$eval("#run-summary", (el) => ({ ...(el as HTMLElement).dataset }));
  return {
    epochs: Number(d.epochs),
    loss: Number(d.loss),
    accuracy: Number(d.accuracy),
    testLoss: d.testLoss === undefined ? null : Number(d.testLoss),
    testAccuracy: d.testAccuracy === undefined ? null : Number(d.testAccuracy),
    hash: d.hash ?? "",
    cli: JSON.parse(d.cli ?? "[]") as string[],
  };
}

interface TrainJson {
  finalLoss: number;
  accuracy: number;
  testLoss?: number;
  testAccuracy?: number;
  epochs: unknown[];
  final: { layers: Array<{ weight: number[][]; bias: number[] }> };
}

const rel = (got: number, want: number): boolean => got === want || Math.abs(got - want) <= 1e-12 * Math.abs(want);

/** Runs the page's own train command with the built CLI and checks the summary against its output. */
export function expectCliAgrees(got: PageSummary): void {
  expect(got.cli[0]).toBe("train");
  const r = runCli(got.cli);
  expect(r.status, r.stderr).toBe(0);
  const j = JSON.parse(r.stdout) as TrainJson;
  expect(rel(got.loss, j.finalLoss), `loss ${got.loss} vs ${j.finalLoss}`).toBe(true);
  expect(got.accuracy).toBe(j.accuracy);
  expect(got.epochs).toBe(j.epochs.length);
  if (j.testLoss === undefined) expect(got.testLoss).toBeNull();
  else {
    expect(rel(got.testLoss!, j.testLoss), `test loss ${got.testLoss} vs ${j.testLoss}`).toBe(true);
    expect(got.testAccuracy).toBe(j.testAccuracy);
  }
  expect(got.hash).toBe(paramsHash(j.final.layers.flatMap((l) => [...l.weight.flat(), ...l.bias])));
}
