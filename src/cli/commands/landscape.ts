// `landscape`: the figure set (SVGs, gallery, manifest) into a directory.
// The only place that reads the figure flags and writes the files.

import { readFileSync } from "node:fs";
import { MAX_STUDY_SAMPLES } from "../../basins/init-study.js";
import { INIT_SCHEMES, type InitSpec } from "../../init/initializers.js";
import { LANDSCAPE_STUDY_SAMPLES } from "../../landscape/basins-study.js";
import { buildFigureSet } from "../../landscape/build.js";
import { FIGURES, type FigureBuilder, type FigureOptions } from "../../landscape/figures.js";
import { runStudy, type StudyOptions, type StudyPart } from "../../landscape/study.js";
import { DEFAULT_GRID } from "../../numerics/grid.js";
import { LOSS_NAMES, type LossName } from "../../numerics/losses.js";
import { COLOR_SCHEMES, SCALE_TYPES } from "../../render/scales.js";
import type { Command, CommandIO } from "../command.js";
import { UsageError } from "../errors.js";
import { loadData, writeFilesAtomic } from "../io.js";
import { axisText, checkNumber, flag, int, oneOf, type OptionSpec, type ParsedValues, str } from "../options.js";
import { DATA_OPTION } from "../shared-options.js";
import { gridSpecValue } from "./grid.js";
import { explorerHtml, EXPLORER_FILE, EXPLORER_LINK, pageData } from "../../explorer/page.js";
import { readExplorerBundle } from "../explorer-bundle.js";
import { initValue, trainConfigValue, TRAINING_OPTIONS } from "../training-options.js";

export const DEFAULT_OUT = "output";
export const DEFAULT_STARTS = ["-5,-10", "pytorch", "xavier", "he"];


const OPTIONS: OptionSpec[] = [
  { name: "out", type: "string", arg: "DIR", help: "directory for the figure set", defaultText: DEFAULT_OUT },
  { name: "config", type: "string", arg: "FILE", help: "JSON object with any of these options as keys (flags override it)" },
  { name: "w", type: "string", arg: "MIN:MAX:N", help: "w axis of the landscapes", defaultText: axisText(DEFAULT_GRID.w) },
  { name: "b", type: "string", arg: "MIN:MAX:N", help: "b axis of the landscapes", defaultText: axisText(DEFAULT_GRID.b) },
  { name: "losses", type: "string", arg: "LIST", help: "comma-separated losses to draw and train: mse, bce", defaultText: "mse,bce" },
  { name: "start", type: "string", arg: "SPEC", multiple: true, help: `a start, repeatable: W,B or ${INIT_SCHEMES.join(", ")}; the first W,B is the bad start`, defaultText: DEFAULT_STARTS.join(" ") },
  { name: "seed", type: "string", arg: "N", help: "seed for the random inits, whole number from 0 to 2^31", defaultText: "0" },
  // Figures keep every step of every run in memory, so epochs are capped lower than in train.
  ...TRAINING_OPTIONS.map((o) => (o.name === "epochs" ? { ...o, help: "epochs, whole number from 1 to 100000" } : o)),
  { name: "epsilon", type: "string", arg: "auto|X", help: "vanishing-gradient threshold: |∇L| < X is hatched; auto = D / (lr·steps)", defaultText: "auto" },
  { name: "study-samples", type: "string", arg: "N", help: `draws per init scheme in the init study, 1 to ${MAX_STUDY_SAMPLES}`, defaultText: String(LANDSCAPE_STUDY_SAMPLES) },
  { name: "scheme", type: "string", arg: "NAME", help: `colour scheme: ${COLOR_SCHEMES.join(", ")}`, defaultText: "viridis" },
  { name: "scale", type: "string", arg: "auto|linear|log", help: "colour scale of the loss heatmaps (auto: linear for MSE, log for BCE)", defaultText: "auto" },
  { name: "curves-scale", type: "string", arg: "linear|log", help: "y axis of loss-curves.svg", defaultText: "log" },
  { name: "contour-lines", type: "string", arg: "on|off", help: "thin contour lines over the heatmaps", defaultText: "on" },
  DATA_OPTION,
  { name: "figures", type: "string", arg: "LIST", help: `comma-separated figures to write (default all): ${FIGURES.map((f) => f.file.replace(/\.svg$/, "")).join(", ")}` },
  { name: "no-basins", type: "boolean", help: "skip basins.svg and its basin maps (2 × 128² training runs)" },
  { name: "no-study", type: "boolean", help: "skip init-study.svg and its init study (22 × --study-samples training runs)" },
];

