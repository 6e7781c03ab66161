// A loaded model graph: nodes in topological order with their kernels, the flat parameter layout
// (PyTorch's named_parameters() order: first use in the graph), buffers and constants.

import type { Kernel } from "./op.js";
import type { Tensor } from "./tensor.js";

export interface ParamTensor {
  name: string;
  shape: number[];
  /** Offset into the flat θ. */
  offset: number;
  size: number;
}

export interface BufferTensor {
  name: string;
  shape: number[];
}

export interface GraphNode {
  name: string;
  opType: string;
  /** Value names; "" for an absent optional input. */
  inputs: string[];
  output: string;
  kernel: Kernel;
  /** Whether the output depends on θ (and so carries tangents and cotangents). */
  active: boolean;
  /** Per input: whether it depends on θ. */
  activeInputs: boolean[];
}

/** What follows the graph's last computed value: the loss reads the logits before it. */
export type OutputHead = "none" | "softmax" | "logsoftmax";

export interface Graph {
  inputName: string;
  /** Dimensions of one sample (the input's shape without its batch axis); null where symbolic. */
  sampleShape: Array<number | null>;
  /** The value the loss reads. */
  output: string;
  head: OutputHead;
  nodes: GraphNode[];
  parameters: ParamTensor[];
  buffers: BufferTensor[];
  /** Buffers, Constant outputs and non-parameter initializers, by value name. */
  constants: Map<string, Tensor>;
  /** θ as stored in the file. */
  theta: Float64Array;
  /** The ONNX data type of each parameter's initializer (1 = float32, 11 = float64). */
  paramTypes: Map<string, number>;
  P: number;
}
