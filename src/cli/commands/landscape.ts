// `landscape`: the figure set (SVGs, gallery, manifest) into a directory.
// The only place that reads the figure flags and writes the files.

import { join } from "node:path";
import { DEFAULT_BASIN_GRID } from "../../basins/basin-map.js";
import { defaultStudySchemes, MAX_STUDY_SAMPLES } from "../../basins/init-study.js";
import type { InitSpec } from "../../init/initializers.js";
import { LANDSCAPE_STUDY_SAMPLES } from "../../landscape/basins-study.js";
import { buildFigureSet } from "../../landscape/build.js";
import type { FigureBuilder, FigureOptions } from "../../landscape/figures.js";
import { FIGURE_SET, GEOMETRY_FIGURES, NETWORK_FIGURES, withNetworks } from "../../landscape/network-section.js";
import { ALL_PARTS, runStudyOnPool, type StudyOptions, type StudyPart } from "../../landscape/study.js";
import { usingKernelPool } from "../../fast/pool.js";
import { DEFAULT_GRID } from "../../numerics/grid.js";
import { LOSS_NAMES, type LossName } from "../../numerics/losses.js";
import { COLOR_SCHEMES, SCALE_TYPES, type ColorScheme } from "../../render/scales.js";
import { THEMES, type Theme } from "../../render/theme.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { landscapeCost, type Cost } from "../estimate.js";
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
import { explorerHtml, EXPLORER_FILE, EXPLORER_LINK, EXPLORER_MAX_BYTES, pageData } from "../../explorer/page.js";
import { readExplorerBundle, readNetworkExplorerBundle } from "../explorer-bundle.js";
import { NETWORK_EXPLORER_FILE, NETWORK_EXPLORER_LINK, networkExplorerHtml } from "../../netexplorer/page.js";
import { epochsOption, initOption, parseStart, trainConfigValue, trainingOptions } from "../training-options.js";

export const DEFAULT_OUT = "output";
export const DEFAULT_STARTS = ["-5,-10", "pytorch", "xavier", "he"];
const MAX_STARTS = 8;
/** Figures keep every step of every run in memory, so epochs are capped lower than in train. */
const MAX_FIGURE_EPOCHS = 100_000;
/** Figures draw at most this many grid points (the heatmaps are drawn cell by cell). */
const MAX_FIGURE_POINTS = 1024 * 1024;

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

const MIN_AUTO_LR = 1e-10;

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

/** --figures, --no-basins, --no-study, --no-networks and --no-geometry: the figures to write, in gallery order. */
export function figuresValue(values: Values, losses: LossName[]): FigureBuilder[] {
  const listed = values.get(FIGURES_OPTION);
  const skipping: Array<[string, string]> = [
    ...(values.get(NO_BASINS_OPTION) ? [["basins.svg", "--no-basins"] as [string, string]] : []),
    ...(values.get(NO_STUDY_OPTION) ? [["init-study.svg", "--no-study"] as [string, string]] : []),
    ...(values.get(NO_GEOMETRY_OPTION) ? GEOMETRY_FIGURES.map((f): [string, string] => [f.file, "--no-geometry"]) : []),
    ...(values.get(NO_NETWORKS_OPTION) ? NETWORK_FIGURES.map((f): [string, string] => [f.file, "--no-networks"]) : []),
  ];
  const skip = new Map<string, string>(skipping);
  let chosen = FIGURE_SET;
  if (listed !== undefined) {
    chosen = FIGURE_SET.filter((f) => listed.includes(f.file.replace(/\.svg$/, "")));
    const clash = chosen.find((f) => skip.has(f.file));
    if (clash) throw new UsageError(`--figures lists ${clash.file}, which ${skip.get(clash.file)} skips`);
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
export function landscapeSettings(values: Values): {
  out: string;
  study: StudyOptions;
  figure: FigureOptions;
  figures: FigureBuilder[];
  data: string | undefined;
} {
  const losses = values.get(LOSSES_OPTION);
  const study: StudyOptions = {
    grid: gridSpecValue(values, W_OPTION, B_OPTION),
    losses,
    starts: values.get(START_OPTION),
    train: trainConfigValue(values, losses[0], EPOCHS_OPTION),
    seed: values.get(SEED_OPTION),
    epsilon: values.get(EPSILON_OPTION),
    studySamples: values.get(STUDY_SAMPLES_OPTION),
  };
  const figures = figuresValue(values, losses);
  study.parts = partsFor(figures);
  if (study.grid.w.count * study.grid.b.count > MAX_FIGURE_POINTS) {
    throw new UsageError(`--w/--b: at most 1024×1024 points for figures (got ${study.grid.w.count}×${study.grid.b.count})`);
  }
  const figure: FigureOptions = {
    scheme: values.get(SCHEME_OPTION),
    scale: values.get(SCALE_OPTION),
    curvesScale: values.get(CURVES_SCALE_OPTION),
    contourLines: values.get(CONTOUR_LINES_OPTION) === "on",
    theme: values.get(THEME_OPTION),
  };
  // ε = D / (lr·T) must stay finite: a rate this small moves nothing on the grid anyway.
  const lr = study.train.optimizerOptions.lr;
  if (study.epsilon === "auto" && lr < MIN_AUTO_LR) {
    throw new UsageError(`--lr must be ≥ ${MIN_AUTO_LR} with --epsilon auto (ε = D / (lr·T)); give --epsilon X for smaller rates (got ${lr})`);
  }
  // An empty list (from --config {"start": []}) leaves no run to draw.
  if (study.starts.length === 0) throw new UsageError("--start: give at least one start (got an empty list)");
  return { out: values.get(OUT_OPTION), study, figure, figures, data: values.get(DATA_OPTION) };
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
    const progress = (msg: string, fraction?: number): void => job.update(msg, fraction);
    // jsdom only here: renderers receive the document, they never create one.
    const { JSDOM } = await import("jsdom");
    const doc = new JSDOM("<!DOCTYPE html><html><body></body></html>").window.document;
    // One kernel pool for the whole study: the grids and the many-start training share its workers.
    const wanted = settings.figures.some((f) => f.networks === true);
    const geometryWanted = settings.figures.some((f) => f.geometry === true);
    const study = withNetworks(await usingKernelPool((pool) => runStudyOnPool(data, settings.study, pool, progress)), wanted, progress, geometryWanted);
    const page = explorerHtml(readExplorerBundle(), pageData(data, settings.study.grid));
    const pageFits = Buffer.byteLength(page) < EXPLORER_MAX_BYTES;
    if (!pageFits) {
      io.err(`landscape: explorer.html not written: with ${data.x.length} samples inline it would take ${(Buffer.byteLength(page) / 1e6).toFixed(1)} MB, over the ${EXPLORER_MAX_BYTES / 1e6} MB of a self-contained page\n`);
    }
    // The network explorer carries no data of the run (it makes its own): always written.
    const extra = [...(pageFits ? [{ file: EXPLORER_FILE, content: page }] : []), { file: NETWORK_EXPLORER_FILE, content: networkExplorerHtml(readNetworkExplorerBundle()) }];
    const files = buildFigureSet(study, doc, settings.figure, progress, settings.figures, pageFits ? [EXPLORER_LINK, NETWORK_EXPLORER_LINK] : [NETWORK_EXPLORER_LINK], extra);
    progress(`writing ${files.length} files to ${settings.out}`);
    await withSignalsHeld(() => writeFileSet(out, files, manifestFiles));
    job.finish();
    return 0;
  },
};
