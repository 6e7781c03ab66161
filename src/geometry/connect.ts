// Mode connectivity between two solutions A and B of the same model: the loss along the
// straight line, optionally after permuting B's hidden units to match A's (align.ts), and
// along a trained one-bend curve (Bezier or polychain) between A and (aligned) B, on the
// training data and, when given, on test data; the plane of A, B and the bend.

import type { Architecture, LayerShape } from "../nn/architecture.js";
import type { Table } from "../nn/table.js";
import type { LossName } from "../numerics/losses.js";
import { activationMatching, weightMatching, type AlignMethod, type Alignment } from "./align.js";
import { midpoint, trainBend, type BendOptimizerFactory, type BendStep, type BendTraining } from "./curve-train.js";
import type { Objective } from "./objective.js";
import { barrier, curvePath, linearPath, profile, tGrid, type Barrier, type PathPoint, type Profile } from "./paths.js";
import { lossPlane, type LossPlane } from "./plane.js";

export interface ConnectRequest {
  /** Points along each path (t evenly spaced in [0, 1]). */
  points: number;
  align: AlignMethod | null;
  /** Curve training; null = no curve. */
  curve: BendTraining | null;
  /** The bend training starts from (default: the midpoint of A and B). */
  bendStart: Float64Array | null;
  /** Plane grid points per axis (0 = no plane). */
  planeGrid: number;
  /** Seed of weight matching's layer order. */
  seed: number;
}

export interface PathReport extends Profile {
  test: { loss: number[]; accuracy: number[]; barrier: Barrier } | null;
}

export interface ConnectReport {
  endpoints: { a: { loss: number; accuracy: number }; b: { loss: number; accuracy: number } };
  linear: PathReport;
  alignment: Alignment | null;
  aligned: PathReport | null;
  /** Barrier of the straight line before and after alignment. */
  barrierDrop: { before: number; after: number; drop: number } | null;
  curve: (PathReport & { kind: BendTraining["kind"]; bend: Float64Array; history: BendStep[]; training: Omit<BendTraining, "kind"> }) | null;
  plane: LossPlane | null;
}

/** What connect needs of the model: the objectives, and for alignment an MLP's shape and data. */
export interface ConnectModel {
  train: Objective;
  test: Objective | null;
  /** Required for --align (permutations of hidden units). */
  mlp: { arch: Architecture; data: Table; loss: LossName } | null;
  /** The bend's update rule (default: the networks' optimizers). */
  bendOptimizer?: BendOptimizerFactory;
  /** A model that is a chain of fully connected layers (not an MLP of ../nn): its layout, for weight matching. */
  layers?: readonly LayerShape[];
}

function pathReport(m: ConnectModel, path: PathPoint, t: number[]): PathReport {
  const p = profile(m.train, path, t);
  let test: PathReport["test"] = null;
  if (m.test) {
    const q = profile(m.test, path, t);
    test = { loss: q.loss, accuracy: q.accuracy, barrier: barrier(t, q.loss) };
  }
  return { ...p, test };
}

export type ConnectStage = (stage: string, fraction?: number) => void;

export function connectReport(m: ConnectModel, a: Float64Array, b: Float64Array, req: ConnectRequest, onStage: ConnectStage = () => {}): ConnectReport {
  if (a.length !== m.train.size || b.length !== m.train.size) throw new RangeError(`A has ${a.length} parameters and B ${b.length}; the model ${m.train.size}`);
  const t = tGrid(req.points);
  onStage("the straight line");
  const linear = pathReport(m, linearPath(a, b), t);
  let alignment: Alignment | null = null;
  let aligned: PathReport | null = null;
  let end = b;
  if (req.align) {
    onStage(`${req.align} matching`);
    if (m.mlp) alignment = req.align === "weights" ? weightMatching(m.mlp.arch, a, b, req.seed) : activationMatching(m.mlp.arch, a, b, m.mlp.data, m.mlp.loss);
    else if (m.layers && req.align === "weights") alignment = weightMatching(m.layers, a, b, req.seed);
    else throw new RangeError(`${req.align} matching needs an MLP${req.align === "weights" ? " or a chain of fully connected layers" : ""} (permutations of hidden units)`);
    end = alignment.aligned;
    onStage("the aligned line");
    aligned = pathReport(m, linearPath(a, end), t);
  }
  let curve: ConnectReport["curve"] = null;
  let plane: LossPlane | null = null;
  if (req.curve) {
    const stage = `training the ${req.curve.kind} bend`;
    onStage(stage, 0);
    const { kind, ...training } = req.curve;
    const trained = trainBend(m.train, a, end, req.bendStart ?? midpoint(a, end), req.curve, (k) => k % 16 === 0 && onStage(stage, k / req.curve!.steps), m.bendOptimizer);
    onStage(`the ${kind} curve`);
    const path = curvePath(kind, a, trained.bend, end);
    curve = { ...pathReport(m, path, t), kind, bend: trained.bend, history: trained.history, training };
    if (req.planeGrid > 0) {
      onStage("the plane through A, B and the bend");
      plane = lossPlane(m.train, a, end, trained.bend, path, t, req.planeGrid);
    }
  }
  const barrierDrop = aligned ? { before: linear.barrier.height, after: aligned.barrier.height, drop: linear.barrier.height - aligned.barrier.height } : null;
  return {
    endpoints: { a: m.train.evaluate(a), b: m.train.evaluate(b) },
    linear,
    alignment,
    aligned,
    barrierDrop,
    curve,
    plane,
  };
}
