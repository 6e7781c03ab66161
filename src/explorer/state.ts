// The page's whole state, and its text form in the URL hash
// (explorer.html#loss=mse&start=-5,-10&lr=2&batch=2&epochs=50&optimizer=sgd&shuffle=0&seed=0).
// `start` lists every run on screen, oldest first ("start=-5,-10;1,0;he", or repeated
// start keys); the last is the run the summary describes. Parsing never throws: a bad
// value falls back to its default (a bad start is dropped) and yields a notice.

import { INIT_SCHEMES, parseInit, type InitSpec } from "../init/initializers.js";
import { LOSS_NAMES, type LossName } from "../numerics/losses.js";
import { DEFAULT_OPTIMIZER_OPTIONS, OPTIMIZER_NAMES, type OptimizerName } from "../train/optimizers.js";
import { DEFAULT_TRAIN_CONFIG, type TrainConfig } from "../train/train.js";
import { parseFiniteNumber } from "../util/number.js";
import { capNotices, hashParts } from "./hash-parts.js";

export type View = "loss" | "grad";
export const VIEWS: readonly View[] = ["loss", "grad"];
export type Speed = "slow" | "normal" | "fast" | "instant";
export const SPEEDS: readonly Speed[] = ["slow", "normal", "fast", "instant"];

export interface ExplorerState {
  loss: LossName;
  /** The runs on screen, oldest first (clicked points or init schemes); the last is the current run. */
  start: InitSpec[];
  lr: number;
  batch: number;
  epochs: number;
  optimizer: OptimizerName;
  momentum: number;
  shuffle: boolean;
  seed: number;
  view: View;
  flat: boolean;
  speed: Speed;
}

/** The tutorial's settings: MSE, SGD, lr 2, batches of 2 in order, 50 epochs. */
export const DEFAULT_STATE: ExplorerState = {
  loss: "mse",
  start: [],
  lr: DEFAULT_OPTIMIZER_OPTIONS.lr,
  batch: DEFAULT_TRAIN_CONFIG.batchSize,
  epochs: DEFAULT_TRAIN_CONFIG.epochs,
  optimizer: DEFAULT_TRAIN_CONFIG.optimizer,
  momentum: DEFAULT_OPTIMIZER_OPTIONS.momentum,
  shuffle: false,
  seed: 0,
  view: "loss",
  flat: true,
  speed: "normal",
};

/** `landscape --epochs`'s limit: the page's export is that command's file. Runs are reduced while training, so memory does not grow with epochs. */
export const MAX_EPOCHS = 100_000;
/** Runs on screen at most, as `landscape --start` allows. */
export const MAX_RUNS = 8;
export const MAX_LR = 1000;
/** Below this rate ε = D / (lr·T) leaves float64 and a run moves nothing on the grid (landscape's own floor). */
export const MIN_LR = 1e-10;
/** Starts as far as a drawn axis may reach (landscape's --w/--b limit): scales and distances stay finite. */
export const MAX_START = 1e150;
export { MAX_NOTICES } from "./hash-parts.js";
export const MAX_SEED = 2 ** 31;

/** Hash keys in the order formatHash writes them. */
export const HASH_KEYS = ["loss", "start", "lr", "batch", "epochs", "optimizer", "momentum", "shuffle", "seed", "view", "flat", "speed"] as const;
export type HashKey = (typeof HASH_KEYS)[number];

export interface ParsedHash {
  state: ExplorerState;
  /** One sentence per rejected key or value, for the page's notice. */
  notices: string[];
}

type Reader = (text: string, samples: number) => { value: unknown } | { error: string };

const oneOf = <T extends string>(names: readonly T[]): Reader => (t) =>
  (names as readonly string[]).includes(t) ? { value: t } : { error: `must be one of ${names.join(", ")}` };

const number = (ok: (v: number) => boolean, range: string): Reader => (t) => {
  const v = parseFiniteNumber(t);
  return v !== null && ok(v) ? { value: v } : { error: `must be ${range}` };
};

const whole = (lo: number, hi: (n: number) => number): Reader => (t, n) => {
  const v = /^\d+$/.test(t) ? Number(t) : NaN;
  return Number.isSafeInteger(v) && v >= lo && v <= hi(n) ? { value: v } : { error: `must be a whole number from ${lo} to ${hi(n)}` };
};

const bit: Reader = (t) => (t === "0" || t === "1" ? { value: t === "1" } : { error: "must be 0 or 1" });

const START_ERROR = `must be W,B (two numbers within ±${MAX_START}) or one of ${INIT_SCHEMES.join(", ")}`;

/** A start the page can draw: a scheme, or W,B within ±MAX_START. */
function readStart(t: string): InitSpec | null {
  const spec = parseInit(t);
  if (spec === null) return null;
  if (spec.kind === "fixed" && !(Math.abs(spec.w) <= MAX_START && Math.abs(spec.b) <= MAX_START)) return null;
  return spec;
}

