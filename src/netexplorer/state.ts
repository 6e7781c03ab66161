// The network explorer's whole state and its text form in the URL hash
// (network-explorer.html#data=circles&noise=0.1&…&init=xavier-normalized;normal:12&at=40).
// Parsing never throws: a bad value falls back to its default with a notice, so a
// hand-edited hash still loads a working page. Every value maps to one `train` flag
// (cli.ts), which is how the page's numbers are the CLI's.

import { ACTIVATION_NAMES, type ActivationName } from "../nn/activations.js";
import { DATA_NAMES, defaultNoise, type DataName } from "../nn/datasets.js";
import { describeNetworkInit, parseNetworkInit, type NetworkInit } from "../nn/init.js";
import { MAX_TEST_FRACTION } from "../nn/split.js";
import { LOSS_NAMES, type LossName } from "../numerics/losses.js";
import { OPTIMIZER_NAMES, type OptimizerName } from "../train/optimizers.js";
import { capNotices, hashParts } from "../explorer/hash-parts.js";
import { parseFiniteNumber } from "../util/number.js";

/** A built-in set, or "csv": a file dropped on the page (kept for the session, see data.ts). */
export type DataChoice = DataName | "csv";
export const DATA_CHOICES: readonly DataChoice[] = [...DATA_NAMES, "csv"];
export type ThemeChoice = "auto" | "light" | "dark";
export const THEME_CHOICES: readonly ThemeChoice[] = ["auto", "light", "dark"];

export interface NetState {
  data: DataChoice;
  /** Name of the dropped CSV when data is "csv". */
  file: string;
  samples: number;
  noise: number;
  dataSeed: number;
  /** Fraction of the rows held out for testing (train --test-fraction). */
  test: number;
  hidden: number[];
  activation: ActivationName;
  loss: LossName;
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
  batch: number;
  epochs: number;
  shuffle: boolean;
  /** The compared starts (1 to MAX_RUNS), each trained from `seed`; `focus` indexes the one in focus. */
  init: NetworkInit[];
  seed: number;
  focus: number;
  /** Epochs trained when the state was written: a reload trains back to it. */
  at: number;
  theme: ThemeChoice;
}

export const MAX_RUNS = 4;
export const MAX_WIDTH = 64;
export const MAX_LAYERS = 6;
export const MAX_SAMPLES = 2000;
export const MAX_EPOCHS = 10_000;
export const MAX_NOISE = 5;
export const MAX_LR = 100;
export const MAX_SEED = 2 ** 31;
/** The tutorial's kind of bad start at depth: weights so large every sigmoid saturates (the gallery's networks section). */
export const BAD_START: NetworkInit = { kind: "normal", std: 12 };

export const DEFAULT_STATE: NetState = {
  data: "circles",
  file: "",
  samples: 200,
  noise: 0.1,
  dataSeed: 0,
  test: 0.2,
  hidden: [8, 8],
  activation: "tanh",
  loss: "bce",
  optimizer: "sgd",
  lr: 0.3,
  momentum: 0.9,
  batch: 10,
  epochs: 200,
  shuffle: true,
  init: [{ kind: "xavier-normalized" }],
  seed: 0,
  focus: 0,
  at: 0,
  theme: "auto",
};

/** Hash keys in the order formatHash writes them. */
export const HASH_KEYS = ["data", "file", "samples", "noise", "dseed", "test", "hidden", "act", "loss", "opt", "lr", "momentum", "batch", "epochs", "shuffle", "init", "seed", "focus", "at", "theme"] as const;
type HashKey = (typeof HASH_KEYS)[number];
const FIELD: Record<HashKey, keyof NetState> = {
  data: "data", file: "file", samples: "samples", noise: "noise", dseed: "dataSeed", test: "test", hidden: "hidden", act: "activation", loss: "loss",
  opt: "optimizer", lr: "lr", momentum: "momentum", batch: "batch", epochs: "epochs", shuffle: "shuffle", init: "init", seed: "seed", focus: "focus", at: "at", theme: "theme",
};

type Read = { value: unknown } | { error: string };
const oneOf = (names: readonly string[]) => (t: string): Read => (names.includes(t) ? { value: t } : { error: `must be one of ${names.join(", ")}` });
const num = (ok: (v: number) => boolean, range: string) => (t: string): Read => {
  const v = parseFiniteNumber(t);
  return v !== null && ok(v) ? { value: v } : { error: `must be ${range}` };
};
const whole = (lo: number, hi: number) => (t: string): Read => {
  const v = /^\d+$/.test(t) ? Number(t) : NaN;
  return Number.isSafeInteger(v) && v >= lo && v <= hi ? { value: v } : { error: `must be a whole number from ${lo} to ${hi}` };
};

