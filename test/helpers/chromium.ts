// Headless Chromium for the browser tests (Debian package `chromium`, driven by
// playwright-core). Without it the tests are skipped with a notice, so `npm test` passes
// on a machine without a browser; CI (.ci/run installs Chromium; CI=true in the
// environment) never skips: there a missing browser is a failure.

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = process.env.LOSS_LANDSCAPE_CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--disable-quic",
];
const IN_CI = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false";

/** Whether `file`'s browser tests are skipped (after printing why). */
export function skipWithoutChromium(file: string): boolean {
  const skip = !existsSync(CHROMIUM) && !IN_CI;
  if (skip) console.warn(`${file}: skipped, ${CHROMIUM} is missing (apt-get install chromium to run it; CI runs it).`);
  return skip;
}

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A browser with a fresh profile (playwright passes it as --user-data-dir). */
export async function launchChromium(viewport: { width: number; height: number }): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does this, and CI must run this test)`);
  const profile = mkdtempSync(join(tmpdir(), "ll-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport, acceptDownloads: true });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
