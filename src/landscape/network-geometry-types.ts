// The shapes of the landscape's geometry part (network-geometry.ts computes it), apart from
// the code so the study's types (network-types.ts) can name them without an import cycle.

import type { ConnectReport } from "../geometry/connect.js";
import type { BendTraining } from "../geometry/curve-train.js";
import type { SharpnessReport, SharpnessRequest } from "../geometry/sharpness-report.js";

export interface NetworkGeometrySettings {
  /** The sharpness measures' sizes and budgets (the seed is the study's). */
  sharpness: Omit<SharpnessRequest, "seed">;
  /** Which start's solutions are connected: k = properStarts[k − 1]. */
  connectStart: number;
  /** Points t along each path. */
  points: number;
  /** The Bezier bend's training (the seed is the study's). */
  curve: Omit<BendTraining, "seed">;
  /** Plane grid points per axis. */
  planeGrid: number;
}

export interface GeometrySharpnessRun {
  /** The run's key in the study ("mse-bad", "mse-he", …). */
  key: string;
  label: string;
  report: SharpnessReport;
}

export interface NetworkGeometry {
  settings: NetworkGeometrySettings;
  sharpness: { request: SharpnessRequest; runs: GeometrySharpnessRun[] };
  connect: {
    /** The init both solutions start from, as `--init` spells it. */
    init: string;
    /** A is the study's run of that init (seed `seeds[0]`); B the same init and training with seed `seeds[1]`. */
    seeds: [number, number];
    aKey: string;
    b: { finalLoss: number; accuracy: number };
    report: ConnectReport;
  };
}
