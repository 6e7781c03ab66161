// explorer.html: one self-contained page (markup, style, the data set and the bundled
// script inline). Pure text assembly; the CLI writes the file.

import type { Dataset } from "../data/dataset.js";
import { INIT_SCHEMES } from "../init/initializers.js";
import type { GridSpec } from "../numerics/grid.js";
import { escapeHtml } from "../render/gallery.js";
import { NO_RUN_TEXT } from "./readout.js";
import { HASH_KEYS, MAX_EPOCHS } from "./state.js";

export const EXPLORER_FILE = "explorer.html";
/** A self-contained page stays under this many bytes (the script is ~0.23 MB; the rest is data). */
export const EXPLORER_MAX_BYTES = 1_500_000;

/** The gallery's link to the page. */
export const EXPLORER_LINK = {
  href: EXPLORER_FILE,
  text: "Interactive explorer",
  description: "click any start on the landscape and watch SGD train from it (one self-contained page; works offline).",
};

/** What the page reads from its <script id="explorer-data"> element. */
export interface PageData {
  x: number[];
  y: number[];
  source: string;
  grid: GridSpec;
}

export const pageData = (data: Dataset, grid: GridSpec): PageData => ({ x: Array.from(data.x), y: Array.from(data.y), source: data.source, grid });

/** JSON safe inside <script>: no "<" can close the element. */
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, "\\u003c");

const select = (id: string, label: string, options: Array<[string, string]>): string =>
  `<label for="${id}">${label}</label><select id="${id}" name="${id}">${options.map(([v, t]) => `<option value="${v}">${t}</option>`).join("")}</select>`;

const input = (id: string, label: string, attrs: string): string => `<label for="${id}">${label}</label><input id="${id}" name="${id}" ${attrs}>`;

const check = (id: string, label: string): string => `<label class="check"><input type="checkbox" id="${id}" name="${id}"> ${label}</label>`;

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 1rem; color: #222; background: #fff; }
h1 { font-size: 1.3rem; margin: 0 0 .3rem; }
.intro { margin: 0 0 .8rem; max-width: 62rem; }
.layout { display: flex; flex-wrap: wrap; gap: 1.2rem; align-items: flex-start; }
#controls { display: grid; grid-template-columns: auto minmax(10rem, 1fr); gap: .35rem .6rem; align-items: center; width: 19.5rem; max-width: 100%; }
#controls select, #controls input:not([type=checkbox]) { width: 100%; min-width: 0; box-sizing: border-box; }
#controls fieldset { grid-column: 1 / 3; border: 1px solid #bbb; padding: .4rem .6rem; margin: .3rem 0 0; }
#controls fieldset button { margin: .15rem .15rem .15rem 0; }
#controls .check { grid-column: 1 / 3; }
#controls .actions { grid-column: 1 / 3; display: flex; gap: .4rem; flex-wrap: wrap; margin-top: .3rem; }
button, select, input { font: inherit; }
:focus-visible { outline: 3px solid #0072b2; outline-offset: 2px; }
main { flex: 1 1 700px; min-width: 0; max-width: 720px; }
#figure { width: 700px; max-width: 100%; cursor: crosshair; }
#figure svg { display: block; max-width: 100%; height: auto; }
#figure.no-flat .flat-region { display: none; }
#epsilon-note { font-size: .85rem; color: #444; max-width: 700px; margin: .3rem 0; }
#readout { font-variant-numeric: tabular-nums; min-height: 2.6em; margin: .4rem 0; }
#status { color: #444; min-height: 1.2em; margin: .2rem 0; }
#run-summary { font-variant-numeric: tabular-nums; margin: .3rem 0; }
#curves svg { max-width: 100%; height: auto; }
#notice { border: 2px solid #d55e00; background: #fff4ec; padding: .4rem .7rem; margin: 0 0 .8rem; max-width: 62rem; }
#notice ul { margin: .2rem 0 0 1.2rem; padding: 0; }
#cli { font-size: .85rem; color: #444; word-break: break-all; max-width: 700px; }
`;

export function explorerHtml(script: string, data: PageData): string {
  if (/<\/script/i.test(script)) throw new Error("the explorer bundle contains </script and cannot be inlined");
  const n = data.x.length;
  const controls = [
    select("loss", "Loss", [["mse", "MSE"], ["bce", "Cross-entropy"]]),
    select("view", "View", [["loss", "Loss"], ["grad", "|∇L|, both losses"]]),
    select("optimizer", "Optimizer", [["sgd", "SGD"], ["momentum", "SGD with momentum"], ["adam", "Adam"]]),
    input("lr", "Learning rate", `type="number" min="0" max="1000" step="any" required`),
    input("momentum", "Momentum", `type="number" min="0" max="0.999" step="any" required`),
    input("batch", "Batch size", `type="number" min="1" max="${n}" step="1" required`),
    input("epochs", "Epochs", `type="number" min="1" max="${MAX_EPOCHS}" step="1" required`),
    check("shuffle", "Shuffle every epoch"),
    input("seed", "Seed", `type="number" min="0" max="2147483648" step="1" required`),
    `<fieldset><legend>Start from an init scheme</legend>${INIT_SCHEMES.map((s) => `<button type="button" data-init="${s}">${s}</button>`).join("")}</fieldset>`,
    check("flat", "Hatch the flat region"),
    select("speed", "Animation", [["slow", "slow"], ["normal", "normal"], ["fast", "fast"], ["instant", "instant"]]),
    `<div class="actions"><button type="button" id="clear-runs">Clear runs</button><button type="button" id="export-svg">Export SVG</button></div>`,
  ].join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; worker-src data:; style-src 'unsafe-inline'">
<title>Loss-landscape explorer</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Loss-landscape explorer: p = σ(w·x + b)</h1>
<p class="intro">Click the landscape (or focus it, move the cursor with the arrow keys and press Enter) to train from that start, with the settings on the left, on ${n} samples (${escapeHtml(data.source === "seed" ? "the seed data" : data.source)}). The state is in the address: the hash keys are ${HASH_KEYS.join(", ")}. For networks, see the <a href="network-explorer.html">network explorer</a>.</p>
<div id="notice" role="alert" hidden></div>
<div class="layout">
<form id="controls" aria-label="Training settings">
${controls}
</form>
<main>
<div id="figure" tabindex="0" role="application" aria-roledescription="loss landscape" aria-label="Loss landscape. Arrow keys move the cursor by one grid step (with Shift, ten), Enter starts a run at the cursor." aria-describedby="readout"></div>
<p id="epsilon-note"></p>
<div id="readout" aria-live="polite" aria-atomic="true"></div>
<p id="status" role="status"></p>
<p id="run-summary" aria-live="polite">${NO_RUN_TEXT}</p>
<div id="curves"></div>
<p id="cli"></p>
</main>
</div>
<script type="application/json" id="explorer-data">${scriptJson(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}