const ON_OFF = ["on", "off"] as const;

/** Merges --config FILE under the flags: a flag given on the command line wins. */
export function withConfig(values: ParsedValues, readText: (path: string) => string = (p) => readFileSync(p, "utf8")): ParsedValues {
  const path = str(values, "config");
  if (path === undefined) return values;
  let text: string;
  try {
    text = readText(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--config: cannot read ${path}${code ? ` (${code})` : ""}`);
  }
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw new UsageError(`--config: ${path} is not valid JSON`);
  }
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) throw new UsageError(`--config: ${path} must hold a JSON object`);
  const merged: ParsedValues = {};
  for (const [key, v] of Object.entries(obj as Record<string, unknown>)) {
    const spec = OPTIONS.find((o) => o.name === key && o.name !== "config");
    if (!spec) throw new UsageError(`--config: unknown key "${key}" in ${path} (keys: ${OPTIONS.filter((o) => o.name !== "config").map((o) => o.name).join(", ")})`);
    if (spec.type === "boolean") {
      if (typeof v !== "boolean") throw new UsageError(`--config: "${key}" must be true or false`);
      merged[key] = v;
    } else if (spec.multiple) {
      const list = Array.isArray(v) ? v : [v];
      if (!list.every((x) => typeof x === "string")) throw new UsageError(`--config: "${key}" must be a string or a list of strings, e.g. ["-5,-10", "he"]`);
      merged[key] = list as string[];
    } else if (typeof v === "string" || typeof v === "number") {
      merged[key] = String(v);
    } else if (Array.isArray(v) && key === "losses" && v.every((x) => typeof x === "string")) {
      merged[key] = v.join(",");
    } else {
      throw new UsageError(`--config: "${key}" must be a string or a number`);
    }
  }
  for (const [k, v] of Object.entries(values)) if (v !== undefined && k !== "config") merged[k] = v;
  return merged;
}

function lossesValue(values: ParsedValues): LossName[] {
  const text = str(values, "losses") ?? "mse,bce";
  const parts = text.split(",").map((s) => s.trim());
  const bad = parts.find((p) => !(LOSS_NAMES as readonly string[]).includes(p));
  if (bad !== undefined || parts.length === 0) throw new UsageError(`--losses must be a comma-separated list of ${LOSS_NAMES.join(", ")} (got "${text}")`);
  if (new Set(parts).size !== parts.length) throw new UsageError(`--losses lists a loss twice (got "${text}")`);
  return parts as LossName[];
}

function startsValue(values: ParsedValues): InitSpec[] {
  const v = values.start;
  const list = v === undefined ? DEFAULT_STARTS : Array.isArray(v) ? v : [String(v)];
  if (list.length > 8) throw new UsageError(`--start: at most 8 starts (got ${list.length})`);
  return list.map((text) => initValue({ start: text }, "start"));
}

function epsilonValue(values: ParsedValues): number | "auto" {
  const text = str(values, "epsilon");
  if (text === undefined || text === "auto") return "auto";
  return checkNumber("--epsilon", text, { gt: 0, lt: 1e6 });
}

/** --figures, --no-basins and --no-study: the figures to write, in gallery order. */
export function figuresValue(values: ParsedValues, losses: LossName[]): FigureBuilder[] {
  const text = str(values, "figures");
  const skip = new Set<string>([...(flag(values, "no-basins") ? ["basins.svg"] : []), ...(flag(values, "no-study") ? ["init-study.svg"] : [])]);
  const names = FIGURES.map((f) => f.file.replace(/\.svg$/, ""));
  let chosen = FIGURES;
  if (text !== undefined) {
    const parts = text.split(",").map((p) => p.trim().replace(/\.svg$/, ""));
    const bad = parts.find((p) => !names.includes(p));
    if (bad !== undefined) throw new UsageError(`--figures must list figures from ${names.join(", ")} (got "${bad}")`);
    chosen = FIGURES.filter((f) => parts.includes(f.file.replace(/\.svg$/, "")));
    const clash = chosen.find((f) => skip.has(f.file));
    if (clash) throw new UsageError(`--figures lists ${clash.file}, which ${clash.file === "basins.svg" ? "--no-basins" : "--no-study"} skips`);
    const lacking = chosen.find((f) => !f.needs.every((l) => losses.includes(l)));
    if (lacking) throw new UsageError(`--figures lists ${lacking.file}, which needs --losses ${lacking.needs.join(",")}`);
  }
  return chosen.filter((f) => !skip.has(f.file));
}

/** The expensive study parts the chosen figures draw. */
export function partsFor(figures: FigureBuilder[]): StudyPart[] {
  const parts: StudyPart[] = [];
  for (const f of figures) if (f.part !== undefined && !parts.includes(f.part)) parts.push(f.part);
  return parts;
}

/** Every flag, checked, as the study and figure options. */
export function landscapeSettings(values: ParsedValues): {
  out: string;
  study: StudyOptions;
  figure: FigureOptions;
  figures: FigureBuilder[];
  data: string | undefined;
} {
  // Figures keep every step of every run in memory: cap epochs below train's limit.
  int(values, "epochs", 50, 1, 100_000);
  const train = trainConfigValue(values);
  const study: StudyOptions = {
    grid: gridSpecValue(values),
    losses: lossesValue(values),
    starts: startsValue(values),
    train,
    seed: int(values, "seed", 0, 0, 2 ** 31),
    epsilon: epsilonValue(values),
    studySamples: int(values, "study-samples", LANDSCAPE_STUDY_SAMPLES, 1, MAX_STUDY_SAMPLES),
  };
  const figures = figuresValue(values, study.losses);
  study.parts = partsFor(figures);
  if (study.grid.w.count * study.grid.b.count > 1024 * 1024) {
    throw new UsageError(`--w/--b: at most 1024×1024 points for figures (got ${study.grid.w.count}×${study.grid.b.count})`);
  }
  const figure: FigureOptions = {
    scheme: oneOf(values, "scheme", COLOR_SCHEMES, "viridis"),
    scale: oneOf(values, "scale", ["auto", ...SCALE_TYPES] as const, "auto"),
    curvesScale: oneOf(values, "curves-scale", SCALE_TYPES, "log"),
    contourLines: oneOf(values, "contour-lines", ON_OFF, "on") === "on",
  };
  return { out: str(values, "out") ?? DEFAULT_OUT, study, figure, figures, data: str(values, "data") };
}

/** Reports progress on stderr, but only once the work has taken more than a second. */
export function progressReporter(io: CommandIO, now: () => number = () => performance.now()): (msg: string) => void {
  const t0 = now();
  return (msg) => {
    const t = now() - t0;
    if (t > 1000) io.err(`landscape: ${msg} (${(t / 1000).toFixed(1)} s)\n`);
  };
}

export const landscapeCommand: Command = {
  name: "landscape",
  summary: "Write the figure set: loss landscapes with trajectories, gradient norm, loss curves, per-sample saturation, a gallery and a manifest.",
  usage: "[--out DIR] [--config FILE.json] [options]",
  options: OPTIONS,
  details: `Files written into DIR (all or nothing: temp files, then renames):
  ${FIGURES.map((f) => f.file).join(", ")}, index.html, landscape.json,
  explorer.html (the interactive page: one self-contained file, works offline)
Figures that need both losses are skipped when --losses names one; --figures,
--no-basins and --no-study skip figures and the training only they need.

Example: loss-landscape landscape --out docs/figures --start=-5,-10 --start he --epsilon 1e-3`,
  async run(raw, io) {
    const values = withConfig(raw);
    const settings = landscapeSettings(values);
    const data = loadData(settings.data);
    const progress = progressReporter(io);
    // jsdom only here: renderers receive the document, they never create one.
    const { JSDOM } = await import("jsdom");
    const doc = new JSDOM("<!DOCTYPE html><html><body></body></html>").window.document;
    const study = runStudy(data, settings.study, progress);
    const files = buildFigureSet(study, doc, settings.figure, progress, settings.figures, [EXPLORER_LINK]);
    progress(`writing the explorer page`);
    files.push({ file: EXPLORER_FILE, content: explorerHtml(readExplorerBundle(), pageData(data, settings.study.grid)) });
    progress(`writing ${files.length} files to ${settings.out}`);
    writeFilesAtomic(settings.out, files);
    return 0;
  },
};
