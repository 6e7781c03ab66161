// Entry point of the explorer bundle: reads the data set the page was generated with
// and starts the page. A failure is shown on the page as well as in the console.

import type { PageData } from "./page.js";
import { createExplorer } from "./app.js";

function start(): void {
  const el = document.getElementById("explorer-data");
  const page = JSON.parse(el?.textContent ?? "null") as PageData;
  createExplorer(window, { x: Float64Array.from(page.x), y: Float64Array.from(page.y), source: page.source }, page.grid);
}

try {
  start();
} catch (err) {
  console.error(err);
  const notice = document.getElementById("notice");
  if (notice) {
    notice.hidden = false;
    notice.textContent = `The explorer could not start: ${err instanceof Error ? err.message : String(err)}`;
  }
}
