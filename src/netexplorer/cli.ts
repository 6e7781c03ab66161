// The commands that reproduce the run in focus: `train` with every flag the page's state
// sets (so the CLI's defaults never matter), then `layers` and `slice` on what it saves.

import { describeNetworkInit } from "../nn/init.js";
import { MAX_KEPT } from "./runs.js";
import type { NetState } from "./state.js";

const q = (t: string): string => (/^[\w.,:/=+-]+$/.test(t) ? t : `'${t.replace(/'/g, `'\\''`)}'`);

/** The data flags: a built-in set with its size, noise and seed, or the dropped file's name. */
export function dataArgs(s: NetState): string[] {
  if (s.data === "csv") return ["--data", s.file || "data.csv"];
  if (s.data === "seed") return ["--data", "seed"];
  return ["--data", s.data, "--samples", String(s.samples), "--noise", String(s.noise), "--data-seed", String(s.dataSeed)];
}

/** The architecture flags ("none" is the one-neuron model spelled out). */
export function networkArgs(s: NetState): string[] {
  return ["--hidden", s.hidden.length === 0 ? "none" : s.hidden.join(","), "--activation", s.activation];
}

/** `train … --json` for the run from `s.init[k]` trained `epochs` epochs (argv after the program name). */
export function trainArgs(s: NetState, k: number, epochs: number): string[] {
  const args = ["train", ...dataArgs(s), ...networkArgs(s), "--init", describeNetworkInit(s.init[k]), "--seed", String(s.seed), "--loss", s.loss, "--optimizer", s.optimizer, "--lr", String(s.lr)];
  if (s.optimizer === "momentum") args.push("--momentum", String(s.momentum));
  args.push("--batch-size", String(s.batch), "--epochs", String(Math.max(1, epochs)));
  if (s.shuffle) args.push("--shuffle");
  if (s.test > 0) args.push("--test-fraction", String(s.test));
  args.push("--json");
  return args;
}

/** The three commands as shell lines: train (saving θ and its trajectory), layers and slice around it. */
export function cliLines(s: NetState, k: number, epochs: number, stepsPerEpoch: number): string[] {
  const e = Math.max(1, epochs);
  // Every so many steps that the saved trajectory stays as short as the page's.
  const every = Math.max(1, Math.ceil((e * stepsPerEpoch) / MAX_KEPT));
  const train = [...trainArgs(s, k, e), "--save-params", "focus.json", "--save-trajectory", "focus-trajectory.json", "--every", String(every)];
  const layers = ["layers", ...dataArgs(s), ...networkArgs(s), "--params", "focus.json", "--loss", s.loss, "--json"];
  const slice = ["slice", ...dataArgs(s), ...networkArgs(s), "--params", "focus.json", "--loss", s.loss, "--directions", "pca", "--trajectory", "focus-trajectory.json", "--svg", "focus-slice.svg"];
  return [train, layers, slice].map((a) => `loss-landscape ${a.map(q).join(" ")}`);
}
