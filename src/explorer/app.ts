// The explorer's behaviour: one object holding the UI state (settings, runs on screen,
// cursor, the animation in progress), created per page. Numbers come from the shared
// trainer and the CLI's figure code, computed off the page's thread (jobs.ts); nothing
// here computes a loss of its own.

import type { Dataset } from "../data/dataset.js";
import type { InitSpec } from "../init/initializers.js";
import type { Study } from "../landscape/study.js";
import type { RunPath } from "../landscape/types.js";
import { LOSS_NAMES } from "../numerics/losses.js";
import type { GridSpec } from "../numerics/grid.js";
import { runColor } from "../render/index.js";
import { bindControls, showState, TRAINING_KEYS } from "./controls.js";
import { cliArgs, renderRunCurves, renderView, type ViewRequest } from "./figure-adapter.js";
import type { JobRunner } from "./jobs.js";
import { contains, moveNode, nearestNode, nodeStart, toData, type Node } from "./plot-map.js";
import { clearSummary, epsilonText, NO_RUN_TEXT, pointText, showNotice, showSummary } from "./readout.js";
import { fixEarlier, resolveStart, withRun } from "./runs.js";
import { formatHash, parseHash, type ExplorerState, type Speed } from "./state.js";
import { clearRunLayer, download, drawCursor, mountFigure, playRun, svgPoint, type MountedFigure, type Panel } from "./view.js";

const DURATION_MS: Record<Speed, number> = { slow: 6000, normal: 2000, fast: 600, instant: 0 };

function byId<T extends HTMLElement>(doc: Document, id: string): T {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
}

