// The one op registry: every supported ONNX op, the kernel that holds its forward, backward and
// R-op rules, and which of its inputs are buffers (never parameters) or never differentiated.

import { attrNumber, GraphError, type Kernel, type NodeSpec } from "./op.js";
import { batchNormKernel } from "./ops/batchnorm.js";
import { binaryKernel, checkBinary } from "./ops/binary.js";
import { convKernel } from "./ops/conv.js";
import { gemmKernel, matmulKernel } from "./ops/gemm.js";
import { averagePoolKernel, globalAveragePoolKernel, maxPoolKernel } from "./ops/pool.js";
import { CAST_TO_INT, castKernel, concatKernel, flattenKernel, gatherKernel, identityKernel, padKernel, reshapeOpKernel, shapeKernel, squeezeKernel, transposeKernel, unsqueezeKernel } from "./ops/shape-ops.js";
import { UNARY_OPS, unaryKernel } from "./ops/unary.js";

export interface OpEntry {
  make(n: NodeSpec): Kernel;
  /** Input slots that hold buffers (BatchNorm's running statistics). */
  buffers?: number[];
  /** Input slots that only carry shapes or constants (never differentiated, never parameters). */
  constantInputs?: number[];
  /** Whether the output carries derivatives at all (false for the shape chain). */
  differentiable?: (n: NodeSpec) => boolean;
}

const binary: OpEntry = {
  make: (n) => {
    checkBinary(n);
    return binaryKernel(n);
  },
};

const REGISTRY: Record<string, OpEntry> = {
  Gemm: { make: gemmKernel },
  MatMul: { make: matmulKernel },
  Conv: { make: convKernel },
  Add: binary,
  Sub: binary,
  Mul: binary,
  Div: binary,
  BatchNormalization: { make: batchNormKernel, buffers: [3, 4] },
  MaxPool: { make: maxPoolKernel },
  AveragePool: { make: averagePoolKernel },
  GlobalAveragePool: { make: globalAveragePoolKernel },
  Flatten: { make: flattenKernel },
  Reshape: { make: reshapeOpKernel, constantInputs: [1] },
  Unsqueeze: { make: unsqueezeKernel, constantInputs: [1] },
  Squeeze: { make: squeezeKernel, constantInputs: [1] },
  Transpose: { make: transposeKernel },
  Identity: { make: identityKernel },
  // inference: Dropout is the identity (its ratio and training_mode inputs are ignored)
  Dropout: { make: identityKernel, constantInputs: [1, 2] },
  Pad: { make: padKernel, constantInputs: [1, 2, 3] },
  Concat: { make: concatKernel },
  Shape: { make: shapeKernel, differentiable: () => false },
  Gather: { make: gatherKernel, constantInputs: [1], differentiable: () => false },
  Cast: { make: castKernel, differentiable: (n) => !CAST_TO_INT.has(attrNumber(n, "to", 1)) },
};
for (const op of UNARY_OPS) REGISTRY[op] = { make: unaryKernel };

/** Ops the loader handles itself: Constant nodes, and a trailing Softmax/LogSoftmax read by the loss. */
export const LOADER_OPS = ["Constant", "Softmax", "LogSoftmax"];

export const SUPPORTED_OPS = [...Object.keys(REGISTRY), ...LOADER_OPS].sort();

export function opEntry(n: NodeSpec): OpEntry {
  const e = Object.hasOwn(REGISTRY, n.opType) ? REGISTRY[n.opType] : undefined;
  if (!e) throw new GraphError(`unsupported op ${n.opType} at node ${n.name || "(unnamed)"}; supported: ${SUPPORTED_OPS.join(", ")}`);
  return e;
}
