// Writes docs/explorer.png, the README's picture of output/explorer.html: headless
// Chromium (Debian's /usr/bin/chromium, or CHROMIUM=path) opens the committed page from
// file://, runs MSE from the bad start and from a he draw, and takes the screenshot.
// Usage: npm run build && npm run landscape && node scripts/explorer-screenshot.mjs

import { existsSync, mkdirSync, renameSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("..", import.meta.url));
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const page = `${root}output/explorer.html`;
const out = `${root}docs/explorer.png`;
if (!existsSync(executablePath)) {
  console.error(`explorer-screenshot: no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM)`);
  process.exit(2);
}
if (!existsSync(page)) {
  console.error(`explorer-screenshot: ${page} is missing: npm run build && npm run landscape`);
  process.exit(2);
}

const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
try {
  const tab = await browser.newPage({ viewport: { width: 1060, height: 820 }, deviceScaleFactor: 1 });
  await tab.goto(`${pathToFileURL(page).href}#start=-5,-10&speed=instant`);
  await tab.waitForSelector("#run-summary[data-w]");
  await tab.click("button[data-init=he]");
  await tab.waitForSelector("#run-summary[data-w]");
  await tab.focus("#figure");
  for (let k = 0; k < 8; k++) await tab.keyboard.press("ArrowRight");
  mkdirSync(`${root}docs`, { recursive: true });
  await tab.screenshot({ path: `${out}.tmp.png`, fullPage: false });
  renameSync(`${out}.tmp.png`, out);
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
