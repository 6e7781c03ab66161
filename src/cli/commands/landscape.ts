// `landscape`: the figure set (SVGs, gallery, manifest) into a directory.
// The only place that reads the figure flags and writes the files.

import { join } from "node:path";
import { DEFAULT_BASIN_GRID } from "../../basins/basin-map.js";
import { defaultStudySchemes, MAX_STUDY_SAMPLES } from "../../basins/init-study.js";
import type { InitSpec } from "../../init/initializers.js";
import { LANDSCAPE_STUDY_SAMPLES } from "../../landscape/basins-study.js";
import type { FigureBuilder, FigureOptions } from "../../landscape/figures.js";
import { FIGURE_SET, GEOMETRY_FIGURES, NETWORK_FIGURES } from "../../landscape/network-section.js";
import { ALL_PARTS, type StudyOptions } from "../../landscape/study.js";
import { DEFAULT_LANDSCAPE_STARTS, landscape, landscapePlan, type LandscapeOptions } from "../../api/landscape.js";
import { DEFAULT_GRID } from "../../numerics/grid.js";
import { LOSS_NAMES } from "../../numerics/losses.js";
import { COLOR_SCHEMES, SCALE_TYPES, type ColorScheme } from "../../render/scales.js";
import { THEMES, type Theme } from "../../render/theme.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { landscapeCost, type Cost } from "../../estimate/cost.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { UsageError } from "../errors.js";
import { loadData, MAX_CONFIG_BYTES, readTextCappedOrNull } from "../io.js";
import { checkOutDir } from "../out-path.js";
import { writeFileSet } from "../write-set.js";
import { withSignalsHeld } from "../hold-signals.js";
import { checkNumber, choiceOption, flagOption, intOption, listOption, valueOption, type Values } from "../options.js";
import { quote } from "../quote.js";
import { axisOption, DATA_OPTION, lossListOption, seedOption } from "../shared-options.js";
import { gridSpecValue } from "./grid.js";
import { readExplorerBundle, readNetworkExplorerBundle } from "../explorer-bundle.js";
import { epochsOption, initOption, parseStart, trainingOptions, trainingValue } from "../training-options.js";

export const DEFAULT_OUT = "output";
export const DEFAULT_STARTS = DEFAULT_LANDSCAPE_STARTS;
const MAX_STARTS = 8;
/** Figures keep every step of every run in memory, so epochs are capped lower than in train. */
const MAX_FIGURE_EPOCHS = 100_000;

// Checked when parsed, so a bad --out costs nothing (run() resolves it again).
const OUT_OPTION = valueOption({ name: "out", arg: "DIR", help: "directory for the figure set, replaced as one set", default: DEFAULT_OUT, defaultText: DEFAULT_OUT, parse: (t) => (checkOutDir(t), t) });
const W_OPTION = axisOption("w", "w axis of the landscapes", DEFAULT_GRID);
const B_OPTION = axisOption("b", "b axis of the landscapes", DEFAULT_GRID);
const LOSSES_OPTION = lossListOption({ name: "losses", arg: "LIST", help: "losses to draw and train", default: LOSS_NAMES, defaultText: LOSS_NAMES.join(",") });
const START_OPTION = listOption<InitSpec>({
  name: "start",
  arg: "SPEC",
  attached: true,
  help: "a start (the first W,B is the bad start)",
  limits: `${initOption("start", "").limits}, at most ${MAX_STARTS}`,
  default: DEFAULT_STARTS.map((t) => parseStart("--start", t)),
  defaultText: DEFAULT_STARTS.join(" "),
  example: "-5,-10",
  max: MAX_STARTS,
  parse: (t) => parseStart("--start", t),
});
const SEED_OPTION = seedOption("seed for the random inits", 2 ** 31);
const EPOCHS_OPTION = epochsOption(MAX_FIGURE_EPOCHS);
const EPSILON_OPTION = valueOption<number | "auto">({
  name: "epsilon",
  arg: "auto|X",
  help: "vanishing-gradient threshold: |∇L| < X is hatched; auto = D / (lr·steps)",
  limits: "auto or > 0 and < 1000000",
  default: "auto",
  defaultText: "auto",
  example: "0.001",
  parse: (t) => (t === "auto" ? "auto" : checkNumber("--epsilon", t, { gt: 0, lt: 1e6 })),
});
const STUDY_SAMPLES_OPTION = intOption({ name: "study-samples", help: "draws per init scheme in the init study", default: LANDSCAPE_STUDY_SAMPLES, min: 1, max: MAX_STUDY_SAMPLES });
const SCHEME_OPTION = choiceOption<ColorScheme>({ name: "scheme", help: "colour scheme", choices: COLOR_SCHEMES, default: "viridis" });
const SCALE_OPTION = choiceOption({ name: "scale", help: "colour scale of the loss heatmaps (auto: linear for MSE, log for BCE)", choices: ["auto", ...SCALE_TYPES] as const, default: "auto" });
const CURVES_SCALE_OPTION = choiceOption({ name: "curves-scale", help: "y axis of loss-curves.svg", choices: SCALE_TYPES, default: "log" });
const CONTOUR_LINES_OPTION = choiceOption({ name: "contour-lines", help: "thin contour lines over the heatmaps", choices: ["on", "off"] as const, default: "on" });
const THEME_OPTION = choiceOption<Theme>({ name: "theme", help: "page colours of the SVGs (auto follows the reader's prefers-color-scheme)", choices: THEMES, default: "light" });

