// The basin maps and the init-scheme study of the figure set: the numbers behind
// basins.svg and init-study.svg, computed once with the study's training settings, seed,
// accuracy target and ε, so these figures agree with the rest of the set.

import { basinMap, DEFAULT_BASIN_GRID, nearestCell, summarizeBasinMap, type BasinMap, type ManyTrainer } from "../basins/basin-map.js";
import { defaultStudySchemes, initStudy, type InitStudy } from "../basins/init-study.js";
import type { Dataset } from "../data/dataset.js";
import { schemeSupports } from "../basins/supports.js";
import { seededRandom } from "../init/random.js";
import { evaluateGridFast } from "../fast/grid-fast.js";
import type { LossName } from "../numerics/losses.js";
import type { TrainConfig } from "../train/train.js";
import type { BasinsData } from "./types.js";

/**
 * Draws per scheme in the landscape's init study. The full study (10,000 per scheme,
 * `loss-landscape init-study`) adds ~1.3 s even on the WebAssembly trainer; 1,000 keeps
 * the whole figure set under 2 s with Wilson intervals at most ±3.1 percentage points wide.
 */
export const LANDSCAPE_STUDY_SAMPLES = 1000;

/** The losses the two figures compare, in panel order. */
export const BASIN_LOSSES: readonly LossName[] = ["mse", "bce"];

export interface BasinsParams {
  data: Dataset;
  config: TrainConfig;
  seed: number;
  accuracyTarget: number;
  epsilon: number;
  badStart: [number, number];
}

function badCell(m: BasinMap, [w, b]: [number, number]): { accuracy: number; reached: boolean } | null {
  const c = nearestCell(m, w, b);
  if (!c) return null;
  return { accuracy: m.accuracy.get(c[0], c[1]), reached: m.firstEpoch.get(c[0], c[1]) >= 0 };
}

/** Whether every start of the map inside the box [−half, half]² reaches the target. */
function boxTrains(m: BasinMap, half: number): boolean {
  for (let i = 0; i < m.b.length; i++) {
    if (Math.abs(m.b[i]) > half) continue;
    for (let j = 0; j < m.w.length; j++) if (Math.abs(m.w[j]) <= half && m.firstEpoch.get(i, j) < 0) return false;
  }
  return true;
}

/** Basin maps over DEFAULT_BASIN_GRID under both losses, with |∇L| at every start. */
export function basinsStudy(p: BasinsParams, trainer: ManyTrainer): BasinsData {
  const options = { accuracyTarget: p.accuracyTarget, epsilon: p.epsilon };
  const maps = {} as Record<LossName, BasinMap>;
  const gradNorm = {} as Record<LossName, Float64Array>;
  const summary = {} as BasinsData["summary"];
  const bad = {} as BasinsData["badCell"];
  const flatStarts = {} as BasinsData["flatStarts"];
  for (const loss of BASIN_LOSSES) {
    // Shuffling, when asked for, draws from the seed's stream, as in `basins`.
    const rng = p.config.shuffle ? seededRandom(p.seed) : null;
    maps[loss] = basinMap(p.data, DEFAULT_BASIN_GRID, { ...p.config, loss }, options, rng, trainer);
    gradNorm[loss] = evaluateGridFast(loss, p.data, DEFAULT_BASIN_GRID).fields.gradNorm.data;
    summary[loss] = summarizeBasinMap(maps[loss]);
    bad[loss] = badCell(maps[loss], p.badStart);
    flatStarts[loss] = countFlatStarts(gradNorm[loss], maps[loss].accuracy.data, p.epsilon, p.accuracyTarget);
  }
  const supports = schemeSupports().map((s) => ({ ...s, trainsUnder: BASIN_LOSSES.filter((l) => boxTrains(maps[l], s.half)) }));
  return { maps, gradNorm, summary, flatStarts, badCell: bad, supports };
}

/** Starts with |∇L| < ε, split as basins.svg draws them: final accuracy below the target or not. */
export function countFlatStarts(gradNorm: Float64Array, accuracy: ArrayLike<number>, epsilon: number, target: number): { stalled: number; floor: number } {
  let stalled = 0;
  let floor = 0;
  for (let k = 0; k < gradNorm.length; k++) {
    if (!(gradNorm[k] < epsilon)) continue;
    if (accuracy[k] < target) stalled++;
    else floor++;
  }
  return { stalled, floor };
}

/** The init-scheme study over the default schemes and σ ladder, `samples` draws each. */
export function landscapeInitStudy(p: BasinsParams, samples: number, trainer: ManyTrainer): InitStudy {
  return initStudy(
    {
      data: p.data,
      schemes: defaultStudySchemes(),
      losses: [...BASIN_LOSSES],
      samples,
      seed: p.seed,
      config: p.config,
      options: { accuracyTarget: p.accuracyTarget, epsilon: p.epsilon },
    },
    trainer,
  );
}
