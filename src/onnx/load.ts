// An ONNX model as an engine graph: Constant nodes folded, a trailing Softmax/LogSoftmax handed
// to the loss, float initializers split into parameters (in order of first use, which is the order
// of PyTorch's named_parameters() for exported modules), buffers (BatchNorm's running statistics)
// and constants, and every node given its kernel from the one registry.

import type { Graph, GraphNode, OutputHead, ParamTensor } from "../graph/graph.js";
import { GraphError, type AttrValue, type NodeSpec } from "../graph/op.js";
import { opEntry } from "../graph/registry.js";
import type { Tensor } from "../graph/tensor.js";
import { attributesOf, decodeModel, dimsOf, FLOAT, inputDims, isFloatTensor, opsetVersion, tensorOf, type ModelProto, type TensorProto } from "./decode.js";

/** Files above this size are refused before they are read (documented in docs/pytorch-models.md). */
export const MAX_MODEL_BYTES = 512 * 1024 * 1024;
/** Opsets this loader reads (torch.onnx.export emits 13–17 for these ops; older files mostly work too). */
export const MIN_OPSET = 7;

export interface LoadedModel {
  graph: Graph;
  /** Names like onnx::Conv_12: an EVAL export that folded BatchNorm and renamed parameters. */
  warnings: string[];
  producer: string;
  opset: number;
  /** The decoded file, for writing it back with new parameters (save.ts). */
  proto: ModelProto;
  /** Parameters shown under another name than their initializer's (see unfoldLinearWeights). */
  renamed: Map<string, { initializer: string; transposed: boolean }>;
  /** Initializers restored from the exporter's deduplication (see untieDeduplicated): name → the initializer it was written as. */
  untied: Map<string, string>;
}

type Spec = { spec: NodeSpec; inputs: string[]; output: string };

/**
 * torch.onnx.export folds an nn.Linear's transposed weight (on inputs of rank > 2, where Linear is
 * MatMul + Add) into an initializer named onnx::MatMul_N of shape [in, out]. When the Add that
 * follows adds PREFIX.bias, the weight is PREFIX.weight of shape [out, in] in the state_dict: the
 * parameter is restored under that name and shape, and a Transpose node feeds the MatMul, so
 * names, shapes and the flat order are named_parameters()'.
 */
function unfoldLinearWeights(specs: Spec[], inits: Map<string, TensorProto>): Map<string, { initializer: string; transposed: boolean }> {
  const renamed = new Map<string, { initializer: string; transposed: boolean }>();
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i];
    const w = s.inputs[1];
    if (s.spec.opType !== "MatMul" || !w || !/^onnx::MatMul_\d+$/.test(w) || !inits.has(w)) continue;
    const t = inits.get(w)!;
    const dims = dimsOf(t);
    if (dims.length !== 2 || !isFloatTensor(t)) continue;
    const add = specs.find((q) => q.spec.opType === "Add" && q.inputs.includes(s.output));
    const bias = add?.inputs.find((n) => n !== s.output);
    const m = bias !== undefined ? /^(.*)\.bias$/.exec(bias) : null;
    if (!m || !inits.has(bias!) || dimsOf(inits.get(bias!)!).reduce((a, b) => a * b, 1) !== dims[1]) continue;
    const name = `${m[1]}.weight`;
    if (inits.has(name) || renamed.has(name)) continue;
    const [rows, cols] = dims;
    const v = tensorOf(t, `initializer ${w}`).data;
    const tr = new Array<number>(v.length);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) tr[c * rows + r] = v[r * cols + c];
    inits.set(name, t.dataType === FLOAT ? { name, dims: [cols, rows], dataType: FLOAT, floatData: tr } : { name, dims: [cols, rows], dataType: t.dataType, doubleData: tr });
    inits.delete(w);
    const perm = new Map<string, AttrValue>([["perm", [1, 0]]]);
    specs.splice(i, 0, { spec: { opType: "Transpose", name: `${s.spec.name}/weight`, attrs: perm, constants: [], inputCount: 1 }, inputs: [name], output: w });
    i++;
    renamed.set(name, { initializer: w, transposed: true });
  }
  return renamed;
}

