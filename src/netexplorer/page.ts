// network-explorer.html: one self-contained page (markup, style and the bundled script
// inline, nothing fetched). Pure text assembly; `landscape` writes the file.
//
// Content-Security-Policy, and why each allowance is there:
//   default-src 'none'            nothing may load from anywhere by default;
//   script-src 'sha256-…'         only this page's one inline script, by its hash (no
//                                 'unsafe-inline', no 'unsafe-eval': the page has no WebAssembly);
//   style-src 'sha256-…'          only this page's one inline <style>, by its hash;
//   worker-src data:              the slice and sharpness worker is the page's own script
//                                 started from a data: URL (a file:// page cannot fetch one).
// Nothing else: the views are canvases drawn by the script, no image is loaded.

import { createHash } from "node:crypto";
import { ACTIVATION_NAMES } from "../nn/activations.js";
import { DATA_NAMES } from "../nn/datasets.js";
import { NETWORK_SCHEMES } from "../nn/init.js";
import { OPTIMIZER_NAMES } from "../train/optimizers.js";
import { STYLE } from "./page-style.js";
import { BAD_START, initText } from "./state.js";

export const NETWORK_EXPLORER_FILE = "network-explorer.html";
export const NETWORK_EXPLORER_LINK = {
  href: NETWORK_EXPLORER_FILE,
  text: "Network explorer",
  description: "a Playground for initialization: build a network, train it from up to four starts side by side, watch each layer; every number is train's (one self-contained page; works offline).",
};

const sha = (text: string): string => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/** The page's Content-Security-Policy for this script and style. */
export function networkExplorerCsp(script: string, style: string): string {
  return `default-src 'none'; script-src ${sha(script)}; style-src ${sha(style)}; worker-src data:`;
}

const opt = (values: readonly string[], labels: Record<string, string> = {}): string => values.map((v) => `<option value="${v}">${labels[v] ?? v}</option>`).join("");
const field = (id: string, label: string, control: string): string => `<label for="${id}">${label}</label>${control}`;
const num = (id: string, label: string, attrs: string): string => field(id, label, `<input id="${id}" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" ${attrs}>`);

