// The `connect` command's flags: the two endpoints (positional A and B), the paths and
// their resolution, the alignment, and the bend's training.

import { CURVE_KINDS, type CurveKind } from "../geometry/paths.js";
import type { AlignMethod } from "../geometry/align.js";
import { OPTIMIZER_NAMES, type OptimizerName } from "../train/optimizers.js";
import { checkOutFile } from "./out-path.js";
import { choiceOption, intOption, numberOption, valueOption } from "./options.js";

export const A_OPTION = valueOption<string | undefined>({ name: "a", arg: "A", positional: true, help: "the first solution: a params file (JSON or .safetensors)", default: undefined, parse: (t) => t });
export const B_OPTION = valueOption<string | undefined>({ name: "b", arg: "B", positional: true, help: "the second solution, of the same architecture", default: undefined, parse: (t) => t });

export const POINTS_OPTION = intOption({ name: "points", help: "points t along each path, evenly spaced from 0 (A) to 1 (B)", default: 51, min: 2, max: 100_000 });
export const ALIGN_OPTION = choiceOption<AlignMethod | "none">({ name: "align", help: "permute B's hidden units to match A's first (Git Re-Basin): weight matching or activation matching on the data", choices: ["none", "weights", "activations"], default: "none" });
export const CURVE_OPTION = choiceOption<CurveKind | "none">({ name: "curve", help: "train a curve between A and B: a quadratic Bezier or a polygonal chain with one bend", choices: [...CURVE_KINDS, "none"], default: "bezier" });
export const STEPS_OPTION = intOption({ name: "steps", help: "training steps of the bend, one t ~ U(0,1) per step", default: 500, min: 1, max: 10_000_000 });
export const CURVE_OPTIMIZER_OPTION = choiceOption<OptimizerName>({ name: "optimizer", help: "update rule of the bend, as torch.optim", choices: OPTIMIZER_NAMES, default: "adam" });
export const CURVE_LR_OPTION = numberOption({ name: "lr", help: "learning rate of the bend", default: 0.01, range: { gt: 0 } });
export const CURVE_MOMENTUM_OPTION = numberOption({ name: "momentum", help: "momentum coefficient, only with --optimizer momentum", default: 0.9, range: { ge: 0, lt: 1 } });
export const BEND_OPTION = valueOption<string | undefined>({ name: "bend", arg: "FILE", help: "start the bend here (a params file of A's shape) instead of the midpoint of A and B", default: undefined, defaultText: "the midpoint", parse: (t) => t });
export const SAVE_BEND_OPTION = valueOption<string | undefined>({ name: "save-bend", arg: "FILE", help: "write the trained bend as a params JSON file", default: undefined, parse: (t) => (checkOutFile(t, "--save-bend"), t) });
export const PLANE_GRID_OPTION = intOption({ name: "plane-grid", help: "grid points per axis of the plane through A, B and the bend (0: none)", default: 31, min: 0, max: 1001 });
export const TEST_DATA_OPTION = valueOption<string | undefined>({ name: "test-data", arg: "NAME|FILE", help: "also evaluate every path on this data: a built-in set (drawn with --test-data-seed) or a CSV", default: undefined, parse: (t) => t });
export const TEST_DATA_SEED_OPTION = intOption({ name: "test-data-seed", help: "seed of a built-in --test-data set", default: 1, min: 0 });