/** Hidden widths "8,8" ("none" for no hidden layer): each 1…MAX_WIDTH, at most MAX_LAYERS. */
export function readHidden(t: string): Read {
  if (t === "none" || t === "") return { value: [] };
  const parts = t.split(",");
  if (parts.length > MAX_LAYERS) return { error: `must list at most ${MAX_LAYERS} widths` };
  const ws = parts.map((p) => (/^\d+$/.test(p.trim()) ? Number(p) : NaN));
  if (ws.some((w) => !(w >= 1 && w <= MAX_WIDTH))) return { error: `must be widths from 1 to ${MAX_WIDTH}, comma-separated (or none)` };
  return { value: ws };
}

/** One start as `--init` spells it (schemes, normal:S, uniform:A, constant:C). */
export function readInit(t: string): { value: NetworkInit } | { error: string } {
  const r = parseNetworkInit(t);
  return typeof r === "string" ? { error: r } : { value: r };
}

function readInits(t: string): Read {
  const parts = t.split(";");
  if (parts.length > MAX_RUNS) return { error: `must list at most ${MAX_RUNS} starts` };
  const out: NetworkInit[] = [];
  for (const p of parts) {
    const r = readInit(p);
    if ("error" in r) return { error: `"${p.slice(0, 30)}": ${r.error}` };
    out.push(r.value);
  }
  return { value: out };
}

const READ: Record<HashKey, (t: string) => Read> = {
  data: oneOf(DATA_CHOICES),
  file: (t) => (t.length <= 200 ? { value: t } : { error: "must be at most 200 characters" }),
  samples: whole(2, MAX_SAMPLES),
  noise: num((v) => v >= 0 && v <= MAX_NOISE, `a number from 0 to ${MAX_NOISE}`),
  dseed: whole(0, MAX_SEED),
  test: num((v) => v >= 0 && v <= MAX_TEST_FRACTION, `a number from 0 to ${MAX_TEST_FRACTION}`),
  hidden: readHidden,
  act: oneOf(ACTIVATION_NAMES),
  loss: oneOf(LOSS_NAMES),
  opt: oneOf(OPTIMIZER_NAMES),
  lr: num((v) => v > 0 && v <= MAX_LR, `a number > 0 and ≤ ${MAX_LR}`),
  momentum: num((v) => v >= 0 && v < 1, "a number in [0, 1)"),
  batch: whole(1, MAX_SAMPLES),
  epochs: whole(1, MAX_EPOCHS),
  shuffle: (t) => (t === "0" || t === "1" ? { value: t === "1" } : { error: "must be 0 or 1" }),
  init: readInits,
  seed: whole(0, MAX_SEED),
  focus: whole(0, MAX_RUNS - 1),
  at: whole(0, MAX_EPOCHS),
  theme: oneOf(THEME_CHOICES),
};

/** A control's text read as the hash's value of `key` is read. */
export function readKey(key: HashKey, text: string): Read {
  return READ[key](text.trim());
}

export interface ParsedHash {
  state: NetState;
  notices: string[];
}

/** Reads a hash; each bad key or value is replaced by its default and named in a notice. */
export function parseHash(hash: string): ParsedHash {
  const state: NetState = { ...DEFAULT_STATE };
  const notices: string[] = [];
  let noiseGiven = false;
  for (const { key: k, raw } of hashParts(hash, HASH_KEYS, notices)) {
    const r = READ[k](raw);
    if ("error" in r) notices.push(`${k}: "${raw.slice(0, 40)}" ${r.error}; using ${valueText(k, DEFAULT_STATE[FIELD[k]])}`);
    else {
      (state as unknown as Record<string, unknown>)[FIELD[k]] = r.value;
      if (k === "noise") noiseGiven = true;
    }
  }
  if (!noiseGiven && state.data !== "csv") state.noise = defaultNoise(state.data);
  if (state.batch > state.samples) {
    notices.push(`batch: ${state.batch} is more than the ${state.samples} samples; using ${state.samples}`);
    state.batch = state.samples;
  }
  if (state.focus >= state.init.length) {
    notices.push(`focus: ${state.focus} names no start (there are ${state.init.length}); using 0`);
    state.focus = 0;
  }
  if (state.at > state.epochs) state.at = state.epochs;
  return { state, notices: capNotices(notices, HASH_KEYS.length + 1) };
}

function valueText(k: HashKey, v: unknown): string {
  if (k === "hidden") return (v as number[]).length === 0 ? "none" : (v as number[]).join(",");
  if (k === "init") return (v as NetworkInit[]).map(describeNetworkInit).join(";");
  if (typeof v === "boolean") return v ? "1" : "0";
  return String(v);
}

/** The hash of a state (with "#"); parseHash(formatHash(s)).state equals s. */
export function formatHash(s: NetState): string {
  const parts: string[] = [];
  for (const k of HASH_KEYS) {
    if (k === "file" && s.data !== "csv") continue;
    parts.push(`${k}=${encodeURIComponent(valueText(k, s[FIELD[k]])).replace(/%2C/g, ",").replace(/%3B/g, ";").replace(/%3A/g, ":")}`);
  }
  return `#${parts.join("&")}`;
}

export function initText(init: NetworkInit): string {
  return describeNetworkInit(init);
}
