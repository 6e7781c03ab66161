// The networks section's study stage: every number its figures and captions show. A deep
// sigmoid network on a built-in 2-D data set, trained from the tutorial's kind of bad
// start (large weights) under MSE, from proper inits under MSE, and from the same bad
// start under cross-entropy; per-layer statistics at every start; an MSE slice through
// the plane of the cross-entropy run's path (Li et al. 2018 §7) with every run projected
// on it; the exact Hessian spectrum under MSE at the bad start and at the trained point.
// Pure numerics: no DOM, no files, no CLI.

import { seededRandom } from "../init/random.js";
import { parameterCount, type Architecture } from "../nn/architecture.js";
import { builtinTable } from "../nn/datasets.js";
import { backward, forward, norm2 } from "../nn/forward.js";
import { hessianSpectrum } from "../nn/hessian.js";
import { signCounts } from "../curvature/exact.js";
import { hessianOperator } from "../curvature/operator.js";
import { DEFAULT_DENSITY_OPTIONS } from "../curvature/slq.js";
import { spectrumSummary } from "../curvature/spectrum-summary.js";
import { describeNetworkInit, initializeNetwork } from "../nn/init.js";
import { layerStatistics } from "../nn/layer-stats.js";
import type { Table } from "../nn/table.js";
import { trainNetwork } from "../nn/train.js";
import { LOSS_NAMES, type LossName } from "../numerics/losses.js";
import { trajectoryPca } from "../slices/pca.js";
import { projectTrajectory, type ProjectedPoint } from "../slices/projection.js";
import { evaluateSlice } from "../slices/slice.js";
import { DEFAULT_OPTIMIZER_OPTIONS } from "../train/optimizers.js";
import { stepsPerEpoch, type TrainConfig } from "../train/train.js";
import { FLAT_CURVE_SPAN } from "./claims.js";
import type { NetworkClaims, NetworkRun, NetworkSettings, NetworkSlice, NetworkSpectrumPoint, NetworkStudy } from "./network-types.js";
import { ACCURACY_TARGET, type Progress } from "./types.js";

export type { NetworkRun, NetworkSettings, NetworkSlice, NetworkSpectrumPoint, NetworkStudy } from "./network-types.js";

/**
 * The section's network and training, fixed (not flags): small enough that the whole
 * section costs well under a second. 2-8-8-8-1 sigmoid has P = 177 parameters, so the
 * Hessian's every eigenvalue is computed exactly.
 */
export const NETWORK_SETTINGS: NetworkSettings = {
  data: "moons",
  samples: 100,
  dataSeed: 0,
  hidden: [8, 8, 8],
  activation: "sigmoid",
  badStart: { kind: "normal", std: 12 },
  properStarts: [{ kind: "xavier-normalized" }, { kind: "he" }],
  train: { loss: "mse", optimizer: "momentum", optimizerOptions: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: 0.5, momentum: 0.9 }, batchSize: 10, epochs: 150, shuffle: false },
  every: 30,
  sliceCount: 25,
  topEigenvalues: 10,
};

/** The loss curve: full-data loss at the start, then at every epoch's end. */
function lossCurve(start: number, epochs: { loss: number }[]): Float64Array {
  const c = new Float64Array(epochs.length + 1);
  c[0] = start;
  epochs.forEach((e, k) => (c[k + 1] = e.loss));
  return c;
}

export function trainRun(arch: Architecture, data: Table, s: NetworkSettings, seed: number, startIndex: number, loss: LossName): NetworkRun {
  const init = startIndex === 0 ? s.badStart : s.properStarts[startIndex - 1];
  // Each start draws from its own generator seeded with the seed, as `layers --init` does,
  // so `layers --seed S --init …` reproduces the statistics drawn here.
  const { theta } = initializeNetwork(arch, init, seededRandom(seed), 1, data);
  const config: TrainConfig = { ...s.train, loss };
  const r = trainNetwork(arch, theta, data, config, null, { every: s.every });
  const pass = forward(arch, theta, data, loss);
  return {
    key: `${loss}-${startIndex === 0 ? "bad" : describeNetworkInit(init)}`,
    loss,
    init,
    initText: describeNetworkInit(init),
    startIndex,
    start: Float64Array.from(theta),
    final: r.final,
    curve: lossCurve(pass.loss, r.epochs),
    epochs: r.epochs,
    trajectory: r.trajectory,
    trajectorySteps: r.trajectorySteps,
    steps: r.stepLosses.length,
    stepsPerEpoch: stepsPerEpoch(data.y.length, s.train.batchSize),
    startGradNorm: norm2(backward(pass, theta).grad),
    finalLoss: r.finalLoss,
    accuracy: r.accuracy,
    layers: layerStatistics(arch, theta, data, loss),
  };
}

