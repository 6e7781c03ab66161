// `connect A B`: mode connectivity between two solutions: the loss along the straight
// line, after aligning B's hidden units to A's (--align), and along a trained Bezier or
// polygonal-chain curve; text or JSON, connect.svg, and the trained bend (--save-bend).

import { resolve } from "node:path";
import { parameterCount, type Architecture } from "../../nn/architecture.js";
import { hiddenFromLayers, layersToTheta, ParamsError, serializeParams, type RawLayer } from "../../formats/params-json.js";
import { connectReportOf } from "../../api/connect.js";
import { mlpModel, modelDataOfTable } from "../../model/mlp-model.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { connectFigure, connectJson, connectText } from "../connect-format.js";
import {
  A_OPTION, ALIGN_OPTION, B_OPTION, BEND_OPTION, CURVE_LR_OPTION, CURVE_MOMENTUM_OPTION, CURVE_OPTIMIZER_OPTION, CURVE_OPTION, PLANE_GRID_OPTION, POINTS_OPTION,
  SAVE_BEND_OPTION, STEPS_OPTION, TEST_DATA_OPTION, TEST_DATA_SEED_OPTION,
} from "../connect-options.js";
import { UsageError, usageOn } from "../errors.js";
import { evaluationsSeconds, networkMemory } from "../../estimate/cost.js";
import { requireFinite } from "../finite.js";
import { SVG_OPTION } from "../hessian-options.js";
import { writeFileAtomic } from "../io.js";
import { checkedArchitecture, loadTable, readParamsLayers, readTensorShapes } from "../network-io.js";
import { ACTIVATION_OPTION, DATA_SEED_OPTION, HIDDEN_OPTION, NET_DATA_OPTION, NOISE_OPTION, SAMPLES_OPTION } from "../network-options.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { quote } from "../quote.js";
import { JSON_OPTION, LOSS_OPTION, OUT_FILE_OPTION, seedOption } from "../shared-options.js";

const SEED_OPTION = seedOption("seed of the bend's t draws and of weight matching's layer order");

const shapeText = (layers: RawLayer[]): string => layers.map((l) => `${l.rows}×${l.cols}`).join(", ");

/**
 * A's and B's θ in one architecture; exit 2 when a file holds a convolution (a tensor of
 * rank > 2: only MLPs are read, and --align permutes fully connected units only), or
 * when A and B differ in shape or in tensor names.
 */
function endpoints(a: string, b: string, inputs: number, hidden: readonly number[] | null, activation: Architecture["activation"], align: boolean) {
  const ta = readTensorShapes(a, "A"), tb = readTensorShapes(b, "B");
  for (const [file, tensors] of [[a, ta], [b, tb]] as const) {
    const conv = (tensors ?? []).find(([, shape]) => shape.length > 2);
    if (conv) {
      const what = `${quote(file)} holds a convolution (tensor ${quote(conv[0])} of shape [${conv[1].join(", ")}])`;
      throw new UsageError(align ? `--align: ${what}; aligning models with convolutions is not supported yet (MLPs only)` : `${what}; connect reads MLPs only for now`);
    }
  }
  const na = ta?.map(([name]) => name) ?? null, nb = tb?.map(([name]) => name) ?? null;
  const la = readParamsLayers(a, "A"), lb = readParamsLayers(b, "B");
  if (la.length !== lb.length || la.some((l, i) => l.rows !== lb[i].rows || l.cols !== lb[i].cols || l.bias.length !== lb[i].bias.length)) {
    throw new UsageError(`A and B have different architectures: ${quote(a)} has layers ${shapeText(la)}, ${quote(b)} has ${shapeText(lb)}; connect needs two solutions of one model`);
  }
  if (na && nb && na.join("\n") !== nb.join("\n")) {
    throw new UsageError(`A and B name their tensors differently: ${quote(a)} has ${na.join(", ")}; ${quote(b)} has ${nb.join(", ")}`);
  }
  const arch = checkedArchitecture({ inputs, hidden: hidden ?? hiddenFromLayers(la).hidden, activation }, hidden ? "--hidden" : `A ${quote(a)}`);
  return {
    arch,
    a: usageOn("A", [ParamsError], () => layersToTheta(la, arch, a)),
    b: usageOn("B", [ParamsError], () => layersToTheta(lb, arch, b)),
  };
}