const FIGURE_NAMES = FIGURE_SET.map((f) => f.file.replace(/\.svg$/, ""));
const FIGURES_OPTION = valueOption<string[] | undefined>({
  name: "figures",
  arg: "LIST",
  help: "comma-separated figures to write",
  limits: FIGURE_NAMES.join(", "),
  default: undefined,
  defaultText: "all",
  example: undefined,
  parse: (t) => {
    const parts = t.split(",").map((p) => p.trim().replace(/\.svg$/, ""));
    const bad = parts.find((p) => !FIGURE_NAMES.includes(p));
    if (bad !== undefined) throw new UsageError(`--figures must list figures from ${FIGURE_NAMES.join(", ")} (got ${quote(bad)})`);
    return parts;
  },
});
const NO_BASINS_OPTION = flagOption({ name: "no-basins", help: "skip basins.svg and its basin maps (2 × 128² training runs)" });
const NO_STUDY_OPTION = flagOption({ name: "no-study", help: "skip init-study.svg and its init study (22 × --study-samples training runs)" });
const NO_NETWORKS_OPTION = flagOption({ name: "no-networks", help: `skip the networks section (${NETWORK_FIGURES.map((f) => f.file).join(", ")}) and its training` });
const NO_GEOMETRY_OPTION = flagOption({ name: "no-geometry", help: `skip the networks section's geometry (${GEOMETRY_FIGURES.map((f) => f.file).join(", ")}): its sharpness measures, second training run and curve` });

const OPTIONS = [
  OUT_OPTION,
  CONFIG_OPTION,
  W_OPTION,
  B_OPTION,
  LOSSES_OPTION,
  START_OPTION,
  SEED_OPTION,
  ...trainingOptions(EPOCHS_OPTION),
  EPSILON_OPTION,
  STUDY_SAMPLES_OPTION,
  SCHEME_OPTION,
  SCALE_OPTION,
  CURVES_SCALE_OPTION,
  CONTOUR_LINES_OPTION,
  THEME_OPTION,
  DATA_OPTION,
  FIGURES_OPTION,
  NO_BASINS_OPTION,
  NO_STUDY_OPTION,
  NO_NETWORKS_OPTION,
  NO_GEOMETRY_OPTION,
  ...PROGRESS_OPTIONS,
];

/**
 * The files an earlier run wrote into `dir`, name → SHA-256, from the "written" list of
 * its landscape.json. Null when there is no readable manifest of ours; a manifest
 * without hashes (or one we did not write) owns nothing.
 */
export function manifestFiles(dir: string): Map<string, string> | null {
  const text = readTextCappedOrNull(join(dir, "landscape.json"), MAX_CONFIG_BYTES);
  if (text === null) return null;
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  const written = (m as { written?: unknown } | null)?.written;
  if (!Array.isArray(written)) return null;
  const files = new Map<string, string>();
  for (const w of written) {
    const { file, sha256 } = (w ?? {}) as { file?: unknown; sha256?: unknown };
    if (typeof file === "string" && typeof sha256 === "string" && /^[0-9a-f]{64}$/.test(sha256)) files.set(file, sha256);
  }
  return files;
}

