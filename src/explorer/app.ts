// The explorer's behaviour: one object holding the UI state (settings, runs on screen,
// cursor, the animation in progress), created per page. Numbers come from the shared
// trainer and the CLI's figure code; nothing here computes a loss of its own.

import type { Dataset } from "../data/dataset.js";
import type { InitSpec } from "../init/initializers.js";
import { LOSS_NAMES } from "../numerics/losses.js";
import type { GridSpec } from "../numerics/grid.js";
import { runColor } from "../render/index.js";
import { trainFromInit } from "../train/from-init.js";
import type { TrainResult } from "../train/train.js";
import { bindControls, showState, TRAINING_KEYS } from "./controls.js";
import { cliArgs, renderRunCurves, renderView, viewStudy, type ViewRequest } from "./figure-adapter.js";
import { contains, moveNode, nearestNode, nodeStart, toData, type Node } from "./plot-map.js";
import { clearSummary, pointText, showSummary } from "./readout.js";
import { formatHash, parseHash, trainConfigOf, type ExplorerState, type Speed } from "./state.js";
import { clearRunLayer, drawCursor, drawRunPrefix, mountFigure, panelFrame, svgPoint, type MountedFigure, type Panel } from "./view.js";

/** At most this many starts on screen, as `landscape --start` allows. */
export const MAX_RUNS = 8;
const DURATION_MS: Record<Speed, number> = { slow: 6000, normal: 2000, fast: 600, instant: 0 };

function byId<T extends HTMLElement>(doc: Document, id: string): T {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
}

