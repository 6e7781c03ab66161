// Built-in teaching data sets, deterministic for a given (samples, noise, dataSeed).
// Two classes in the plane, label 0 for the first generated half (⌊N/2⌋ samples) and 1
// for the rest, Gaussian noise of std `noise` added to both coordinates, then the rows
// shuffled by a seeded Fisher–Yates (as scikit-learn's generators do with shuffle=True):
//   seed     the tutorial's 1-D data (../data/dataset.ts); samples, noise, dataSeed unused
//   xor      x uniform in [−1, 1]², y = [x₁·x₂ > 0] (labelled before the noise)
//   circles  sklearn make_circles(factor=0.5): outer unit circle 0, inner radius 0.5 1
//   moons    sklearn make_moons: upper half-circle 0, the shifted lower one 1
//   spiral   two interleaved arms r = t, angle 1.75·2π·t + class·π, t ∈ [0, 1)
//   gauss    two blobs N((−1, −1), noise²·I) labelled 0 and N((1, 1), noise²·I) labelled 1
// Default noise: 0.1 for xor, circles, moons and spiral; 1 for gauss (its blob std).

import { seedDataset } from "../data/dataset.js";
import { seededNormal } from "../init/normal.js";
import { cos, sin } from "../numerics/fdlibm.js";
import { seededRandom } from "../init/random.js";
import { epochOrder } from "../train/dataloader.js";
import { tableFromDataset, type Table } from "./table.js";

export type DataName = "seed" | "xor" | "circles" | "moons" | "spiral" | "gauss";
export const DATA_NAMES: readonly DataName[] = ["seed", "xor", "circles", "moons", "spiral", "gauss"];

export function isDataName(s: string): s is DataName {
  return (DATA_NAMES as readonly string[]).includes(s);
}

export const DEFAULT_SAMPLES = 200;
export const MAX_SAMPLES = 1_000_000;

export interface DataOptions {
  samples: number;
  /** Gaussian noise std; null = the data set's default. */
  noise: number | null;
  dataSeed: number;
}

export const DEFAULT_DATA_OPTIONS: DataOptions = { samples: DEFAULT_SAMPLES, noise: null, dataSeed: 0 };

export function defaultNoise(name: DataName): number {
  return name === "gauss" ? 1 : name === "seed" ? 0 : 0.1;
}

/** A built-in data set as a Table. Throws RangeError on a sample count or noise out of range. */
export function builtinTable(name: DataName, o: DataOptions = DEFAULT_DATA_OPTIONS): Table {
  if (name === "seed") return tableFromDataset(seedDataset());
  const n = o.samples;
  if (!Number.isSafeInteger(n) || n < 2 || n > MAX_SAMPLES) throw new RangeError(`samples must be an integer in 2…${MAX_SAMPLES} (got ${n})`);
  const noise = o.noise ?? defaultNoise(name);
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new RangeError(`noise must be a finite number ≥ 0 (got ${o.noise})`);
  const rng = seededRandom(o.dataSeed);
  const gauss = seededNormal(rng, 0, 1);
  const half = Math.floor(n / 2);
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const cls = i < half ? 0 : 1;
    const j = cls === 0 ? i : i - half;
    const m = cls === 0 ? half : n - half;
    let u = 0, v = 0;
    let label = cls;
    switch (name) {
      case "xor":
        u = 2 * rng() - 1;
        v = 2 * rng() - 1;
        label = u * v > 0 ? 1 : 0;
        break;
      case "circles": {
        // linspace(0, 2π, m, endpoint=False)
        const t = (2 * Math.PI * j) / m;
        const r = cls === 0 ? 1 : 0.5;
        u = r * cos(t);
        v = r * sin(t);
        break;
      }
      case "moons": {
        // linspace(0, π, m) with both ends
        const t = m === 1 ? 0 : (Math.PI * j) / (m - 1);
        u = cls === 0 ? cos(t) : 1 - cos(t);
        v = cls === 0 ? sin(t) : 0.5 - sin(t);
        break;
      }
      case "spiral": {
        const t = j / m;
        const angle = 1.75 * 2 * Math.PI * t + cls * Math.PI;
        u = t * cos(angle);
        v = t * sin(angle);
        break;
      }
      case "gauss":
        u = cls === 0 ? -1 : 1;
        v = u;
        break;
    }
    x[2 * i] = u + noise * gauss();
    x[2 * i + 1] = v + noise * gauss();
    y[i] = label;
  }
  const order = epochOrder(n, true, rng);
  const xs = new Float64Array(2 * n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[2 * i] = x[2 * order[i]];
    xs[2 * i + 1] = x[2 * order[i] + 1];
    ys[i] = y[order[i]];
  }
  return { x: xs, y: ys, inputs: 2, source: name };
}
