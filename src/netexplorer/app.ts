// The network explorer's behaviour, one object per page: the state (mirrored in the URL
// hash), the runs trained in lockstep an epoch at a time within a frame budget, and the
// views redrawn each frame. Nothing here computes a number of its own: runs are the
// CLI's trainer (runs.ts), the views its forward pass and layer statistics.

import { paramsHash } from "../nn/params-hash.js";
import type { Table } from "../nn/table.js";
import { stepsPerEpoch } from "../train/train.js";
import { inkOf } from "./canvas.js";
import { cliLines, trainArgs } from "./cli.js";
import { buttonEdit, editOf, showState } from "./controls.js";
import { pageData, readCsv, type PageData } from "./data.js";
import { architectureOf, startRun, stepRun, trajectory, type Run } from "./runs.js";
import { DEFAULT_STATE, formatHash, initText, parseHash, type NetState } from "./state.js";
import { planeOf, scratchOf, type Plane } from "./surface.js";
import { buildUnits, drawFocus, drawRunCurves, drawRunLayers, drawSlice, statsOf, unitWeights } from "./views.js";
import type { SliceAnswer } from "./slice-job.js";
import { trainLoop } from "./train-loop.js";
import type { SliceRunner } from "./worker.js";

const CSV_KEY = "loss-landscape-network-explorer-csv";

