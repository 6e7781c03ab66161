// A model's saved training trajectory as keyed safetensors: one F64 tensor per parameter name
// holding every saved point, shape [T, ...the parameter's shape] (row t is θ_t's tensor), and
// "__metadata__" {"format": "loss-landscape trajectory", "steps": "0,5,10,…", "every": "5"}.
// In PyTorch, safetensors.torch.load_file(F)["0.weight"][t] is point t's tensor; here the points
// come back as flat vectors in the model's θ layout (named_parameters() order).

import { ParamsError } from "./params-json.js";
import { parseSafetensors } from "./safetensors.js";
import type { TrajectoryFile } from "./trajectory.js";
import { checkKeyedNames } from "./keyed-safetensors.js";
import { packSafetensors } from "./safetensors.js";
import type { ParamTensor } from "../model/model.js";

export const TRAJECTORY_FORMAT = "loss-landscape trajectory";

export function writeKeyedTrajectory(points: readonly Float64Array[], steps: readonly number[], every: number, params: readonly ParamTensor[]): Uint8Array {
  return packSafetensors(
    params.map((p) => ({ name: p.name, dtype: "F64", shape: [points.length, ...p.shape], values: points.map((theta) => theta.subarray(p.offset, p.offset + p.size)) })),
    { format: TRAJECTORY_FORMAT, steps: steps.join(","), every: String(every) },
  );
}

function metadataOf(bytes: Uint8Array): Record<string, unknown> {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  const meta = (JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as { __metadata__?: unknown }).__metadata__;
  return meta !== null && typeof meta === "object" ? (meta as Record<string, unknown>) : {};
}

/** The points of a keyed trajectory file; names and shapes must be the model's (errors name them). */
export function readKeyedTrajectory(bytes: Uint8Array, params: readonly ParamTensor[], source: string): TrajectoryFile {
  const tensors = parseSafetensors(bytes, source);
  checkKeyedNames(tensors, params, source);
  if (params.length === 0) throw new ParamsError(`${source}: the model has no parameters`);
  const T = tensors.get(params[0].name)!.shape[0] ?? 0;
  for (const p of params) {
    const s = tensors.get(p.name)!.shape;
    if (s.length !== p.shape.length + 1 || s[0] !== T || p.shape.some((d, i) => d !== s[i + 1])) {
      throw new ParamsError(`${source}: tensor ${p.name} has shape [${s.join(", ")}]; a trajectory of ${T} points of the parameter [${p.shape.join(", ")}] is [${[T, ...p.shape].join(", ")}]`);
    }
  }
  const P = params.reduce((a, p) => a + p.size, 0);
  const points = Array.from({ length: T }, () => new Float64Array(P));
  for (const p of params) {
    const d = tensors.get(p.name)!.data;
    points.forEach((theta, t) => theta.set(d.subarray(t * p.size, (t + 1) * p.size), p.offset));
  }
  const meta = metadataOf(bytes);
  const steps = typeof meta.steps === "string" && meta.steps !== "" ? meta.steps.split(",").map(Number) : null;
  const okSteps = steps !== null && steps.length === T && steps.every((s, t) => Number.isSafeInteger(s) && s >= 0 && (t === 0 || s > steps[t - 1]));
  const every = Number(meta.every);
  return { points, steps: okSteps ? steps : null, every: Number.isSafeInteger(every) && every >= 1 ? every : null };
}