const READERS: Record<HashKey, Reader> = {
  loss: oneOf(LOSS_NAMES),
  // One start; parseHash splits the list and reads each entry with this.
  start: (t) => {
    const spec = readStart(t);
    return spec ? { value: spec } : { error: START_ERROR };
  },
  lr: number((v) => v >= MIN_LR && v <= MAX_LR, `a number from ${MIN_LR} to ${MAX_LR}`),
  batch: whole(1, (n) => n),
  epochs: whole(1, () => MAX_EPOCHS),
  optimizer: oneOf(OPTIMIZER_NAMES),
  momentum: number((v) => v >= 0 && v < 1, "a number in [0, 1)"),
  shuffle: bit,
  seed: whole(0, () => MAX_SEED),
  view: oneOf(VIEWS),
  flat: bit,
  speed: oneOf(SPEEDS),
};

/** One hash value (or a control's text) checked as parseHash checks it. */
export function readValue<K extends HashKey>(key: K, text: string, samples: number): { value: ExplorerState[K] } | { error: string } {
  return READERS[key](text, samples) as { value: ExplorerState[K] } | { error: string };
}

/** Reads a hash ("#a=1&b=2" or "a=1&b=2"); `samples` bounds the batch size. */
export function parseHash(hash: string, samples: number): ParsedHash {
  const state: ExplorerState = { ...DEFAULT_STATE };
  const notices: string[] = [];
  const seen = new Set<string>();
  for (const { key: k, raw } of hashParts(hash, HASH_KEYS, notices)) {
    if (k === "start") {
      state.start = [...(seen.has(k) ? state.start : []), ...readStarts(raw, notices)];
      seen.add(k);
      continue;
    }
    if (seen.has(k)) notices.push(`${k} is given more than once; the last value is used`);
    seen.add(k);
    const r = READERS[k](raw, samples);
    if ("error" in r) {
      const fallback = DEFAULT_STATE[k];
      notices.push(`${k}: "${raw.slice(0, 40)}" ${r.error}; using ${valueText(k, fallback)}`);
      (state as unknown as Record<string, unknown>)[k] = fallback;
    } else {
      (state as unknown as Record<string, unknown>)[k] = r.value;
    }
  }
  if (state.start.length > MAX_RUNS) {
    notices.push(`start: ${state.start.length} starts given, at most ${MAX_RUNS} are shown; the first ${state.start.length - MAX_RUNS} were dropped`);
    state.start = state.start.slice(-MAX_RUNS);
  }
  return { state, notices: capNotices(notices) };
}

/** The starts of one `start` value ("W,B;W,B;scheme"); bad entries are dropped with one notice. */
function readStarts(raw: string, notices: string[]): InitSpec[] {
  const out: InitSpec[] = [];
  const entries = raw.split(";");
  const bad: string[] = [];
  for (const e of entries) {
    const spec = readStart(e);
    if (spec) out.push(spec);
    else bad.push(e);
  }
  if (bad.length === 1) notices.push(`start: "${bad[0].slice(0, 40)}" ${START_ERROR}; ${entries.length > 1 ? "that start was dropped" : "no start is run"}`);
  else if (bad.length > 1) {
    const named = bad.slice(0, 3).map((e) => `"${e.slice(0, 40)}"`).join(", ");
    notices.push(`start: ${bad.length} entries dropped (${named}${bad.length > 3 ? ", …" : ""}): each ${START_ERROR}`);
  }
  return out;
}

/** A state value as the hash (and the page's controls) write it. */
export function valueText(key: HashKey, v: unknown): string {
  if (key === "start") return (v as InitSpec[]).map((s) => (s.kind === "fixed" ? `${s.w},${s.b}` : s.kind)).join(";");
  if (typeof v === "boolean") return v ? "1" : "0";
  return String(v);
}

/** The hash for a state (with "#"); parseHash(formatHash(s)) gives s back. */
export function formatHash(state: ExplorerState): string {
  const parts: string[] = [];
  for (const k of HASH_KEYS) {
    const v = state[k];
    if (k === "start" && state.start.length === 0) continue;
    // Keep "," "-" and ";" readable in the start list; everything else is encoded.
    parts.push(`${k}=${encodeURIComponent(valueText(k, v)).replace(/%2C/g, ",").replace(/%3B/g, ";")}`);
  }
  return `#${parts.join("&")}`;
}

/** The training settings of a state, as `train` builds them from its flags. */
export function trainConfigOf(state: ExplorerState, loss: LossName = state.loss): TrainConfig {
  return {
    loss,
    optimizer: state.optimizer,
    optimizerOptions: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: state.lr, momentum: state.momentum },
    batchSize: state.batch,
    epochs: state.epochs,
    shuffle: state.shuffle,
  };
}