/**
 * torch.onnx.export (1.12 and later) deduplicates initializers of equal value: a parameter equal to
 * an earlier one (the fresh weights of ones of two BatchNorms, biases initialized to zero) is
 * written as Identity(earlier) under its own name. In the module they are separate parameters, so
 * each is restored as its own initializer (a copy of the value) and the Identity node dropped:
 * names, count and flat order are named_parameters()'. (Parameters the module really shares are
 * exported once, under one name, with no Identity.)
 */
function untieDeduplicated(specs: Spec[], inits: Map<string, TensorProto>): Map<string, string> {
  const untied = new Map<string, string>();
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i];
    const src = s.inputs[0];
    const t = s.spec.opType === "Identity" && src !== undefined ? inits.get(src) : undefined;
    if (!t || !isFloatTensor(t) || inits.has(s.output)) continue;
    inits.set(s.output, { ...t, name: s.output });
    untied.set(s.output, src!);
    specs.splice(i, 1);
    i--;
  }
  return untied;
}

export function loadOnnx(bytes: Uint8Array, source: string): LoadedModel {
  return graphOf(decodeModel(bytes, source), source);
}

export function graphOf(m: ModelProto, source: string): LoadedModel {
  const g = m.graph!;
  const opset = opsetVersion(m);
  if (opset > 0 && opset < MIN_OPSET) throw new GraphError(`${source}: opset ${opset} is older than ${MIN_OPSET}, the oldest read`);
  const inits = new Map<string, TensorProto>();
  for (const t of g.initializer ?? []) inits.set(t.name ?? "", t);

  const constants = new Map<string, Tensor>();
  const specs: Array<{ spec: NodeSpec; inputs: string[]; output: string }> = [];
  const producers = new Map<string, string>();
  for (const [i, n] of g.node.entries()) {
    const name = n.name || `${n.opType}_${i}`;
    const where = `node ${name} (${n.opType})`;
    if (n.domain && n.domain !== "ai.onnx") throw new GraphError(`unsupported op ${n.domain}.${n.opType} at node ${name}: only the default ONNX domain is read`);
    const attrs = attributesOf(n, where);
    const used = n.output.filter((o) => o !== "");
    if (used.length !== 1 && n.opType !== "Dropout") throw new GraphError(`${where}: ${used.length} outputs; only single-output nodes are supported`);
    if (n.opType === "Constant") {
      constants.set(n.output[0], constantValue(attrs, where));
      continue;
    }
    specs.push({ spec: { opType: n.opType, name, attrs, constants: [], inputCount: n.input.length }, inputs: [...n.input], output: n.output[0] });
    producers.set(n.output[0], n.opType);
  }

  const untied = untieDeduplicated(specs, inits);
  const renamed = unfoldLinearWeights(specs, inits);

  // The output the loss reads: before a trailing Softmax/LogSoftmax over the last axis.
  const outName = g.output?.[0]?.name;
  if (!outName) throw new GraphError(`${source}: the graph has no output`);
  let output = outName;
  let head: OutputHead = "none";
  const last = specs[specs.length - 1];
  if (last && last.output === outName && (last.spec.opType === "Softmax" || last.spec.opType === "LogSoftmax")) {
    const axis = last.spec.attrs.get("axis");
    if (axis !== undefined && axis !== -1 && axis !== 1) throw new GraphError(`node ${last.spec.name} (${last.spec.opType}): only a softmax over the class axis (-1 or 1) is supported`);
    head = last.spec.opType === "Softmax" ? "softmax" : "logsoftmax";
    output = last.inputs[0];
    specs.pop();
  }
  for (const s of specs) {
    if (s.spec.opType === "Softmax" || s.spec.opType === "LogSoftmax") {
      throw new GraphError(`node ${s.spec.name} (${s.spec.opType}): a softmax is supported only as the model's last op (the loss reads the logits before it)`);
    }
  }

  // Classify float initializers by their first use; integer ones are constants.
  const parameters: ParamTensor[] = [];
  const paramTypes = new Map<string, number>();
  const bufferNames: string[] = [];
  const paramData: Float64Array[] = [];
  let offset = 0;
  const seen = new Set<string>();
  const nodes: GraphNode[] = [];
  const active = new Set<string>();
  for (const { spec, inputs, output: out } of specs) {
    const entry = opEntry(spec);
    inputs.forEach((name, j) => {
      if (name === "" || seen.has(name) || !inits.has(name)) return;
      seen.add(name);
      const t = inits.get(name)!;
      const value = tensorOf(t, `initializer ${name}`);
      const isFloat = isFloatTensor(t);
      if (isFloat) {
        const bad = value.data.findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) throw new GraphError(`${source}: initializer ${name} entry ${bad} is ${value.data[bad]}`);
      }
      if (!isFloat || entry.constantInputs?.includes(j) || entry.differentiable?.(spec) === false) {
        constants.set(name, value);
      } else if (entry.buffers?.includes(j)) {
        constants.set(name, value);
        bufferNames.push(name);
      } else {
        parameters.push({ name, shape: dimsOf(t), offset, size: value.data.length });
        paramTypes.set(name, t.dataType ?? FLOAT);
        paramData.push(value.data);
        offset += value.data.length;
        active.add(name);
      }
    });
    spec.constants = inputs.map((n) => (n !== "" && constants.has(n) ? constants.get(n)! : null));
    const kernel = entry.make(spec);
    const activeInputs = inputs.map((n, j) => n !== "" && active.has(n) && !entry.buffers?.includes(j) && !entry.constantInputs?.includes(j));
    const differentiable = entry.differentiable?.(spec) ?? true;
    const isActive = differentiable && activeInputs.some((a) => a);
    if (isActive) active.add(out);
    nodes.push({ name: spec.name, opType: spec.opType, inputs, output: out, kernel, active: isActive, activeInputs });
  }
  const flat = new Float64Array(offset);
  parameters.forEach((p, i) => flat.set(paramData[i], p.offset));

  const dataInputs = (g.input ?? []).filter((v) => !inits.has(v.name));
  if (dataInputs.length !== 1) throw new GraphError(`${source}: ${dataInputs.length} graph inputs besides the initializers; exactly one (the data) is supported`);
  const dims = inputDims(dataInputs[0]);
  if (dims === null || dims.length === 0) throw new GraphError(`${source}: the input ${dataInputs[0].name} has no shape`);
  if (!specs.some((s) => s.output === output) && !constants.has(output)) throw new GraphError(`${source}: the output ${output} is not computed by any node`);
  if (!active.has(output)) throw new GraphError(`${source}: the output ${output} does not depend on any parameter`);

  const buffers = bufferNames.map((name) => ({ name, shape: constants.get(name)!.shape }));
  const warnings: string[] = [];
  const evalNames = parameters.filter((p) => p.name.startsWith("onnx::")).map((p) => p.name);
  if (evalNames.length > 0) {
    warnings.push(
      `parameters named like ${evalNames.slice(0, 2).join(", ")}: this looks like torch.onnx.export's default EVAL export, which folds BatchNorm into the layer before it and renames its parameters; export with training=torch.onnx.TrainingMode.PRESERVE on an eval() model to keep names and BatchNorm`,
    );
  }
  return {
    graph: {
      inputName: dataInputs[0].name,
      sampleShape: dims.slice(1),
      output,
      head,
      nodes,
      parameters,
      buffers,
      constants,
      theta: flat,
      paramTypes,
      P: offset,
    },
    warnings,
    producer: m.producerName ?? "",
    opset,
    proto: m,
    renamed,
    untied,
  };
}

function constantValue(attrs: Map<string, unknown>, where: string): Tensor {
  const v = attrs.get("value");
  if (v && typeof v === "object" && !Array.isArray(v)) return v as Tensor;
  const f = attrs.get("value_float");
  if (typeof f === "number") return { shape: [], data: Float64Array.of(f) };
  const fs = attrs.get("value_floats");
  if (Array.isArray(fs)) return { shape: [fs.length], data: Float64Array.from(fs as number[]) };
  const i = attrs.get("value_int");
  if (typeof i === "number") return { shape: [], data: Float64Array.of(i), int: true };
  const is = attrs.get("value_ints");
  if (Array.isArray(is)) return { shape: [is.length], data: Float64Array.from(is as number[]), int: true };
  throw new GraphError(`${where}: a Constant without a value, value_float(s) or value_int(s) is not supported`);
}
