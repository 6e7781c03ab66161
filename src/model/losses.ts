// The losses a model is trained and analysed with, on its output z (N samples):
//   ce:  torch.nn.functional.cross_entropy(z, y), mean; K ≥ 2 logits, integer labels. A trailing
//        LogSoftmax is part of the model (CE of log-probabilities = NLL = CE of the logits), and a
//        trailing Softmax is read as -log p_y; both are computed from the logits, stably.
//   bce: binary_cross_entropy_with_logits(z, y), mean; one logit, y in [0, 1].
//   mse: mse_loss(z, y), mean over samples and outputs.
// Each gives the loss, ∂L/∂z, and the tangent of ∂L/∂z along Rz (its Hessian in z times Rz).

import type { Head } from "../graph/engine.js";
import type { Tensor } from "../graph/tensor.js";

export type ModelLossName = "ce" | "bce" | "mse";
export const MODEL_LOSSES: readonly ModelLossName[] = ["ce", "bce", "mse"];

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Softmax rows of z [N×K] (max-shifted) and each row's log-sum-exp. */
function softmaxRows(z: Float64Array, N: number, K: number): { p: Float64Array; lse: Float64Array } {
  const p = new Float64Array(N * K);
  const lse = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let m = -Infinity;
    for (let k = 0; k < K; k++) m = Math.max(m, z[i * K + k]);
    let s = 0;
    for (let k = 0; k < K; k++) s += (p[i * K + k] = Math.exp(z[i * K + k] - m));
    for (let k = 0; k < K; k++) p[i * K + k] /= s;
    lse[i] = m + Math.log(s);
  }
  return { p, lse };
}

/**
 * The loss `auto` picks from the output width K and the targets: ce for K ≥ 2 logits and
 * integer labels, bce for one logit and 0/1 targets, else mse (regression).
 */
export function autoLoss(K: number, y: Float64Array, N: number): ModelLossName {
  if (K >= 2 && y.length === N && y.every((v) => Number.isInteger(v) && v >= 0)) return "ce";
  if (K === 1 && y.every((v) => v === 0 || v === 1)) return "bce";
  return "mse";
}

/** Rows N and columns K of an output (N, N×1, N×K, or N×K×1…). */
export function outputRows(z: Tensor): [number, number] {
  const N = z.shape[0] ?? 1;
  return [N, N === 0 ? 0 : z.data.length / N];
}

export function lossHead(loss: ModelLossName, y: Float64Array): Head {
  if (loss === "ce") {
    return {
      grad: (z) => {
        const [N, K] = outputRows(z);
        const { p, lse } = softmaxRows(z.data, N, K);
        let total = 0;
        const gz = new Float64Array(N * K);
        for (let i = 0; i < N; i++) {
          const c = y[i];
          total += lse[i] - z.data[i * K + c];
          for (let k = 0; k < K; k++) gz[i * K + k] = (p[i * K + k] - (k === c ? 1 : 0)) / N;
        }
        return { loss: total / N, gz: { shape: z.shape, data: gz } };
      },
      rgrad: (z, rz) => {
        const [N, K] = outputRows(z);
        const { p } = softmaxRows(z.data, N, K);
        const out = new Float64Array(N * K);
        for (let i = 0; i < N; i++) {
          let dot = 0;
          for (let k = 0; k < K; k++) dot += p[i * K + k] * rz.data[i * K + k];
          for (let k = 0; k < K; k++) out[i * K + k] = (p[i * K + k] * (rz.data[i * K + k] - dot)) / N;
        }
        return { shape: z.shape, data: out };
      },
    };
  }
  if (loss === "bce") {
    return {
      grad: (z) => {
        const N = z.data.length;
        let total = 0;
        const gz = new Float64Array(N);
        for (let i = 0; i < N; i++) {
          const v = z.data[i];
          // max(z, 0) − z·y + log(1 + e^{−|z|}): torch's stable form
          total += Math.max(v, 0) - v * y[i] + Math.log1p(Math.exp(-Math.abs(v)));
          gz[i] = (sigmoid(v) - y[i]) / N;
        }
        return { loss: total / N, gz: { shape: z.shape, data: gz } };
      },
      rgrad: (z, rz) => {
        const N = z.data.length;
        const out = new Float64Array(N);
        for (let i = 0; i < N; i++) {
          const s = sigmoid(z.data[i]);
          out[i] = (s * (1 - s) * rz.data[i]) / N;
        }
        return { shape: z.shape, data: out };
      },
    };
  }
  return {
    grad: (z) => {
      const M = z.data.length;
      let total = 0;
      const gz = new Float64Array(M);
      for (let i = 0; i < M; i++) {
        const d = z.data[i] - y[i];
        total += d * d;
        gz[i] = (2 * d) / M;
      }
      return { loss: total / M, gz: { shape: z.shape, data: gz } };
    },
    rgrad: (z, rz) => {
      const M = z.data.length;
      const out = new Float64Array(M);
      for (let i = 0; i < M; i++) out[i] = (2 * rz.data[i]) / M;
      return { shape: z.shape, data: out };
    },
  };
}

/** Accuracy for classification (argmax, first maximum as torch's; or logit > 0), null for mse. */
export function accuracyOf(loss: ModelLossName, z: Tensor, y: Float64Array): number | null {
  if (loss === "mse") return null;
  const [N, K] = outputRows(z);
  if (N === 0) return null;
  let right = 0;
  for (let i = 0; i < N; i++) {
    if (loss === "bce") {
      if ((z.data[i] > 0 ? 1 : 0) === y[i]) right++;
      continue;
    }
    let best = 0;
    for (let k = 1; k < K; k++) if (z.data[i * K + k] > z.data[i * K + best]) best = k;
    if (best === y[i]) right++;
  }
  return right / N;
}

/** R² for regression: 1 − SS_res/SS_tot per output column, averaged (scikit-learn's r2_score). */
export function rSquared(z: Tensor, y: Float64Array): number | null {
  const [N, K] = outputRows(z);
  if (N < 2) return null;
  let sum = 0;
  for (let k = 0; k < K; k++) {
    let mean = 0;
    for (let i = 0; i < N; i++) mean += y[i * K + k];
    mean /= N;
    let res = 0;
    let tot = 0;
    for (let i = 0; i < N; i++) {
      res += (z.data[i * K + k] - y[i * K + k]) ** 2;
      tot += (y[i * K + k] - mean) ** 2;
    }
    sum += tot === 0 ? (res === 0 ? 1 : 0) : 1 - res / tot;
  }
  return sum / K;
}
