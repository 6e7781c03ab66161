// `landscape` as one library call: the study (grids, training runs, basin maps, the init
// study, the networks section) and the figure set drawn from it, returned as files
// {name → contents} with the manifest (landscape.json) among them. The CLI writes them
// into --out as one set.

import { LANDSCAPE_STUDY_SAMPLES } from "../landscape/basins-study.js";
import { buildFigureSet } from "../landscape/build.js";
import type { FigureBuilder, FigureOptions } from "../landscape/figures.js";
import { FIGURE_SET, GEOMETRY_FIGURES, NETWORK_FIGURES, withNetworks } from "../landscape/network-section.js";
import { runStudyOnPool, type StudyOptions, type StudyPart } from "../landscape/study.js";
import { explorerHtml, EXPLORER_FILE, EXPLORER_LINK, EXPLORER_MAX_BYTES, pageData } from "../explorer/page.js";
import { NETWORK_EXPLORER_FILE, NETWORK_EXPLORER_LINK, networkExplorerHtml } from "../netexplorer/page.js";
import type { Dataset } from "../data/dataset.js";
import { usingKernelPool } from "../fast/pool.js";
import { parseInit, type InitSpec } from "../init/initializers.js";
import { checkGridSpec, DEFAULT_GRID, type AxisSpec } from "../numerics/grid.js";
import { LOSS_NAMES, type LossName } from "../numerics/losses.js";
import type { ColorScheme, ScaleType } from "../render/scales.js";
import type { Theme } from "../render/theme.js";
import { progressOf, type RunControl } from "./run-control.js";
import { DEFAULT_TRAINING_OPTIONS, trainConfigOf, type TrainingOptions } from "./training-options.js";

/** The figure set's starts by default: the bad start, then three init schemes. */
export const DEFAULT_LANDSCAPE_STARTS: readonly string[] = ["-5,-10", "pytorch", "xavier", "he"];
/** Figures draw at most this many grid points (the heatmaps are drawn cell by cell). */
export const MAX_FIGURE_POINTS = 1024 * 1024;
const MIN_AUTO_LR = 1e-10;

export interface LandscapeOptions extends TrainingOptions {
  /** --w and --b: the axes of the landscapes. */
  w: AxisSpec;
  b: AxisSpec;
  /** --losses to draw and train. */
  losses: LossName[];
  /** --start: the runs' starts (the first W,B is the bad start). */
  start: InitSpec[];
  /** --seed for the random inits. */
  seed: number;
  /** --epsilon: the vanishing-gradient threshold, or auto = D / (lr·steps). */
  epsilon: number | "auto";
  /** --study-samples: draws per init scheme in the init study. */
  studySamples: number;
  scheme: ColorScheme;
  /** --scale of the loss heatmaps (auto: linear for MSE, log for BCE). */
  scale: ScaleType | "auto";
  curvesScale: ScaleType;
  contourLines: "on" | "off";
  theme: Theme;
  /** --figures to write (names without .svg), or null for all. */
  figures: string[] | null;
  noBasins: boolean;
  noStudy: boolean;
  noNetworks: boolean;
  noGeometry: boolean;
  /**
   * Not a flag: the scripts of the two explorer pages (the CLI reads them from its dist/).
   * Null leaves explorer.html and network-explorer.html (and the gallery's links) out.
   */
  explorerBundles: { explorer: string; networkExplorer: string } | null;
}

export const DEFAULT_LANDSCAPE_OPTIONS: Readonly<LandscapeOptions> = {
  w: DEFAULT_GRID.w,
  b: DEFAULT_GRID.b,
  losses: [...LOSS_NAMES],
  start: DEFAULT_LANDSCAPE_STARTS.map((s) => parseInit(s) as InitSpec),
  seed: 0,
  ...DEFAULT_TRAINING_OPTIONS,
  epsilon: "auto",
  studySamples: LANDSCAPE_STUDY_SAMPLES,
  scheme: "viridis",
  scale: "auto",
  curvesScale: "log",
  contourLines: "on",
  theme: "light",
  figures: null,
  noBasins: false,
  noStudy: false,
  noNetworks: false,
  noGeometry: false,
  explorerBundles: null,
};

export interface LandscapeResult {
  /** Every file of the set, name → contents, in the order they are written (the manifest last). */
  files: Record<string, string>;
  /** landscape.json: the settings, the study's numbers, and every file with its SHA-256. */
  manifest: Record<string, unknown>;
  /** Files left out and why (an explorer page too large to inline the data). */
  notes: string[];
}