export function createExplorer(win: Window, data: Dataset, grid: GridSpec): void {
  const doc = win.document;
  const n = data.x.length;
  const figureEl = byId(doc, "figure");
  const readout = byId(doc, "readout");
  const summary = byId(doc, "run-summary");
  const notice = byId(doc, "notice");
  let state: ExplorerState = parseHash(win.location.hash, n).state;
  let starts: Array<[number, number]> = [];
  let cursor: Node = nearestNode(grid, -5, -10);
  let figure: MountedFigure | null = null;
  let exported = { file: "", svg: "" };
  let animation = 0;

  const request = (): ViewRequest => ({ data, grid, state, starts });

  function showNotices(lines: string[]): void {
    notice.hidden = lines.length === 0;
    notice.textContent = "";
    if (lines.length === 0) return;
    notice.append("Some settings were not valid and were reset:");
    const ul = notice.appendChild(doc.createElement("ul"));
    for (const l of lines) ul.appendChild(doc.createElement("li")).textContent = l;
  }

  /** The panel of the current loss (the gradient view has one per loss, MSE first). */
  function lossPanel(): Panel | undefined {
    const panels = figure?.panels ?? [];
    return panels.length > 1 ? panels[LOSS_NAMES.indexOf(state.loss)] : panels[0];
  }

  /** Rewrites the hash (canonically) only when it no longer says the state: a valid shared URL stays as it was. */
  function writeHash(): void {
    const shown = parseHash(win.location.hash, n);
    const hash = formatHash(state);
    if (shown.notices.length > 0 || formatHash(shown.state) !== hash) win.history.replaceState(null, "", hash);
  }

  function render(): void {
    const study = viewStudy(request());
    exported = renderView(doc, study, state);
    figure = mountFigure(figureEl, exported.svg);
    figureEl.classList.toggle("no-flat", !state.flat);
    byId(doc, "curves").innerHTML = renderRunCurves(doc, study, state).replace(/^<\?xml[^>]*>\s*/, "");
    byId(doc, "cli").textContent = `Export = ${exported.file} from: loss-landscape ${cliArgs(request()).join(" ")}`;
    showCursor(false);
  }

  function showCursor(announce: boolean): void {
    const at = nodeStart(grid, cursor);
    if (figure) drawCursor(figure, lossPanel(), doc.activeElement === figureEl ? at : null);
    if (announce) readout.textContent = pointText(state.loss, data, at[0], at[1], "Cursor");
  }

  function finish(run: TrainResult): void {
    animation = 0;
    const start: [number, number] = [run.start[0], run.start[1]];
    if (!starts.some((s) => s[0] === start[0] && s[1] === start[1])) starts = [...starts, start].slice(-MAX_RUNS);
    render();
    showSummary(summary, run, state.epochs);
    readout.textContent = pointText(state.loss, data, run.final[0], run.final[1], "End of run");
  }

  /** Trains from `init` as `train --json` does and animates the trajectory, then redraws. */
  function startRun(init: InitSpec): void {
    win.cancelAnimationFrame(animation);
    state = { ...state, start: init };
    writeHash();
    const run = trainFromInit(data, init, trainConfigOf(state), state.seed);
    clearSummary(summary, "Training…");
    const duration = DURATION_MS[state.speed];
    const panel = lossPanel();
    if (duration === 0 || !figure || !panel) return finish(run);
    const fig = figure;
    const frame = panelFrame(fig, panel);
    const color = runColor(starts.length % MAX_RUNS);
    const steps = run.w.length - 1;
    const t0 = win.performance.now();
    let lastEpoch = -1;
    const tick = (): void => {
      const k = Math.min(steps, Math.round((steps * (win.performance.now() - t0)) / duration));
      drawRunPrefix(panel, frame, run, k, color);
      let epoch = 0;
      while (epoch < run.epochEnds.length && run.epochEnds[epoch] <= k) epoch++;
      if (epoch !== lastEpoch) readout.textContent = pointText(state.loss, data, run.w[k], run.b[k], `Epoch ${epoch} of ${state.epochs}`);
      lastEpoch = epoch;
      if (k < steps) animation = win.requestAnimationFrame(tick);
      else {
        clearRunLayer(fig);
        finish(run);
      }
    };
    animation = win.requestAnimationFrame(tick);
  }

  function apply(next: ExplorerState, rerun: boolean): void {
    state = next;
    showState(doc, state);
    writeHash();
    render();
    if (rerun && state.start) startRun(state.start);
    else if (rerun) clearSummary(summary, "No run yet.");
  }

  bindControls(doc, n, () => state, (c) => {
    if ("error" in c) {
      showNotices([c.error]);
      showState(doc, state);
      return;
    }
    showNotices([]);
    if (c.key === "flat" || c.key === "speed") {
      state = c.state;
      writeHash();
      figureEl.classList.toggle("no-flat", !state.flat);
      return;
    }
    apply(c.state, TRAINING_KEYS.has(c.key));
  });

  for (const b of Array.from(doc.querySelectorAll<HTMLButtonElement>("button[data-init]"))) {
    b.setAttribute("aria-label", `Start a run from a ${b.dataset.init} draw (seed from the Seed field)`);
    b.addEventListener("click", () => startRun({ kind: b.dataset.init as Exclude<InitSpec["kind"], "fixed"> }));
  }
  byId(doc, "clear-runs").addEventListener("click", () => {
    win.cancelAnimationFrame(animation);
    starts = [];
    state = { ...state, start: null };
    writeHash();
    render();
    clearSummary(summary, "No run yet.");
  });
  byId(doc, "export-svg").addEventListener("click", () => {
    const a = doc.createElement("a");
    a.href = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(exported.svg)}`;
    a.download = exported.file;
    doc.body.appendChild(a);
    a.click();
    a.remove();
  });

  figureEl.addEventListener("click", (ev) => {
    if (!figure) return;
    const p = svgPoint(figure.svg, ev.clientX, ev.clientY);
    const k = p ? figure.panels.findIndex((q) => contains(q.map, p[0], p[1])) : -1;
    if (!p || k < 0) return;
    const [w, b] = toData(figure.panels[k].map, p[0], p[1]);
    cursor = nearestNode(grid, w, b);
    if (figure.panels.length > 1 && state.loss !== LOSS_NAMES[k]) apply({ ...state, loss: LOSS_NAMES[k] }, false);
    const [sw, sb] = nodeStart(grid, cursor);
    startRun({ kind: "fixed", w: sw, b: sb });
  });
  figureEl.addEventListener("keydown", (ev) => {
    const step = ev.shiftKey ? 10 : 1;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (ev.key in moves) {
      cursor = moveNode(grid, cursor, ...moves[ev.key]);
      showCursor(true);
    } else if (ev.key === "Enter" || ev.key === " ") {
      const [w, b] = nodeStart(grid, cursor);
      startRun({ kind: "fixed", w, b });
    } else return;
    ev.preventDefault();
  });
  figureEl.addEventListener("focus", () => showCursor(true));
  figureEl.addEventListener("blur", () => showCursor(false));
  win.addEventListener("hashchange", () => {
    const parsed = parseHash(win.location.hash, n);
    if (formatHash(parsed.state) === formatHash(state) && parsed.notices.length === 0) return;
    showNotices(parsed.notices);
    apply(parsed.state, true);
  });

  const initial = parseHash(win.location.hash, n);
  showNotices(initial.notices);
  apply(initial.state, true);
}