export function networkExplorerHtml(script: string): string {
  if (/<\/script/i.test(script)) throw new Error("the network explorer bundle contains </script and cannot be inlined");
  const schemes = [...NETWORK_SCHEMES.map((s) => s as string), initText(BAD_START), "normal:1", "constant:0", "constant:0.5", "uniform:1"];
  const body = `<header>
<h1>Network explorer: what a start does to each layer</h1>
<p class="intro">Build a small network, pick up to four starts and train them side by side. Every number is <code>loss-landscape train</code>'s: the command under “Reproduce with the CLI” prints the same final loss, accuracy and parameters.</p>
<div class="topbar"><label for="theme">Theme</label><select id="theme">${opt(["auto", "light", "dark"])}</select></div>
</header>
<div id="notice" role="alert" hidden></div>
<div class="layout">
<form id="controls" aria-label="Data, network, training and starts" novalidate>
<fieldset><legend>Data</legend>
${field("data", "Data set", `<select id="data">${opt([...DATA_NAMES, "csv"], { seed: "seed (1-D)", csv: "dropped CSV" })}</select>`)}
${num("samples", "Samples", "")}
${num("noise", "Noise", "")}
${num("dseed", "Data seed", "")}
${num("test", "Test fraction", "")}
<label for="csv-file" class="wide">CSV (x,y or x1,x2,y; or drop it on the page)</label><input id="csv-file" class="wide" type="file" accept=".csv,text/csv">
</fieldset>
<fieldset><legend>Network</legend>
<div id="layers" class="wide"></div>
<div class="wide row"><button type="button" id="add-layer">Add layer</button><button type="button" id="remove-layer">Remove layer</button></div>
${field("activation", "Activation", `<select id="activation">${opt(ACTIVATION_NAMES)}</select>`)}
${field("loss", "Loss", `<select id="loss">${opt(["mse", "bce"], { mse: "MSE", bce: "cross-entropy" })}</select>`)}
</fieldset>
<fieldset><legend>Training</legend>
${field("optimizer", "Optimizer", `<select id="optimizer">${opt(OPTIMIZER_NAMES)}</select>`)}
${num("lr", "Learning rate", "")}
${num("momentum", "Momentum", "")}
${num("batch", "Batch size", "")}
${num("epochs", "Epochs", "")}
<label class="wide check"><input type="checkbox" id="shuffle"> Shuffle every epoch</label>
</fieldset>
<fieldset><legend>Starts (compare up to 4)</legend>
<div id="starts" class="wide"></div>
<div class="wide row"><button type="button" id="add-start">Add start</button><button type="button" id="bad-start">Add the bad start (${initText(BAD_START)})</button></div>
${num("seed", "Init seed", "")}
<datalist id="schemes">${opt(schemes)}</datalist>
</fieldset>
</form>
<main>
<div class="toolbar" role="toolbar" aria-label="Training">
<button type="button" id="play" aria-keyshortcuts="p">Play</button><button type="button" id="step">Step</button><button type="button" id="reset">Reset</button>
<span class="epoch">Epoch <output id="epoch" aria-live="off">0</output> of <span id="epoch-total">0</span></span>
</div>
<p id="status" role="status" aria-live="polite"></p>
<div class="panels">
<section class="panel" id="surface-panel" aria-labelledby="surface-h"><h2 id="surface-h">Decision surface (run in focus)</h2>
<canvas id="surface" role="img" aria-label="Decision surface of the run in focus"></canvas>
<p class="legend"><span class="sw c0"></span> class 0 <span class="sw c1"></span> class 1 · ● training points · ■ test points</p>
</section>
<section class="panel" id="units-panel" aria-labelledby="units-h"><h2 id="units-h">Hidden units (layers of up to 8)</h2>
<div id="units"></div>
<p id="unit-info" aria-live="polite">Hover or focus a unit to see its incoming weights.</p>
</section>
<section class="panel" id="curves-panel" aria-labelledby="curves-h"><h2 id="curves-h">Loss per epoch (log axis)</h2>
<canvas id="curves" role="img" aria-label="Training and test loss of every run"></canvas>
<p class="legend" id="runs-legend"></p>
</section>
<section class="panel" id="layers-panel" aria-labelledby="layers-h"><h2 id="layers-h">Per layer: activations, gradients, saturation</h2>
<canvas id="layer-stats" role="img" aria-label="Per-layer activation percentiles, back-propagated gradient std and saturated fraction of every run"></canvas>
<p id="layers-text" class="small" aria-live="polite"></p>
</section>
<section class="panel" id="slice-panel" aria-labelledby="slice-h"><h2 id="slice-h">Loss around the run in focus</h2>
<div class="row">${field("slice-dirs", "Plane", `<select id="slice-dirs">${opt(["filter", "pca"], { filter: "random, filter-normalized", pca: "PCA of the trajectory" })}</select>`)}<button type="button" id="slice-go">Compute slice and sharpness</button></div>
<p id="slice-status" role="status" aria-live="polite">Not computed (it runs in a worker; the page stays responsive).</p>
<canvas id="slice" role="img" aria-label="Loss slice with the projected trajectory"></canvas>
<canvas id="sharpness" role="img" aria-label="Top Hessian eigenvalue over the epochs"></canvas>
</section>
<section class="panel" id="cli-panel" aria-labelledby="cli-h"><h2 id="cli-h">Reproduce with the CLI</h2>
<p id="run-summary" aria-live="polite">No run yet.</p>
<pre id="cli" tabindex="0" aria-label="Commands that reproduce the run in focus"></pre>
<button type="button" id="copy-cli">Copy CLI</button>
</section>
</div>
</main>
</div>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${networkExplorerCsp(script, STYLE)}">
<title>Network explorer · loss-landscape</title>
<style>${STYLE}</style>
</head>
<body>
${body}
<script>${script}</script>
</body>
</html>
`;
}
