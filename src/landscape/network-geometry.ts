// The networks section's geometry part: how sharp the MSE solutions from the bad start and
// from the proper starts are (every measure of `sharpness`, side by side), and whether two
// solutions from the same proper init with different seeds are connected: the loss along
// the straight line between them, along the line after weight matching (Git Re-Basin),
// and along a trained Bezier curve to the aligned one (`connect`). Seeded by the study's
// seed; pure numerics.

import { connectReport } from "../geometry/connect.js";
import { networkObjective } from "../geometry/objective.js";
import { DEFAULT_ASCENT_TOL } from "../geometry/sharpness.js";
import { sharpnessReport, type SharpnessRequest } from "../geometry/sharpness-report.js";
import { DEFAULT_OPTIMIZER_OPTIONS } from "../train/optimizers.js";
import { trainRun } from "./network-study.js";
import type { NetworkRun, NetworkStudy } from "./network-types.js";
import type { Progress } from "./types.js";
import type { NetworkGeometry, NetworkGeometrySettings } from "./network-geometry-types.js";

export type { GeometrySharpnessRun, NetworkGeometry, NetworkGeometrySettings } from "./network-geometry-types.js";

export const NETWORK_GEOMETRY_SETTINGS: NetworkGeometrySettings = {
  sharpness: { epsilon: 1e-3, rho: 0.05, subspace: null, restarts: 2, iterations: 40, tol: DEFAULT_ASCENT_TOL, sigma: 0.01, averageSamples: 64, traceProbes: 32 },
  connectStart: 2,
  points: 41,
  curve: { kind: "bezier", steps: 1000, optimizer: "adam", options: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: 0.01 } },
  planeGrid: 21,
};

/** Sharpness of every MSE run's end point, then the connection of two seeds' solutions. */
export function networkGeometry(n: NetworkStudy, progress: Progress = () => {}, g: NetworkGeometrySettings = NETWORK_GEOMETRY_SETTINGS): NetworkGeometry {
  const loss = "mse";
  const obj = networkObjective(n.arch, n.data, loss);
  const request: SharpnessRequest = { ...g.sharpness, seed: n.seed };
  const mse = n.runs.filter((r) => r.loss === loss);
  const runs = mse.map((r, k) => {
    progress(`sharpness of the MSE solution from ${r.startIndex === 0 ? "the bad start" : r.initText}`, k / mse.length);
    return { key: r.key, label: r.startIndex === 0 ? `bad start ${r.initText}` : r.initText, report: sharpnessReport(obj, r.final, request) };
  });
  const a = n.runs.find((r) => r.loss === loss && r.startIndex === g.connectStart) as NetworkRun;
  const seeds: [number, number] = [n.seed, n.seed + 1];
  progress(`training a second ${a.initText} solution (seed ${seeds[1]}) and connecting the two`);
  const b = trainRun(n.arch, n.data, n.settings, seeds[1], g.connectStart, loss);
  const report = connectReport(
    { train: obj, test: null, mlp: { arch: n.arch, data: n.data, loss } },
    a.final,
    b.final,
    { points: g.points, align: "weights", curve: { ...g.curve, seed: n.seed }, bendStart: null, planeGrid: g.planeGrid, seed: n.seed },
  );
  return {
    settings: g,
    sharpness: { request, runs },
    connect: { init: a.initText, seeds, aKey: a.key, b: { finalLoss: b.finalLoss, accuracy: b.accuracy }, report },
  };
}
