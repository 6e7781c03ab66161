// The settings form: shows a state in the controls and turns each edit into the next
// state, or into one sentence saying what is allowed (the control then shows the state
// again, so the page never holds a value it did not accept).

import { defaultNoise } from "../nn/datasets.js";
import type { NetworkInit } from "../nn/init.js";
import { BAD_START, MAX_LAYERS, MAX_RUNS, MAX_WIDTH, initText, readInit, readKey, type NetState } from "./state.js";

export type Edit = { state: NetState; key: string } | { error: string };

const $ = <T extends HTMLElement>(doc: Document, id: string): T => {
  const el = doc.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
};

/** Simple controls: element id → hash key it edits. */
const SIMPLE: Record<string, string> = {
  data: "data", samples: "samples", noise: "noise", dseed: "dseed", test: "test", activation: "act", loss: "loss", optimizer: "opt",
  lr: "lr", momentum: "momentum", batch: "batch", epochs: "epochs", seed: "seed", theme: "theme",
};
const FIELD: Record<string, keyof NetState> = {
  data: "data", samples: "samples", noise: "noise", dseed: "dataSeed", test: "test", activation: "activation", loss: "loss", optimizer: "optimizer",
  lr: "lr", momentum: "momentum", batch: "batch", epochs: "epochs", seed: "seed", theme: "theme",
};
const LABEL: Record<string, string> = {
  data: "Data set", samples: "Samples", noise: "Noise", dseed: "Data seed", test: "Test fraction", activation: "Activation", loss: "Loss", optimizer: "Optimizer",
  lr: "Learning rate", momentum: "Momentum", batch: "Batch size", epochs: "Epochs", seed: "Init seed", theme: "Theme",
};

function rows(doc: Document, s: NetState, colors: string[]): void {
  const layers = $(doc, "layers");
  layers.replaceChildren(
    ...s.hidden.map((w, i) => {
      const row = doc.createElement("div");
      row.className = "layer-row";
      row.innerHTML = `<label for="width-${i}">Layer ${i + 1} width</label><input id="width-${i}" type="text" inputmode="numeric" autocomplete="off" value="${w}">`;
      return row;
    }),
  );
  if (s.hidden.length === 0) layers.textContent = "No hidden layer: the one-neuron model on these inputs.";
  const starts = $(doc, "starts");
  starts.replaceChildren(
    ...s.init.map((init, k) => {
      const row = doc.createElement("div");
      row.className = "start-row";
      const focus = `<input type="radio" name="focus" id="focus-${k}" aria-label="Focus on start ${k + 1}"${k === s.focus ? " checked" : ""}>`;
      row.innerHTML = `${focus}<input id="init-${k}" list="schemes" aria-label="Start ${k + 1} (init scheme)" autocomplete="off" spellcheck="false"><button type="button" id="remove-start-${k}" aria-label="Remove start ${k + 1}">Remove</button>`;
      const sw = doc.createElement("span");
      (row.querySelector(`#init-${k}`) as HTMLInputElement).value = initText(init);
      (row.querySelector(`#init-${k}`) as HTMLInputElement).style.borderLeft = `6px solid ${colors[k]}`;
      sw.className = "swatch";
      return row;
    }),
  );
  for (let k = 0; k < s.init.length; k++) ($(doc, `remove-start-${k}`) as HTMLButtonElement).disabled = s.init.length === 1;
  ($(doc, "add-layer") as HTMLButtonElement).disabled = s.hidden.length >= MAX_LAYERS;
  ($(doc, "remove-layer") as HTMLButtonElement).disabled = s.hidden.length === 0;
  ($(doc, "add-start") as HTMLButtonElement).disabled = s.init.length >= MAX_RUNS;
  ($(doc, "bad-start") as HTMLButtonElement).disabled = s.init.length >= MAX_RUNS;
}

/** Puts the state into every control. */
export function showState(doc: Document, s: NetState, colors: string[]): void {
  for (const id of Object.keys(SIMPLE)) {
    const el = $(doc, id) as HTMLInputElement | HTMLSelectElement;
    el.value = String(s[FIELD[id]]);
  }
  ($(doc, "shuffle") as HTMLInputElement).checked = s.shuffle;
  ($(doc, "momentum") as HTMLInputElement).disabled = s.optimizer !== "momentum";
  const builtin = s.data !== "csv";
  for (const id of ["samples", "noise", "dseed"]) ($(doc, id) as HTMLInputElement).disabled = !builtin || s.data === "seed";
  rows(doc, s, colors);
}

/** The state after the edit of control `id` (value `text`), or what is wrong with it. */
export function editOf(s: NetState, id: string, text: string, checked: boolean): Edit {
  if (id in SIMPLE) {
    const r = readKey(SIMPLE[id] as never, text);
    if ("error" in r) return { error: `${LABEL[id]}: "${text.slice(0, 40)}" ${r.error}` };
    const next = { ...s, [FIELD[id]]: r.value } as NetState;
    if (id === "data" && next.data !== "csv" && next.data !== s.data) next.noise = defaultNoise(next.data);
    if (id === "batch" && next.batch > next.samples && next.data !== "csv") return { error: `Batch size: ${next.batch} is more than the ${next.samples} samples` };
    return { state: next, key: id };
  }
  if (id === "shuffle") return { state: { ...s, shuffle: checked }, key: id };
  let m = /^width-(\d+)$/.exec(id);
  if (m) {
    const w = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
    if (!(w >= 1 && w <= MAX_WIDTH)) return { error: `Layer ${Number(m[1]) + 1} width: "${text.slice(0, 40)}" must be a whole number from 1 to ${MAX_WIDTH}` };
    const hidden = s.hidden.slice();
    hidden[Number(m[1])] = w;
    return { state: { ...s, hidden }, key: "hidden" };
  }
  m = /^init-(\d+)$/.exec(id);
  if (m) {
    const r = readInit(text.trim());
    if ("error" in r) return { error: `Start ${Number(m[1]) + 1}: "${text.slice(0, 40)}": ${r.error}` };
    const init = s.init.slice();
    init[Number(m[1])] = r.value;
    return { state: { ...s, init }, key: "init" };
  }
  m = /^focus-(\d+)$/.exec(id);
  if (m) return { state: { ...s, focus: Number(m[1]) }, key: "focus" };
  return { error: `unknown control ${id}` };
}

/** The state after a button: add/remove a layer or a start. */
export function buttonEdit(s: NetState, id: string): NetState | null {
  const add = (init: NetworkInit): NetState => ({ ...s, init: [...s.init, init], focus: s.init.length });
  if (id === "add-layer" && s.hidden.length < MAX_LAYERS) return { ...s, hidden: [...s.hidden, s.hidden[s.hidden.length - 1] ?? 4] };
  if (id === "remove-layer" && s.hidden.length > 0) return { ...s, hidden: s.hidden.slice(0, -1) };
  if (id === "add-start" && s.init.length < MAX_RUNS) return add({ kind: "he" });
  if (id === "bad-start" && s.init.length < MAX_RUNS) return add(BAD_START);
  const m = /^remove-start-(\d+)$/.exec(id);
  if (m && s.init.length > 1) {
    const k = Number(m[1]);
    const init = s.init.filter((_, i) => i !== k);
    return { ...s, init, focus: s.focus === k ? 0 : s.focus > k ? s.focus - 1 : s.focus };
  }
  return null;
}