export const connectCommand: Command = {
  name: "connect",
  summary: "Mode connectivity between two solutions A and B: loss and accuracy along the straight line, after permutation alignment (Git Re-Basin), and along a trained Bezier or one-bend polygonal curve, with barrier heights.",
  options: [
    A_OPTION, B_OPTION, LOSS_OPTION, HIDDEN_OPTION, ACTIVATION_OPTION, NET_DATA_OPTION, SAMPLES_OPTION, NOISE_OPTION, DATA_SEED_OPTION, TEST_DATA_OPTION, TEST_DATA_SEED_OPTION,
    POINTS_OPTION, ALIGN_OPTION, CURVE_OPTION, STEPS_OPTION, CURVE_OPTIMIZER_OPTION, CURVE_LR_OPTION, CURVE_MOMENTUM_OPTION, SEED_OPTION, BEND_OPTION, SAVE_BEND_OPTION, PLANE_GRID_OPTION,
    JSON_OPTION, OUT_FILE_OPTION, SVG_OPTION, CONFIG_OPTION, ...PROGRESS_OPTIONS,
  ],
  details: `A and B are params files (JSON or .safetensors) of the same architecture; --hidden
defaults to the widths their layers imply. The barrier of a path φ is
max_t [L(φ(t)) − ((1 − t)L(A) + tL(B))] over the --points values of t (Frankle et al. 2020).
--align weights: weight matching (Ainsworth et al. 2023), each hidden layer's permutation
a linear assignment (munkres) with the others fixed, layers in a seeded random order,
until a sweep changes nothing. --align activations: per hidden layer, the assignment
maximizing the correlation of A's and B's post-activations on --data. Permuting hidden
units leaves B's function unchanged; the text says how far the barrier dropped.
The curve (Garipov et al. 2018) joins A and B (aligned B with --align) through a bend θ_b:
bezier (1−t)²A + 2t(1−t)θ_b + t²B, polychain A → θ_b → B. θ_b starts at the midpoint (or
--bend) and is trained for --steps steps, each on L(φ(t)) at one t ~ U(0, 1) drawn from
--seed, over the full training data.

JSON: {"model": {"architecture", "params", "loss", "samples", "data", "testData"}, "a" and "b":
{"file", "loss", "accuracy"}, "seed", "linear", "aligned", "curve": {"t", "loss", "accuracy",
"barrier": {"height", "t"}, "test": {"loss", "accuracy", "barrier"} or null} ("curve" adds "kind",
"training": {"steps", "optimizer", "lr", "seed"}, "history": {"t", "loss"} per step),
"alignment": {"method", "permutations" (per hidden layer: B's unit for each of A's), "moved",
"sweeps", "before", "after"}, "barrierDrop": {"before", "after", "drop"}, "plane": {"x", "y",
"loss" (row-major, y outer), "a", "b", "bend", "curve"}}; absent parts are null.

Example: loss-landscape connect a.json b.json --data moons --loss bce --align weights --svg connect.svg`,
  async run(values, io) {
    const aPath = values.get(A_OPTION), bPath = values.get(B_OPTION);
    if (aPath === undefined || bPath === undefined) throw new UsageError("connect needs two params files: loss-landscape connect A B [options]");
    const loss = values.get(LOSS_OPTION);
    const data = loadTable(values.get(NET_DATA_OPTION), values.get(SAMPLES_OPTION), values.get(NOISE_OPTION), values.get(DATA_SEED_OPTION));
    const testSpec = values.get(TEST_DATA_OPTION);
    const test = testSpec === undefined ? null : loadTable(testSpec, values.get(SAMPLES_OPTION), values.get(NOISE_OPTION), values.get(TEST_DATA_SEED_OPTION));
    if (test && test.inputs !== data.inputs) throw new UsageError(`--test-data has ${test.inputs} inputs, --data ${data.inputs}`);
    const ends = endpoints(aPath, bPath, data.inputs, values.given(HIDDEN_OPTION) ? values.get(HIDDEN_OPTION) : null, values.get(ACTIVATION_OPTION), values.get(ALIGN_OPTION) !== "none");
    const { arch } = ends;
    const P = parameterCount(arch);
    const align = values.get(ALIGN_OPTION);
    const curveKind = values.get(CURVE_OPTION);
    const optimizer = values.get(CURVE_OPTIMIZER_OPTION);
    if (values.given(CURVE_MOMENTUM_OPTION) && optimizer !== "momentum") throw new UsageError(`--momentum applies only with --optimizer momentum (got --optimizer ${optimizer})`);
    if (curveKind === "none") {
      for (const o of [STEPS_OPTION, CURVE_OPTIMIZER_OPTION, CURVE_LR_OPTION, CURVE_MOMENTUM_OPTION, BEND_OPTION, SAVE_BEND_OPTION]) if (values.given(o)) throw new UsageError(`--${o.name} sets up the curve: drop --curve none`);
    }
    const bendPath = values.get(BEND_OPTION);
    let bendStart: Float64Array | null = null;
    if (bendPath !== undefined) {
      const layers = readParamsLayers(bendPath, "--bend");
      bendStart = usageOn("--bend", [ParamsError], () => layersToTheta(layers, arch, bendPath));
    }
    const seed = values.get(SEED_OPTION);
    const saveBend = values.get(SAVE_BEND_OPTION);
    const svgPath = values.get(SVG_OPTION);
    const out = values.get(OUT_FILE_OPTION);
    const paths = [out, svgPath, saveBend].filter((p): p is string => p !== undefined).map((p) => resolve(p));
    if (new Set(paths).size !== paths.length) throw new UsageError("--out, --svg and --save-bend must name different files");
    const planeGrid = svgPath !== undefined || values.given(PLANE_GRID_OPTION) ? values.get(PLANE_GRID_OPTION) : 0;
    const n = data.y.length + (test ? test.y.length : 0);
    const points = values.get(POINTS_OPTION), steps = values.get(STEPS_OPTION);
    const evals = points * (1 + (align !== "none" ? 1 : 0) + (curveKind !== "none" ? 1 : 0)) + (curveKind !== "none" ? steps : 0) + planeGrid ** 2;
    const progress = startJob(values, io, "connect", { seconds: evaluationsSeconds(evals, P * n), what: `about ${evals.toLocaleString("en-US")} loss evaluations of P = ${P} on ${n} samples`, memory: networkMemory(arch, n) });
    const { report, context: ctx } = await connectReportOf(mlpModel(arch, ends.a), modelDataOfTable(data), ends.a, ends.b, {
      loss, testData: test ? modelDataOfTable(test) : null, points, align, curve: curveKind, steps, optimizer, lr: values.get(CURVE_LR_OPTION), momentum: values.get(CURVE_MOMENTUM_OPTION),
      seed, bend: bendStart, planeGrid, a: aPath, b: bPath,
    }, { onProgress: (stage, f) => progress.update(stage, f) });
    const doc = connectJson(report, ctx, seed);
    requireFinite(doc, "A and B");
    const text = values.get(JSON_OPTION) ? JSON.stringify(doc) + "\n" : connectText(report, ctx);
    const svg = svgPath === undefined ? null : await (async () => {
      const { JSDOM } = await import("jsdom");
      const { renderConnectFigure } = await import("../../render/figures/connect.js");
      return renderConnectFigure(new JSDOM("").window.document, connectFigure(report, ctx));
    })();
    if (svgPath !== undefined && svg !== null) writeFileAtomic(svgPath, svg);
    if (saveBend !== undefined && report.curve) writeFileAtomic(saveBend, serializeParams(arch, report.curve.bend));
    if (out !== undefined) writeFileAtomic(out, text);
    else io.out(text);
    progress.finish();
    return 0;
  },
};