function distance(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** [min, max] of the projected coordinate over every run's points, widened by 10% each side. */
function window(projections: ProjectedPoint[][], pick: (p: ProjectedPoint) => number): { min: number; max: number } {
  let lo = 0;
  let hi = 0;
  for (const run of projections) for (const p of run) {
    lo = Math.min(lo, pick(p));
    hi = Math.max(hi, pick(p));
  }
  const pad = 0.1 * Math.max(hi - lo, 1e-6);
  return { min: lo - pad, max: hi + pad };
}

/**
 * The slice: MSE on θ* + α d1 + β d2 with (d1, d2) the top principal directions of the
 * cross-entropy run's path from the bad start (biases included) and θ* its end. The
 * flat region's ε is the gradient norm below which the run's T steps of momentum SGD,
 * each at most lr/(1 − μ)·‖∇L‖ at a steady slope, cannot cover the distance D that run
 * travelled: flat on the scale of the training budget (as epsilon.ts for one neuron).
 */
function pcaSlice(arch: Architecture, data: Table, s: NetworkSettings, runs: NetworkRun[]): NetworkSlice {
  const plane = runs.find((r) => r.loss === "bce" && r.startIndex === 0) as NetworkRun;
  const pca = trajectoryPca(arch, plane.trajectory, "keep");
  const [d1, d2] = pca.directions;
  const loss: LossName = "mse";
  const projections = runs.map((r) => projectTrajectory(arch, plane.final, d1, d2, r.trajectory, data, loss));
  const result = evaluateSlice(
    { arch, theta: plane.final, d1, d2, data, loss },
    { alpha: { ...window(projections, (p) => p.alpha), count: s.sliceCount }, beta: { ...window(projections, (p) => p.beta), count: s.sliceCount } },
  );
  const o = s.train.optimizerOptions;
  const step = s.train.optimizer === "momentum" ? o.lr / (1 - o.momentum) : o.lr;
  const D = distance(plane.start, plane.final);
  const value = D / (step * plane.steps);
  const stepText = s.train.optimizer === "momentum" ? `lr/(1 − μ) = ${o.lr}/(1 − ${o.momentum})` : `lr = ${o.lr}`;
  const badMse = runs.find((r) => r.startIndex === 0 && r.loss === loss) as NetworkRun;
  return {
    loss,
    planeRun: plane.key,
    scale: D,
    maxOffPlane: projections.map((p) => p.reduce((m, q) => Math.max(m, q.offPlane), 0) / D),
    maxLossGap: projections.map((p) => p.reduce((m, q) => Math.max(m, Math.abs(q.loss - q.planeLoss)), 0)),
    badStartGradNorm: badMse.startGradNorm,
    pca,
    result,
    epsilon: { value, rule: `ε = D / (step·T) = ${D.toPrecision(3)} / (${Number(step.toPrecision(6))} · ${plane.steps}), D the distance the cross-entropy run from the bad start travelled, step = ${stepText}` },
    projections,
  };
}

function claims(study: Omit<NetworkStudy, "claims">): NetworkClaims {
  const trains = study.runs.map((r) => r.accuracy >= study.accuracyTarget);
  const curveExtent = study.runs.map((r): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of r.curve) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return [lo, hi];
  });
  const flat = curveExtent.map(([lo, hi]) => hi - lo < FLAT_CURVE_SPAN * Math.abs(hi));
  const bad = study.runs.findIndex((r) => r.loss === "mse" && r.startIndex === 0);
  const proper = study.runs.map((r, k) => k).filter((k) => study.runs[k].loss === "mse" && study.runs[k].startIndex > 0);
  const firstLayerBackprop = study.runs.map((r) => r.layers[0].backprop.std);
  const properMin = proper.reduce((m, k) => Math.min(m, firstLayerBackprop[k]), Infinity);
  return {
    trains,
    flat,
    mseStalls: !trains[bad] && proper.every((k) => trains[k]),
    badSaturation: study.runs[bad].layers.map((l) => l.activation.saturated),
    firstLayerBackprop,
    gradientRatio: firstLayerBackprop[bad] > 0 ? properMin / firstLayerBackprop[bad] : Infinity,
    curveExtent,
  };
}

