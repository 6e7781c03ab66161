// Entry point of the network explorer's bundle: in the page it starts the explorer (a
// failure is shown on the page); started again as the page's worker (no document), it
// serves the slice jobs.

import { createNetworkExplorer } from "./app.js";
import { serveSlices, sliceRunner, type WorkerScope } from "./worker.js";

if (typeof document === "undefined") {
  serveSlices(self as unknown as WorkerScope);
} else {
  try {
    createNetworkExplorer(window, sliceRunner(window, document.currentScript?.textContent ?? null));
  } catch (err) {
    console.error(err);
    const notice = document.getElementById("notice");
    if (notice) {
      notice.hidden = false;
      notice.textContent = `The explorer could not start: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
}
