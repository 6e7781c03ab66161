// Writes docs/network-explorer.png, the docs' picture of output/network-explorer.html:
// headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM=path) opens the committed
// page from file://, trains a 2-8-8-1 tanh network on circles from a proper start and from
// the bad start (normal:12) for 60 epochs, computes the slice, and takes the screenshot.
// Usage: npm run build && npm run landscape && node scripts/network-explorer-screenshot.mjs

import { existsSync, mkdirSync, renameSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("..", import.meta.url));
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const page = `${root}output/network-explorer.html`;
const out = `${root}docs/network-explorer.png`;
if (!existsSync(executablePath)) {
  console.error(`network-explorer-screenshot: no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM)`);
  process.exit(2);
}
if (!existsSync(page)) {
  console.error(`network-explorer-screenshot: ${page} is missing: npm run build && npm run landscape`);
  process.exit(2);
}

const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
try {
  const tab = await browser.newPage({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
  await tab.goto(`${pathToFileURL(page).href}#data=circles&epochs=60&init=xavier-normalized;normal:12&theme=light`);
  await tab.click("#play");
  await tab.waitForSelector("#run-summary[data-hash]", { timeout: 120_000 });
  await tab.click("#slice-go");
  await tab.waitForFunction(() => /^Computed/.test(document.getElementById("slice-status").textContent), null, { timeout: 120_000 });
  mkdirSync(`${root}docs`, { recursive: true });
  await tab.screenshot({ path: `${out}.tmp.png`, fullPage: true });
  renameSync(`${out}.tmp.png`, out);
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
