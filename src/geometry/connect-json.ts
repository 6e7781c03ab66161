// The `connect` report as plain data: the object `connect --json` prints and the library's
// connect() returns, from one ConnectReport and the names of the model, data and endpoints.

import type { ConnectContext } from "./connect-figure.js";
import type { ConnectReport, PathReport } from "./connect.js";
import type { AlignMethod } from "./align.js";
import type { Barrier } from "./paths.js";

export interface PathJson {
  t: number[];
  loss: number[];
  accuracy: number[];
  barrier: Barrier;
  test: { loss: number[]; accuracy: number[]; barrier: Barrier } | null;
}

export interface ConnectJson {
  model: { architecture: string; params: number; loss: string; samples: number; data: string; testData: string | null };
  a: { file: string; loss: number; accuracy: number };
  b: { file: string; loss: number; accuracy: number };
  seed: number;
  linear: PathJson;
  alignment: { method: AlignMethod; permutations: number[][]; moved: number[]; sweeps: number; before: number; after: number } | null;
  aligned: PathJson | null;
  barrierDrop: { before: number; after: number; drop: number } | null;
  curve: (PathJson & {
    kind: string;
    training: { steps: number; optimizer: string; lr: number; seed: number };
    history: { t: number[]; loss: number[] };
  }) | null;
  plane: { x: number[]; y: number[]; loss: number[]; a: [number, number]; b: [number, number]; bend: [number, number]; curve: Array<[number, number]> } | null;
}

function pathJson(p: PathReport): PathJson {
  return { t: p.t, loss: p.loss, accuracy: p.accuracy, barrier: p.barrier, test: p.test };
}

export function connectJson(r: ConnectReport, ctx: ConnectContext, seed: number): ConnectJson {
  return {
    model: { architecture: ctx.architecture, params: ctx.params, loss: ctx.loss, samples: ctx.samples, data: ctx.data, testData: ctx.testData },
    a: { file: ctx.a, ...r.endpoints.a },
    b: { file: ctx.b, ...r.endpoints.b },
    seed,
    linear: pathJson(r.linear),
    alignment: r.alignment
      ? { method: r.alignment.method, permutations: r.alignment.perms.map((p) => Array.from(p)), moved: r.alignment.moved, sweeps: r.alignment.sweeps, before: r.alignment.before, after: r.alignment.after }
      : null,
    aligned: r.aligned ? pathJson(r.aligned) : null,
    barrierDrop: r.barrierDrop,
    curve: r.curve
      ? {
          kind: r.curve.kind,
          ...pathJson(r.curve),
          training: { steps: r.curve.training.steps, optimizer: r.curve.training.optimizer, lr: r.curve.training.options.lr, seed: r.curve.training.seed },
          history: { t: r.curve.history.map((h) => h.t), loss: r.curve.history.map((h) => h.loss) },
        }
      : null,
    plane: r.plane ? { x: r.plane.x, y: r.plane.y, loss: Array.from(r.plane.loss), a: r.plane.a, b: r.plane.b, bend: r.plane.bend, curve: r.plane.curve } : null,
  };
}