/**
 * The MSE Hessian at θ: every eigenvalue exactly (dense, P ≤ 2000), and what spectrum.svg
 * draws: the SLQ density (seeded), the exact spectrum smoothed alike, the top eigenvalues
 * by Lanczos with their largest distance from the exact ones.
 */
function spectrumPoint(key: "start" | "trained", label: string, arch: Architecture, theta: Float64Array, data: Table, top: number, seed: number): NetworkSpectrumPoint {
  const exact = hessianSpectrum(arch, theta, data, "mse");
  const eigenvalues = exact.eigenvalues;
  const summary = spectrumSummary(hessianOperator(arch, theta, data, "mse"), top, { ...DEFAULT_DENSITY_OPTIONS, smoothing: "relative", seed }, eigenvalues);
  const n = eigenvalues.length;
  const topExact = Float64Array.from({ length: Math.min(top, n) }, (_, i) => eigenvalues[n - 1 - i]);
  const lanczos = summary.eigen ? Array.from(summary.eigen.top.values) : [];
  const signs = signCounts(eigenvalues);
  return {
    key,
    label,
    loss: "mse",
    eigenvalues,
    lambdaMin: exact.lambdaMin,
    lambdaMax: exact.lambdaMax,
    maxAbs: Math.max(Math.abs(exact.lambdaMin), Math.abs(exact.lambdaMax)),
    trace: exact.trace,
    negatives: signs.negative,
    zeros: signs.zero,
    top: topExact,
    summary,
    lanczosError: lanczos.reduce((m, v, i) => Math.max(m, Math.abs(v - topExact[i])), 0) / Math.max(Math.abs(exact.lambdaMin), Math.abs(exact.lambdaMax)),
  };
}

/** Runs the section for `seed` (the landscape's --seed): MSE from every start, then cross-entropy from the bad start. */
export function runNetworkStudy(seed: number, progress: Progress = () => {}, s: NetworkSettings = NETWORK_SETTINGS): NetworkStudy {
  const data = builtinTable(s.data, { samples: s.samples, noise: null, dataSeed: s.dataSeed });
  const arch: Architecture = { inputs: data.inputs, hidden: s.hidden, activation: s.activation };
  const runs: NetworkRun[] = [];
  for (const loss of LOSS_NAMES) {
    const starts = loss === "mse" ? [0, ...s.properStarts.map((_, k) => k + 1)] : [0];
    progress(`training the ${arch.hidden.length}-layer network under ${loss} from ${starts.length} start${starts.length > 1 ? "s" : ""}`);
    for (const k of starts) runs.push(trainRun(arch, data, s, seed, k, loss));
  }
  progress("evaluating the network's PCA slice and Hessian spectra");
  const slice = pcaSlice(arch, data, s, runs);
  const badMse = runs.find((r) => r.loss === "mse" && r.startIndex === 0) as NetworkRun;
  const center = runs.find((r) => r.key === slice.planeRun) as NetworkRun;
  const spectrum: NetworkSpectrumPoint[] = [
    spectrumPoint("start", `bad start ${badMse.initText}`, arch, badMse.start, data, s.topEigenvalues, seed),
    spectrumPoint("trained", "trained point", arch, center.final, data, s.topEigenvalues, seed),
  ];
  const partial = { settings: s, seed, arch, data, accuracyTarget: ACCURACY_TARGET, runs, slice, spectrum };
  return { ...partial, claims: claims(partial) };
}

/** P of the section's network (for the manifest and README). */
export const networkParameterCount = (study: NetworkStudy): number => parameterCount(study.arch);
