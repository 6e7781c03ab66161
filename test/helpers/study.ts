// The default landscape study and figure options, shared by the figure tests.
import type { FigureOptions } from "../../src/landscape/figures.js";
import type { StudyOptions } from "../../src/landscape/study.js";
import { DEFAULT_GRID } from "../../src/numerics/grid.js";
import { DEFAULT_TRAIN_CONFIG } from "../../src/train/train.js";

export const STUDY: StudyOptions = {
  grid: DEFAULT_GRID,
  losses: ["mse", "bce"],
  starts: [{ kind: "fixed", w: -5, b: -10 }, { kind: "pytorch" }, { kind: "xavier" }, { kind: "he" }],
  train: DEFAULT_TRAIN_CONFIG,
  seed: 0,
  epsilon: "auto",
};

export const FIG: FigureOptions = { scheme: "viridis", scale: "auto", curvesScale: "log", contourLines: true };
