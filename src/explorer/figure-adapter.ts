// The page's link to the CLI's figure code: the study stage's options (src/landscape/
// study.ts; compute.ts runs it) and the figure builders (src/landscape/figures.ts) with
// the renderers of src/render/. What the page shows and exports is what
// `loss-landscape landscape` writes for the same options; cliArgs() spells that command out.

import type { Dataset } from "../data/dataset.js";
import { describeInit, type InitSpec } from "../init/initializers.js";
import { FIGURES, runLabel, type FigureOptions } from "../landscape/figures.js";
import type { Study, StudyOptions } from "../landscape/study.js";
import type { GridSpec } from "../numerics/grid.js";
import { LOSS_LABELS } from "../numerics/losses.js";
import { renderLossCurves, runColor } from "../render/index.js";
import { trainConfigOf, type ExplorerState } from "./state.js";

/** `landscape`'s default --start list, used while the page has no run of its own. */
export const CLI_DEFAULT_STARTS: readonly InitSpec[] = [{ kind: "fixed", w: -5, b: -10 }, { kind: "pytorch" }, { kind: "xavier" }, { kind: "he" }];

/** `landscape`'s default figure flags (--scheme, --scale, --curves-scale, --contour-lines). */
export const CLI_FIGURE_OPTIONS: FigureOptions = { scheme: "viridis", scale: "auto", curvesScale: "log", contourLines: true, theme: "light" };

export interface ViewRequest {
  data: Dataset;
  grid: GridSpec;
  state: ExplorerState;
  /** The page's run starts, oldest first (at most 8, as --start allows). */
  starts: ReadonlyArray<readonly [number, number]>;
}

/** The CLI file the current view is: one loss's landscape, or both gradient norms. */
export function figureFile(state: ExplorerState): string {
  return state.view === "grad" ? "gradient-norm.svg" : `${state.loss}-landscape.svg`;
}

function startSpecs(req: ViewRequest): InitSpec[] {
  return req.starts.length === 0 ? [...CLI_DEFAULT_STARTS] : req.starts.map(([w, b]) => ({ kind: "fixed", w, b }));
}

export function studyOptions(req: ViewRequest): StudyOptions {
  return {
    grid: req.grid,
    losses: ["mse", "bce"],
    starts: startSpecs(req),
    // The study trains every loss; its config's loss is `landscape`'s (the default, mse).
    train: trainConfigOf(req.state, "mse"),
    seed: req.state.seed,
    epsilon: "auto",
    // The basin maps and the init study feed other figures; the page draws none of them.
    parts: [],
  };
}

/** The view's SVG text, byte for byte the file `landscape` writes with cliArgs(req). */
export function renderView(doc: Document, study: Study, state: ExplorerState): { file: string; svg: string } {
  const file = figureFile(state);
  const builder = FIGURES.find((f) => f.file === file);
  if (!builder) throw new Error(`no figure builder writes ${file}`);
  return { file, svg: builder.render(study, doc, CLI_FIGURE_OPTIONS) };
}

/** The loss curve of every start under the current loss (full-data loss per step). */
export function renderRunCurves(doc: Document, study: Study, state: ExplorerState): string {
  const runs = study.runs.filter((r) => r.loss === state.loss);
  return renderLossCurves(doc, {
    idPrefix: "explorer-curves",
    heading: { title: `${LOSS_LABELS[state.loss]} loss per step` },
    desc: `Loss on all ${study.data.x.length} samples after each step, one line per start.`,
    curves: runs.map((r) => ({ key: r.key, label: runLabel(study, r), color: runColor(r.startIndex), losses: r.fullLosses, epochEnds: r.result.epochEnds })),
    yScale: "log",
    yLabel: "loss (log scale)",
  });
}

/** The `landscape` command that writes the view's file (with --out DIR added). */
export function cliArgs(req: ViewRequest): string[] {
  const s = req.state;
  const axis = (a: GridSpec["w"]): string => `${a.min}:${a.max}:${a.count}`;
  const args = ["landscape", `--w=${axis(req.grid.w)}`, `--b=${axis(req.grid.b)}`];
  for (const spec of startSpecs(req)) args.push(`--start=${describeInit(spec)}`);
  args.push(`--seed=${s.seed}`, `--optimizer=${s.optimizer}`, `--lr=${s.lr}`);
  if (s.optimizer === "momentum") args.push(`--momentum=${s.momentum}`);
  args.push(`--batch-size=${s.batch}`, `--epochs=${s.epochs}`);
  if (s.shuffle) args.push("--shuffle");
  if (req.data.source !== "seed") args.push(`--data=${req.data.source}`);
  return args;
}
