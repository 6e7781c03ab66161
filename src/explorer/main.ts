// Entry point of the explorer bundle. In the page: reads the data set the page was
// generated with and starts the page (a failure is shown on the page as well as in the
// console). Started again as the page's worker (no document there): serves its jobs.

import type { PageData } from "./page.js";
import { createExplorer } from "./app.js";
import { jobRunner } from "./jobs.js";
import { serveJobs, type WorkerScope } from "./worker.js";

function start(): void {
  // The script's own text, from which the worker is started (it is inline: no file to fetch).
  const script = document.currentScript?.textContent ?? null;
  const el = document.getElementById("explorer-data");
  const page = JSON.parse(el?.textContent ?? "null") as PageData;
  createExplorer(window, { x: Float64Array.from(page.x), y: Float64Array.from(page.y), source: page.source }, page.grid, jobRunner(window, script));
}

if (typeof document === "undefined") {
  serveJobs(self as unknown as WorkerScope);
} else {
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
}