export function createNetworkExplorer(win: Window, slices: SliceRunner): void {
  const doc = win.document;
  const $ = <T extends HTMLElement>(id: string): T => doc.getElementById(id) as T;
  const notice = $("notice"), status = $("status"), summary = $("run-summary"), epochEl = $("epoch");
  const sc = scratchOf(doc);
  let state: NetState = DEFAULT_STATE;
  let good: NetState = DEFAULT_STATE;
  let csv: Table | null = restoreCsv();
  let data!: PageData;
  let plane!: Plane;
  let runs: Run[] = [];
  let units: HTMLCanvasElement[][] = [];
  let playing = false;
  /** Epoch to train to without pausing (a reload's `at`), else null. */
  let catchUp: number | null = null;
  let slice: { epoch: number; answer: SliceAnswer; color: string } | null = null;

  function restoreCsv(): Table | null {
    try {
      const saved = JSON.parse(win.sessionStorage.getItem(CSV_KEY) ?? "null") as { name: string; text: string } | null;
      const t = saved ? readCsv(saved.text, saved.name) : null;
      return t && typeof t !== "string" ? t : null;
    } catch {
      return null;
    }
  }

  function showNotice(lines: string[]): void {
    notice.hidden = lines.length === 0;
    notice.replaceChildren();
    if (lines.length === 0) return;
    const ul = doc.createElement("ul");
    for (const l of lines) ul.append(Object.assign(doc.createElement("li"), { textContent: l }));
    notice.append(Object.assign(doc.createElement("strong"), { textContent: "Not applied:" }), ul);
  }

  const ink = () => inkOf(doc.documentElement);
  const arch = () => architectureOf(state, data.all.inputs);
  const focus = (): Run => runs[Math.min(state.focus, runs.length - 1)];
  const epochsDone = (): number => focus().trainer.epochsDone;

  /** Builds data and runs for `next`; on failure keeps the last good state and says why. */
  function apply(next: NetState, history: "push" | "replace" | "none", notices: string[] = []): void {
    pause();
    slices.cancel();
    try {
      if (next.data === "csv" && (!csv || csv.source !== next.file)) throw new RangeError(`the CSV ${next.file || "file"} is not loaded in this tab: drop it on the page again`);
      const d = pageData(next, csv);
      state = next;
      data = d;
      plane = planeOf(d.all);
      const a = arch();
      runs = state.init.map((init) => startRun(a, init, state, d.split));
    } catch (err) {
      showNotice([...notices, err instanceof Error ? err.message : String(err)]);
      if (next !== good) return apply(good, "replace", [...notices, err instanceof Error ? err.message : String(err)]);
      throw err;
    }
    good = state;
    showNotice(notices);
    doc.documentElement.dataset.theme = state.theme;
    showState(doc, state, ink().runs);
    units = buildUnits(doc, arch(), (l, u) => ($("unit-info").textContent = unitWeights(arch(), focus().trainer.theta, l, u)));
    legend();
    slice = null;
    $("slice-status").textContent = "Not computed (it runs in a worker; the page stays responsive).";
    for (const id of ["slice", "sharpness"]) ($(id) as HTMLCanvasElement).getContext("2d")!.clearRect(0, 0, 9999, 9999);
    catchUp = state.at > 0 ? state.at : null;
    if (history !== "none") writeHash(history);
    render(true);
    if (catchUp !== null) play();
  }

  /** The hash this page last wrote or applied: a hashchange to it is our own. */
  let lastHash = "";

  function writeHash(how: "push" | "replace"): void {
    const hash = formatHash({ ...state, at: catchUp ?? (runs.length ? epochsDone() : 0) });
    lastHash = hash;
    if (win.location.hash === hash) return;
    if (how === "push") win.history.pushState(null, "", hash);
    else win.history.replaceState(null, "", hash);
  }

  function legend(): void {
    const box = $("runs-legend");
    box.replaceChildren();
    const colors = ink().runs;
    state.init.forEach((init, k) => {
      const key = doc.createElement("span");
      key.className = "run-key";
      const sw = doc.createElement("span");
      sw.className = "sw";
      sw.style.background = colors[k];
      key.append(sw, `${initText(init)}${k === state.focus ? " (focus)" : ""}`);
      box.append(key);
    });
    box.append(data.split.test ? "solid: training loss · dashed: test loss" : "training loss (no test rows)");
  }

  function render(announce: boolean): void {
    const k = ink();
    const r = focus();
    epochEl.textContent = String(epochsDone());
    $("epoch-total").textContent = String(state.epochs);
    drawFocus($("surface"), units, arch(), r, plane, data.split, k, sc);
    drawRunCurves($("curves"), runs, Math.max(state.epochs, epochsDone()), k);
    const stats = statsOf(arch(), runs, data.all, state.loss);
    drawRunLayers($("layer-stats"), stats, k);
    if (slice && !playing) drawSlice($("slice"), $("sharpness"), slice.answer, slice.color, k, sc);
    if (announce) {
      const s = stats[Math.min(state.focus, stats.length - 1)];
      const text = $("layers-text");
      text.textContent = s.length
        ? `Run in focus, epoch ${epochsDone()}: ` + s.map((l, i) => `${i === s.length - 1 ? "output" : `h${i + 1}`} saturated ${(100 * l.activation.saturated).toFixed(0)} %, δ std ${l.backprop.std.toExponential(1)}`).join("; ")
        : "";
      // Full precision for scripts: each layer's saturated fraction and δ std, as `layers --json` prints them.
      text.dataset.stats = JSON.stringify(s.map((l) => ({ saturated: l.activation.saturated, backpropStd: l.backprop.std })));
      showSummary();
    }
  }

  function showSummary(): void {
    const r = focus();
    const e = r.trainer.epochsDone;
    for (const a of Array.from(summary.attributes)) if (a.name.startsWith("data-")) summary.removeAttribute(a.name);
    const lines = cliLines(state, state.focus, e > 0 ? e : state.epochs, stepsPerEpoch(data.split.train.y.length, state.batch));
    $("cli").textContent = lines.join("\n\n");
    if (r.failed) {
      summary.textContent = `The run from ${initText(r.init)} stopped: ${r.failed}.`;
      summary.dataset.failed = r.failed;
      return;
    }
    if (e === 0 || playing) {
      summary.textContent = playing ? "Training…" : `Not trained yet: press Play or Step (${runs.length} start${runs.length > 1 ? "s" : ""}).`;
      return;
    }
    const t = data.split.test;
    summary.textContent = `Run in focus (${initText(r.init)}), epoch ${e}: training loss ${r.trainLoss[e].toPrecision(6)}, accuracy ${r.trainAcc[e]}${t ? `; test loss ${r.testLoss[e].toPrecision(6)}, test accuracy ${r.testAcc[e]}` : ""}; θ hash ${paramsHash(r.trainer.theta)}.`;
    Object.assign(summary.dataset, {
      epochs: String(e),
      loss: String(r.trainLoss[e]),
      accuracy: String(r.trainAcc[e]),
      hash: paramsHash(r.trainer.theta),
      cli: JSON.stringify(trainArgs(state, state.focus, e)),
      ...(t ? { testLoss: String(r.testLoss[e]), testAccuracy: String(r.testAcc[e]) } : {}),
    });
  }

  const target = (): number => catchUp ?? state.epochs;
  const finished = (): boolean => runs.every((r) => r.failed !== null || r.trainer.epochsDone >= target());

  function stepAll(): void {
    const a = arch();
    for (const r of runs) if (r.trainer.epochsDone < target()) stepRun(r, a, data.split, state);
  }

  const loop = trainLoop(win, {
    step: stepAll,
    finished,
    draw: () => render(false),
    done() {
      const caught = catchUp !== null;
      catchUp = null;
      pause();
      status.textContent = caught ? `Restored at epoch ${epochsDone()}.` : `Done: ${epochsDone()} epochs.`;
    },
  });

  function play(): void {
    if (playing) return;
    if (finished() && catchUp === null) {
      status.textContent = `All ${state.epochs} epochs are trained: raise Epochs or press Reset.`;
      return;
    }
    playing = true;
    $("play").textContent = "Pause";
    status.textContent = catchUp !== null ? `Training back to epoch ${catchUp}…` : "Training…";
    showSummary();
    loop.start();
  }

  function pause(): void {
    const was = playing;
    playing = false;
    loop.stop();
    $("play").textContent = "Play";
    if (was) {
      render(true);
      writeHash("replace");
      if (status.textContent === "Training…") status.textContent = `Paused at epoch ${epochsDone()}.`;
    }
  }

  $("play").addEventListener("click", () => (playing ? pause() : play()));
  $("step").addEventListener("click", () => {
    pause();
    if (epochsDone() >= state.epochs) state = { ...state, epochs: epochsDone() + 1 };
    stepAll();
    render(true);
    writeHash("replace");
    status.textContent = `Stepped to epoch ${epochsDone()}.`;
  });
  $("reset").addEventListener("click", () => apply({ ...state, at: 0 }, "replace"));

  $("controls").addEventListener("change", (ev) => {
    const el = ev.target as HTMLInputElement;
    if (!el.id || el.id === "csv-file") return;
    const edit = editOf(state, el.id, el.value, el.checked);
    if ("error" in edit) {
      showNotice([edit.error]);
      showState(doc, state, ink().runs);
      return;
    }
    if (edit.key === "focus") {
      state = edit.state;
      good = state;
      legend();
      render(true);
      return writeHash("push");
    }
    apply({ ...edit.state, at: 0 }, "push");
  });
  $("theme").addEventListener("change", (ev) => {
    const v = (ev.target as HTMLSelectElement).value as NetState["theme"];
    state = { ...state, theme: v };
    good = state;
    doc.documentElement.dataset.theme = v;
    legend();
    render(false);
    writeHash("push");
  });
  for (const id of ["add-layer", "remove-layer", "add-start", "bad-start"]) $(id).addEventListener("click", () => edited(id));
  $("starts").addEventListener("click", (ev) => {
    const id = (ev.target as HTMLElement).id;
    if (id.startsWith("remove-start-")) edited(id);
  });
  function edited(id: string): void {
    const next = buttonEdit(state, id);
    if (next) apply({ ...next, at: 0 }, "push");
  }

  function loadCsv(file: File): void {
    if (file.size > 2_000_000) return showNotice([`${file.name}: ${file.size} bytes, more than the page reads (use the CLI)`]);
    void file.text().then((text) => {
      const t = readCsv(text, file.name);
      if (typeof t === "string") return showNotice([t]);
      csv = t;
      try {
        win.sessionStorage.setItem(CSV_KEY, JSON.stringify({ name: file.name, text }));
      } catch {
        // Storage full or off: the file works until the tab reloads.
      }
      apply({ ...state, data: "csv", file: file.name, at: 0, batch: Math.min(state.batch, t.y.length) }, "push");
    });
  }
  $("csv-file").addEventListener("change", (ev) => {
    const f = (ev.target as HTMLInputElement).files?.[0];
    if (f) loadCsv(f);
  });
  doc.addEventListener("dragover", (ev) => {
    ev.preventDefault();
    doc.body.classList.add("dragging");
  });
  doc.addEventListener("dragleave", () => doc.body.classList.remove("dragging"));
  doc.addEventListener("drop", (ev) => {
    ev.preventDefault();
    doc.body.classList.remove("dragging");
    const f = ev.dataTransfer?.files?.[0];
    if (f) loadCsv(f);
  });

  $("copy-cli").addEventListener("click", () => {
    const text = $("cli").textContent ?? "";
    const done = (): void => void (status.textContent = "The commands are on the clipboard.");
    const fallback = (): void => {
      const range = doc.createRange();
      range.selectNodeContents($("cli"));
      win.getSelection()?.removeAllRanges();
      win.getSelection()?.addRange(range);
      status.textContent = doc.execCommand("copy") ? "The commands are on the clipboard." : "Selected: press Ctrl+C (⌘C) to copy.";
    };
    if (win.navigator.clipboard) win.navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  });

  $("slice-go").addEventListener("click", () => {
    const r = focus();
    const { points, epochs } = trajectory(r);
    const e = r.trainer.epochsDone;
    const line = $("slice-status");
    const dirs = ($("slice-dirs") as HTMLSelectElement).value === "pca" ? "pca" : "filter";
    line.textContent = "Starting the worker…";
    const color = ink().runs[state.focus];
    slices
      .run({ arch: arch(), theta: Float64Array.from(r.trainer.theta), points, epochs, data: data.all, loss: state.loss, directions: dirs }, (m) => (line.textContent = `Computing: ${m}…`))
      .then(
        (answer) => {
          slice = { epoch: e, answer, color };
          drawSlice($("slice"), $("sharpness"), answer, color, ink(), sc);
          line.textContent = `Computed at epoch ${e} around the run from ${initText(r.init)} (${answer.alpha.count}×${answer.beta.count} points, ${answer.sharpness.length} sharpness points).`;
        },
        (err: Error) => (line.textContent = `Could not compute: ${err.message}`),
      );
  });

  doc.addEventListener("keydown", (ev) => {
    const t = ev.target as HTMLElement;
    const typing = t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement || (t instanceof HTMLInputElement && t.type !== "checkbox" && t.type !== "radio");
    if (ev.key === "p" && !ev.ctrlKey && !ev.metaKey && !ev.altKey && !typing) {
      ev.preventDefault();
      if (playing) pause();
      else play();
    }
  });

  const fromHash = (): void => {
    lastHash = win.location.hash;
    const parsed = parseHash(win.location.hash);
    apply(parsed.state, win.location.hash === "" ? "none" : "replace", parsed.notices);
  };
  // Back and forward fire popstate (and hashchange); an edited address only hashchange.
  win.addEventListener("popstate", fromHash);
  win.addEventListener("hashchange", () => {
    if (win.location.hash !== lastHash) fromHash();
  });
  win.addEventListener("resize", () => render(false));
  fromHash();
}