/** The figures the options ask for, in gallery order; RangeError when --figures clashes with a --no-… or the losses. */
export function landscapeFigures(o: Pick<LandscapeOptions, "figures" | "losses" | "noBasins" | "noStudy" | "noNetworks" | "noGeometry">): FigureBuilder[] {
  const skip = new Map<string, string>([
    ...(o.noBasins ? [["basins.svg", "--no-basins"] as [string, string]] : []),
    ...(o.noStudy ? [["init-study.svg", "--no-study"] as [string, string]] : []),
    ...(o.noGeometry ? GEOMETRY_FIGURES.map((f): [string, string] => [f.file, "--no-geometry"]) : []),
    ...(o.noNetworks ? NETWORK_FIGURES.map((f): [string, string] => [f.file, "--no-networks"]) : []),
  ]);
  let chosen = FIGURE_SET;
  if (o.figures !== null) {
    const names = FIGURE_SET.map((f) => f.file.replace(/\.svg$/, ""));
    const bad = o.figures.find((p) => !names.includes(p));
    if (bad !== undefined) throw new RangeError(`--figures must list figures from ${names.join(", ")} (got ${JSON.stringify(bad)})`);
    const listed = o.figures;
    chosen = FIGURE_SET.filter((f) => listed.includes(f.file.replace(/\.svg$/, "")));
    const clash = chosen.find((f) => skip.has(f.file));
    if (clash) throw new RangeError(`--figures lists ${clash.file}, which ${skip.get(clash.file)} skips`);
    const lacking = chosen.find((f) => !f.needs.every((l) => o.losses.includes(l)));
    if (lacking) throw new RangeError(`--figures lists ${lacking.file}, which needs --losses ${lacking.needs.join(",")}`);
  }
  return chosen.filter((f) => !skip.has(f.file));
}

/** The expensive study parts the chosen figures draw. */
export function partsFor(figures: FigureBuilder[]): StudyPart[] {
  const parts: StudyPart[] = [];
  for (const f of figures) if (f.part !== undefined && !parts.includes(f.part)) parts.push(f.part);
  return parts;
}

/** The options, checked, as the study's and the figures' settings; RangeError naming the flag otherwise. */
export function landscapePlan(options: Partial<LandscapeOptions> = {}): { study: StudyOptions; figure: FigureOptions; figures: FigureBuilder[] } {
  const o = { ...DEFAULT_LANDSCAPE_OPTIONS, ...options };
  const grid = { w: o.w, b: o.b };
  try {
    checkGridSpec(grid);
  } catch (err) {
    throw new RangeError(`--w/--b: ${(err as Error).message}`);
  }
  if (o.losses.length === 0) throw new RangeError("--losses: give at least one loss");
  const study: StudyOptions = { grid, losses: o.losses, starts: o.start, train: trainConfigOf(o, o.losses[0]!), seed: o.seed, epsilon: o.epsilon, studySamples: o.studySamples };
  const figures = landscapeFigures(o);
  study.parts = partsFor(figures);
  if (grid.w.count * grid.b.count > MAX_FIGURE_POINTS) throw new RangeError(`--w/--b: at most 1024×1024 points for figures (got ${grid.w.count}×${grid.b.count})`);
  // ε = D / (lr·T) must stay finite: a rate this small moves nothing on the grid anyway.
  if (o.epsilon === "auto" && o.lr < MIN_AUTO_LR) throw new RangeError(`--lr must be ≥ ${MIN_AUTO_LR} with --epsilon auto (ε = D / (lr·T)); give --epsilon X for smaller rates (got ${o.lr})`);
  if (o.start.length === 0) throw new RangeError("--start: give at least one start (got an empty list)");
  const figure: FigureOptions = { scheme: o.scheme, scale: o.scale, curvesScale: o.curvesScale, contourLines: o.contourLines === "on", theme: o.theme };
  return { study, figure, figures };
}

export async function landscape(data: Dataset, options: Partial<LandscapeOptions> = {}, control?: RunControl): Promise<LandscapeResult> {
  const o = { ...DEFAULT_LANDSCAPE_OPTIONS, ...options };
  const plan = landscapePlan(o);
  const progress = progressOf(control);
  // jsdom only here: renderers receive the document, they never create one.
  const { JSDOM } = await import("jsdom");
  const doc = new JSDOM("<!DOCTYPE html><html><body></body></html>").window.document;
  // One kernel pool for the whole study: the grids and the many-start training share its workers.
  const wanted = plan.figures.some((f) => f.networks === true);
  const geometryWanted = plan.figures.some((f) => f.geometry === true);
  const study = withNetworks(await usingKernelPool((pool) => runStudyOnPool(data, plan.study, pool, progress)), wanted, progress, geometryWanted);
  const notes: string[] = [];
  const extra: Array<{ file: string; content: string }> = [];
  const links = [];
  if (o.explorerBundles !== null) {
    const page = explorerHtml(o.explorerBundles.explorer, pageData(data, plan.study.grid));
    const bytes = new TextEncoder().encode(page).length;
    if (bytes < EXPLORER_MAX_BYTES) {
      extra.push({ file: EXPLORER_FILE, content: page });
      links.push(EXPLORER_LINK);
    } else {
      notes.push(`explorer.html not written: with ${data.x.length} samples inline it would take ${(bytes / 1e6).toFixed(1)} MB, over the ${EXPLORER_MAX_BYTES / 1e6} MB of a self-contained page`);
    }
    // The network explorer carries no data of the run (it makes its own): always written.
    extra.push({ file: NETWORK_EXPLORER_FILE, content: networkExplorerHtml(o.explorerBundles.networkExplorer) });
    links.push(NETWORK_EXPLORER_LINK);
  }
  const set = buildFigureSet(study, doc, plan.figure, progress, plan.figures, links, extra);
  const files: Record<string, string> = {};
  for (const f of set) files[f.file] = typeof f.content === "string" ? f.content : new TextDecoder().decode(f.content);
  return { files, manifest: JSON.parse(files["landscape.json"] ?? "{}") as Record<string, unknown>, notes };
}
