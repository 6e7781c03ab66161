// A model's analytic derivatives against central differences: each checked gradient entry
// against (L(θ + h_i e_i) − L(θ − h_i e_i)) / 2h_i with h_i = h·max(1, |θ_i|), and H·v along a
// seeded random v against (∇L(θ + εv) − ∇L(θ − εv)) / 2ε; an entry passes when
// |analytic − fd| ≤ atol + rtol·|fd|.

import type { Random } from "../init/random.js";
import type { ModelLossName } from "./losses.js";
import type { Model, ModelData } from "./model.js";

export interface ModelGradcheckOptions {
  h: number;
  atol: number;
  rtol: number;
  /** Most entries checked per parameter tensor (a seeded sample beyond). */
  maxEntries: number;
}

export interface TensorCheck {
  name: string;
  checked: number;
  size: number;
  maxAbsErr: number;
  maxRelErr: number;
  failed: number;
}

export interface ModelGradcheck {
  loss: number;
  parameters: TensorCheck[];
  hvp: { absErr: number; relErr: number; passed: boolean };
  passed: boolean;
}

export function gradcheckModel(model: Model, theta: Float64Array, data: ModelData, loss: ModelLossName, names: readonly string[] | null, o: ModelGradcheckOptions, rand: Random, onTensor?: (done: number, total: number) => void): ModelGradcheck {
  const base = model.lossGradient(theta, data, loss);
  const tensors = model.parameters.filter((p) => names === null || names.includes(p.name));
  const t = Float64Array.from(theta);
  const ok = (a: number, fd: number): boolean => Math.abs(a - fd) <= o.atol + o.rtol * Math.abs(fd);
  const parameters = tensors.map((p, k): TensorCheck => {
    let entries = Array.from({ length: p.size }, (_, i) => i);
    if (p.size > o.maxEntries) {
      for (let i = p.size - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [entries[i], entries[j]] = [entries[j], entries[i]];
      }
      entries = entries.slice(0, o.maxEntries).sort((a, b) => a - b);
    }
    let maxAbsErr = 0;
    let maxRelErr = 0;
    let failed = 0;
    for (const e of entries) {
      const i = p.offset + e;
      const h = o.h * Math.max(1, Math.abs(theta[i]));
      t[i] = theta[i] + h;
      const up = model.lossValue(t, data, loss);
      t[i] = theta[i] - h;
      const down = model.lossValue(t, data, loss);
      t[i] = theta[i];
      const fd = (up - down) / (2 * h);
      const a = base.gradient[i];
      maxAbsErr = Math.max(maxAbsErr, Math.abs(a - fd));
      if (fd !== 0) maxRelErr = Math.max(maxRelErr, Math.abs(a - fd) / Math.abs(fd));
      if (!ok(a, fd)) failed++;
    }
    onTensor?.(k + 1, tensors.length);
    return { name: p.name, checked: entries.length, size: p.size, maxAbsErr, maxRelErr, failed };
  });
  const v = Float64Array.from({ length: model.P }, () => rand() * 2 - 1);
  let vn = 0;
  for (const x of v) vn += x * x;
  const eps = o.h / Math.sqrt(vn / Math.max(1, model.P));
  const hv = model.hessianVector(theta, v, data, loss).hv;
  const up = model.lossGradient(theta.map((x, i) => x + eps * v[i]), data, loss).gradient;
  const down = model.lossGradient(theta.map((x, i) => x - eps * v[i]), data, loss).gradient;
  let absErr = 0;
  let scale = 0;
  let hvOk = true;
  for (let i = 0; i < model.P; i++) {
    const fd = (up[i] - down[i]) / (2 * eps);
    absErr = Math.max(absErr, Math.abs(hv[i] - fd));
    scale = Math.max(scale, Math.abs(fd));
    if (!ok(hv[i], fd)) hvOk = false;
  }
  const hvp = { absErr, relErr: scale > 0 ? absErr / scale : 0, passed: hvOk };
  return { loss: base.loss, parameters, hvp, passed: hvOk && parameters.every((p) => p.failed === 0) };
}
