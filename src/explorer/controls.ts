// The form controls and the state: each control is named after its hash key, shows the
// state's value and, on change, hands its text to the same reader the hash uses.

import { readValue, valueText, type ExplorerState, type HashKey } from "./state.js";

/** Controls that edit a state value (start is set by clicks and the init buttons). */
export const CONTROL_KEYS = ["loss", "view", "optimizer", "lr", "momentum", "batch", "epochs", "shuffle", "seed", "flat", "speed"] as const satisfies readonly HashKey[];
export type ControlKey = (typeof CONTROL_KEYS)[number];

/** Keys whose change alters the training runs (the others only change what is shown). */
export const TRAINING_KEYS: ReadonlySet<ControlKey> = new Set(["loss", "optimizer", "lr", "momentum", "batch", "epochs", "shuffle", "seed"]);

type Control = HTMLInputElement | HTMLSelectElement;

function control(doc: Document, key: ControlKey): Control {
  const el = doc.getElementById(key);
  if (!el) throw new Error(`the page has no control #${key}`);
  return el as Control;
}

/** Shows the state in every control. */
export function showState(doc: Document, state: ExplorerState): void {
  for (const key of CONTROL_KEYS) {
    const el = control(doc, key);
    if (el instanceof HTMLInputElement && el.type === "checkbox") el.checked = state[key] === true;
    else el.value = valueText(key, state[key]);
  }
  // Momentum matters only to the momentum optimizer.
  control(doc, "momentum").disabled = state.optimizer !== "momentum";
}

export type ControlChange = { key: ControlKey; state: ExplorerState } | { key: ControlKey; error: string };

/** Calls `onChange` with the new state (or the reason a value was refused) after each edit. */
export function bindControls(doc: Document, samples: number, current: () => ExplorerState, onChange: (c: ControlChange) => void): void {
  for (const key of CONTROL_KEYS) {
    const el = control(doc, key);
    el.addEventListener("change", () => {
      const text = el instanceof HTMLInputElement && el.type === "checkbox" ? (el.checked ? "1" : "0") : el.value.trim();
      const r = readValue(key, text, samples);
      if ("error" in r) onChange({ key, error: `${key}: "${text.slice(0, 40)}" ${r.error}; kept ${valueText(key, current()[key])}` });
      else onChange({ key, state: { ...current(), [key]: r.value } });
    });
  }
}