/** Every flag as the library's options (`landscape`'s; the explorer pages' scripts are added by run()). */
export function landscapeOptions(values: Values): LandscapeOptions {
  const grid = gridSpecValue(values, W_OPTION, B_OPTION);
  const figures = values.get(FIGURES_OPTION);
  return {
    ...grid,
    losses: values.get(LOSSES_OPTION),
    start: values.get(START_OPTION),
    seed: values.get(SEED_OPTION),
    ...trainingValue(values, EPOCHS_OPTION),
    epsilon: values.get(EPSILON_OPTION),
    studySamples: values.get(STUDY_SAMPLES_OPTION),
    scheme: values.get(SCHEME_OPTION),
    scale: values.get(SCALE_OPTION),
    curvesScale: values.get(CURVES_SCALE_OPTION),
    contourLines: values.get(CONTOUR_LINES_OPTION),
    theme: values.get(THEME_OPTION),
    figures: figures ?? null,
    noBasins: values.get(NO_BASINS_OPTION),
    noStudy: values.get(NO_STUDY_OPTION),
    noNetworks: values.get(NO_NETWORKS_OPTION),
    noGeometry: values.get(NO_GEOMETRY_OPTION),
    explorerBundles: null,
  };
}

/** Every flag, checked, as the study and figure options. */
export function landscapeSettings(values: Values): {
  out: string;
  options: LandscapeOptions;
  study: StudyOptions;
  figure: FigureOptions;
  figures: FigureBuilder[];
  data: string | undefined;
} {
  const options = landscapeOptions(values);
  let plan;
  try {
    plan = landscapePlan(options);
  } catch (err) {
    // The library's messages name the flags already.
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
  return { out: values.get(OUT_OPTION), options, ...plan, data: values.get(DATA_OPTION) };
}

/** The estimate of a figure set from its sizes (both expensive parts need both losses). */
export function landscapeCostOf(study: StudyOptions, samples: number): Cost {
  const parts = study.parts ?? ALL_PARTS;
  const both = study.losses.length === LOSS_NAMES.length;
  return landscapeCost({
    cols: study.grid.w.count,
    rows: study.grid.b.count,
    losses: study.losses.length,
    starts: study.starts.length,
    samples,
    epochs: study.train.epochs,
    batchSize: study.train.batchSize,
    sgd: study.train.optimizer === "sgd",
    basinStarts: both && parts.includes("basins") ? DEFAULT_BASIN_GRID.w.count * DEFAULT_BASIN_GRID.b.count : 0,
    studyStarts: both && parts.includes("init-study") ? defaultStudySchemes().length * (study.studySamples ?? LANDSCAPE_STUDY_SAMPLES) : 0,
  });
}

export const landscapeCommand: Command = {
  name: "landscape",
  summary: "Write the figure set: loss landscapes with trajectories, gradient norm, loss curves, per-sample saturation, a gallery and a manifest.",
  options: OPTIONS,
  details: `Files written into DIR, replaced as one set (written and fsynced into a sibling
.DIR.PID.new, then swapped in by renames): ${FIGURE_SET.map((f) => f.file).join(", ")},
index.html, landscape.json, explorer.html (the interactive one-neuron page: one
self-contained file that works offline) and network-explorer.html (the same for
networks). landscape.json lists every file written with its SHA-256;
a later run removes a file it does not write only if an earlier run listed it there and
it is still a regular file with those bytes. Nothing else in DIR is removed (never a
directory). DIR may not be the current directory or one of its parents.
Figures that need both losses are skipped when --losses names one; --figures,
--no-basins, --no-study, --no-networks and --no-geometry skip figures and the training
only they need.
The networks section (${NETWORK_FIGURES.map((f) => f.file).join(", ")}) trains its own
deep sigmoid network on built-in data (docs/networks.md: "Networks: the same story at depth"); of
the flags here only --seed, --curves-scale, --scheme, --contour-lines and --theme apply
to it. Its geometry (${GEOMETRY_FIGURES.map((f) => f.file).join(", ")}) measures how sharp
the MSE solutions from the bad and the proper starts are and connects two solutions of
one proper init with seeds --seed and --seed + 1, before and after weight matching
(docs/geometry.md).

Example: loss-landscape landscape --out docs/figures --start=-5,-10 --start he --epsilon 1e-3`,
  async run(values, io) {
    const settings = landscapeSettings(values);
    // Checked before the work: a bad --out costs nothing.
    const out = checkOutDir(settings.out);
    const data = loadData(settings.data);
    const job = startJob(values, io, "landscape", landscapeCostOf(settings.study, data.x.length));
    const explorerBundles = { explorer: readExplorerBundle(), networkExplorer: readNetworkExplorerBundle() };
    const result = await landscape(data, { ...settings.options, explorerBundles }, { onProgress: (stage, fraction) => job.update(stage, fraction) });
    for (const note of result.notes) io.err(`landscape: ${note}\n`);
    const files = Object.entries(result.files).map(([file, content]) => ({ file, content }));
    job.update(`writing ${files.length} files to ${settings.out}`);
    await withSignalsHeld(() => writeFileSet(out, files, manifestFiles));
    job.finish();
    return 0;
  },
};