export function createExplorer(win: Window, data: Dataset, grid: GridSpec, jobs: JobRunner): void {
  const doc = win.document;
  const n = data.x.length;
  const figureEl = byId(doc, "figure");
  const readout = byId(doc, "readout");
  const summary = byId(doc, "run-summary");
  const notice = byId(doc, "notice");
  const status = byId(doc, "status");
  let state: ExplorerState = parseHash(win.location.hash, n).state;
  let cursor: Node = nearestNode(grid, -5, -10);
  let figure: MountedFigure | null = null;
  let exported = { file: "", svg: "" };
  // Every update bumps this; results of an older one are dropped when they arrive.
  let generation = 0;
  let runInFlight = false;
  let shown: { key: string; study: Study } | null = null;
  let pendingStudy: { key: string; study: Promise<Study> } | null = null;
  // Settles when the page shows the latest update (its figure and, for a run, its summary).
  let settle = (): void => {};
  let ready: Promise<void> = Promise.resolve();

  const request = (): ViewRequest => ({ data, grid, state, starts: state.start.map((s) => resolveStart(s, state.seed)) });
  const studyKey = (req: ViewRequest): string => cliArgs(req).join(" ");

  const showNotices = (lines: string[], heading?: string): void => showNotice(notice, lines, heading);

  /** The panel of the current loss (the gradient view has one per loss, MSE first). */
  function lossPanel(): Panel | undefined {
    const panels = figure?.panels ?? [];
    return panels.length > 1 ? panels[LOSS_NAMES.indexOf(state.loss)] : panels[0];
  }

  /** Rewrites the hash (canonically) only when it no longer says the state: a valid shared URL stays as it was. */
  function writeHash(): void {
    const said = parseHash(win.location.hash, n);
    const hash = formatHash(state);
    if (said.notices.length > 0 || formatHash(said.state) !== hash) win.history.replaceState(null, "", hash);
  }

  /** The study for the current state: the one on screen, the one being computed, or a new job. */
  function studyFor(req: ViewRequest): Promise<Study> {
    const key = studyKey(req);
    if (shown?.key === key) return Promise.resolve(shown.study);
    if (pendingStudy?.key === key) return pendingStudy.study;
    status.textContent = "Computing the figure…";
    const study = jobs.run({ kind: "study", ...req }, (m) => (status.textContent = `Computing the figure: ${m}…`)).then((r) => {
      if (r.kind !== "study") throw new Error("the worker answered a study with a run");
      return r.study;
    });
    pendingStudy = { key, study };
    // A failed study is not reused: the next update asks again.
    study.catch(() => {
      if (pendingStudy?.study === study) pendingStudy = null;
    });
    return study;
  }

  function show(study: Study, key: string): void {
    shown = { key, study };
    pendingStudy = null;
    status.textContent = "";
    exported = renderView(doc, study, state);
    figure = mountFigure(figureEl, exported.svg);
    figureEl.classList.toggle("no-flat", !state.flat);
    byId(doc, "epsilon-note").textContent = epsilonText(study.epsilon, state.flat);
    byId(doc, "curves").innerHTML = renderRunCurves(doc, study, state).replace(/^<\?xml[^>]*>\s*/, "");
    byId(doc, "cli").textContent = `Export = ${exported.file} from: loss-landscape ${cliArgs(request()).join(" ")}`;
    showCursor(false);
  }

  function failed(gen: number, err: unknown): void {
    if (gen !== generation) return;
    settle();
    runInFlight = false;
    status.textContent = "";
    clearSummary(summary, "The run could not be shown.");
    showNotices([err instanceof Error ? err.message : String(err)], "The explorer could not compute this view:");
  }

  function showCursor(announce: boolean): void {
    const at = nodeStart(grid, cursor);
    if (figure) drawCursor(figure, lossPanel(), doc.activeElement === figureEl ? at : null);
    if (announce) readout.textContent = pointText(state.loss, data, at[0], at[1], "Cursor");
  }

  /**
   * Brings the page up to the state: the figure for its starts and, with `rerun`, the
   * current (last) start trained again and animated. Work of earlier updates is dropped.
   */
  function update(rerun: boolean): void {
    const gen = ++generation;
    ready = new Promise((resolve) => (settle = resolve));
    if (figure) clearRunLayer(figure);
    const req = request();
    const key = studyKey(req);
    const current = state.start[state.start.length - 1];
    // A run whose end was not shown yet is run again, or its summary would never come.
    const train = (rerun || runInFlight) && current !== undefined;
    if (train || (pendingStudy && pendingStudy.key !== key)) {
      jobs.cancel();
      pendingStudy = null;
    }
    showState(doc, state);
    writeHash();
    runInFlight = train;
    if (!train) {
      if (rerun || !current) clearSummary(summary, NO_RUN_TEXT);
      studyFor(req).then(
        (s) => {
          if (gen !== generation) return;
          show(s, key);
          settle();
        },
        (e) => failed(gen, e),
      );
      return;
    }
    clearSummary(summary, "Training…");
    const run = jobs.run({ kind: "run", data, init: current, state }).then((r) => {
      if (r.kind !== "run") throw new Error("the worker answered a run with a study");
      return r.run;
    });
    const study = studyFor(req);
    run.then((r) => gen === generation && animate(gen, r, () => study.then((s) => gen === generation && finish(r, s, key))), (e) => failed(gen, e));
    study.catch((e) => failed(gen, e));
  }

  function finish(run: RunPath, study: Study, key: string): void {
    runInFlight = false;
    show(study, key);
    if (!Number.isFinite(run.finalLoss) || !run.final.every(Number.isFinite)) {
      showNotices([`lr ${state.lr}: training diverged (the parameters left the float64 range); use a smaller learning rate`], "This run cannot be shown:");
    }
    showSummary(summary, run, state.epochs);
    readout.textContent = pointText(state.loss, data, run.final[0], run.final[1], "End of run");
    settle();
  }

  /** Animates the run's (reduced) path over the current figure, then calls `done`. */
  function animate(gen: number, run: RunPath, done: () => void): void {
    const duration = DURATION_MS[state.speed];
    const panel = lossPanel();
    if (duration === 0 || !figure || !panel) return done();
    playRun(win, figure, panel, run, runColor(state.start.length - 1), duration, {
      alive: () => gen === generation,
      epoch: (e, k) => (readout.textContent = pointText(state.loss, data, run.w[k], run.b[k], `Epoch ${e} of ${state.epochs}`)),
      done,
    });
  }

  /** A new run from `init`, appended to the runs on screen. */
  function startRun(init: InitSpec): void {
    state = { ...state, start: withRun(state.start, init, state.seed) };
    update(true);
  }

  function apply(next: ExplorerState, rerun: boolean): void {
    // A new seed redraws the current start only; earlier ones stay where they were drawn.
    state = next.seed === state.seed ? next : { ...next, start: fixEarlier(next.start, state.seed) };
    update(rerun);
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
      if (shown) byId(doc, "epsilon-note").textContent = epsilonText(shown.study.epsilon, state.flat);
      return;
    }
    apply(c.state, TRAINING_KEYS.has(c.key));
  });

  for (const b of Array.from(doc.querySelectorAll<HTMLButtonElement>("button[data-init]"))) {
    b.setAttribute("aria-label", `Start a run from a ${b.dataset.init} draw (seed from the Seed field)`);
    b.addEventListener("click", () => startRun({ kind: b.dataset.init as Exclude<InitSpec["kind"], "fixed"> }));
  }
  byId(doc, "clear-runs").addEventListener("click", () => {
    state = { ...state, start: [] };
    update(true);
  });
  /** Downloads the view once the page shows the latest settings (a figure may still be computing). */
  function exportView(): void {
    const awaited = ready;
    void awaited.then(() => {
      if (awaited !== ready) return exportView();
      download(doc, exported.file, "image/svg+xml", exported.svg);
    });
  }
  byId(doc, "export-svg").addEventListener("click", exportView);

  figureEl.addEventListener("click", (ev) => {
    if (!figure) return;
    const p = svgPoint(figure.svg, ev.clientX, ev.clientY);
    const k = p ? figure.panels.findIndex((q) => contains(q.map, p[0], p[1])) : -1;
    if (!p || k < 0) return;
    const [w, b] = toData(figure.panels[k].map, p[0], p[1]);
    cursor = nearestNode(grid, w, b);
    if (figure.panels.length > 1) state = { ...state, loss: LOSS_NAMES[k] };
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
    state = parsed.state;
    update(true);
  });

  const initial = parseHash(win.location.hash, n);
  showNotices(initial.notices);
  update(true);
}
