// The init-scheme study: how likely is each initialization scheme to land on a start
// that trains? For every scheme we draw n seeded starts (w, b), train each under each
// loss with the same config, and count the runs that reach the accuracy target at
// some epoch's end. Rates come with Wilson 95% intervals (wilson.ts).
//
// Random numbers: each scheme draws from its own seededRandom(seed), i.e. all schemes
// use the same underlying uniform stream (common random numbers). Draw i is exactly
// the i-th initialize(spec, rng) from a fresh seededRandom(seed): w then b. So pytorch
// and xavier (the same U(−1, 1) at n = 1) give identical rows, and the N(0, σ²) rows
// scale one set of standard normal pairs, which keeps the σ curve free of sampling
// noise between its points. Each row's interval is still a valid marginal interval.

import type { Dataset } from "../data/dataset.js";
import { sampler, schemeDistribution, INIT_SCHEMES, type Distribution, type InitScheme } from "../init/initializers.js";
import { seededRandom } from "../init/random.js";
import type { LossName } from "../numerics/losses.js";
import { trainMany, type ManyResult, type Starts } from "../train/many.js";
import type { TrainConfig } from "../train/train.js";
import { DEFAULT_BASIN_OPTIONS, type AsyncManyTrainer, type BasinOptions, type ManyTrainer } from "./basin-map.js";
import { proportion, type Proportion } from "./wilson.js";

/** A named scheme, or a wide normal N(0, σ²) for both w and b. */
export type StudyScheme = { kind: InitScheme } | { kind: "normal"; std: number };

/** Widths of the N(0, σ²) rows by default; the issue asks for "1, 3, 10" among others. */
export const DEFAULT_STUDY_SIGMAS: readonly number[] = [0.5, 1, 2, 3, 5, 10, 30];
/** Draws per scheme for the full study (the 10,000). */
export const FULL_STUDY_SAMPLES = 10_000;
/**
 * Most draws per scheme accepted. All draws of all schemes train as one batch of starts
 * (~80 bytes of state each), so 100,000 × a dozen schemes stays around 100 MB.
 */
export const MAX_STUDY_SAMPLES = 100_000;

export function defaultStudySchemes(sigmas: readonly number[] = DEFAULT_STUDY_SIGMAS): StudyScheme[] {
  return [...INIT_SCHEMES.map((kind): StudyScheme => ({ kind })), ...sigmas.map((std): StudyScheme => ({ kind: "normal", std }))];
}

export function schemeLabel(s: StudyScheme): string {
  return s.kind === "normal" ? `normal σ=${s.std}` : s.kind;
}

export function studyDistribution(s: StudyScheme): Distribution {
  return s.kind === "normal" ? { kind: "normal", std: s.std } : schemeDistribution(s.kind);
}

/** Standard deviation of one coordinate: bound/√3 for U(−a, a), σ for N(0, σ²). */
export function distributionStd(d: Distribution): number {
  return d.kind === "uniform" ? d.bound / Math.sqrt(3) : d.std;
}

/** n seeded draws (w_i, b_i) from scheme s, equal to n calls of initialize() on seededRandom(seed). */
export function drawStarts(s: StudyScheme, n: number, seed: number): Starts {
  const draw = sampler(studyDistribution(s), seededRandom(seed));
  const w = new Float64Array(n);
  const b = new Float64Array(n);
  // Stryker disable next-line EqualityOperator: <= for < only touches one element past a typed array (reads give undefined, writes are dropped), so no result changes
  for (let i = 0; i < n; i++) {
    w[i] = draw();
    b[i] = draw();
  }
  return { w, b };
}

export interface StudyCell {
  /** Runs reaching the accuracy target at some epoch's end, with Wilson 95% CI. */
  reached: Proportion;
  /** Runs ending inside the flat region (final |∇L| < epsilon) without reaching the target. */
  stuck: Proportion;
  /** Mean final full-data accuracy. */
  meanAccuracy: number;
}

export interface StudyRow {
  scheme: StudyScheme;
  label: string;
  distribution: Distribution;
  /** Per-coordinate standard deviation of the draws' distribution (the init scale). */
  std: number;
  results: Partial<Record<LossName, StudyCell>>;
}

export interface InitStudy {
  samples: number;
  seed: number;
  losses: LossName[];
  config: Omit<TrainConfig, "loss">;
  accuracyTarget: number;
  epsilon: number;
  rows: StudyRow[];
}

export interface StudyParams {
  data: Dataset;
  schemes: StudyScheme[];
  losses: LossName[];
  samples: number;
  seed: number;
  /** Training settings; `loss` is replaced by each of `losses`. */
  config: TrainConfig;
  options?: BasinOptions;
}

export function checkStudyParams(p: StudyParams): void {
  if (!Number.isInteger(p.samples) || p.samples < 1 || p.samples > MAX_STUDY_SAMPLES) {
    throw new RangeError(`samples must be a whole number from 1 to ${MAX_STUDY_SAMPLES} (got ${p.samples})`);
  }
  // seed + 1 seeds the shuffle stream, so it must stay a safe integer too.
  if (!Number.isSafeInteger(p.seed) || p.seed < 0 || p.seed >= Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`seed must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER - 1} (got ${p.seed})`);
  }
  if (p.schemes.length === 0) throw new RangeError("at least one scheme is needed");
  if (p.losses.length === 0) throw new RangeError("at least one loss is needed");
  for (const s of p.schemes) {
    if (s.kind === "normal" && !(s.std > 0 && Number.isFinite(s.std))) throw new RangeError(`normal σ must be a finite number > 0 (got ${s.std})`);
  }
}

function cell(r: ManyResult, from: number, n: number, epsilon: number): StudyCell {
  let reached = 0, stuck = 0, acc = 0;
  for (let k = from; k < from + n; k++) {
    const ok = r.firstEpochReaching[k] >= 0;
    if (ok) reached++;
    else if (r.finalGradNorm[k] < epsilon) stuck++;
    acc += r.accuracy[k];
  }
  return { reached: proportion(reached, n), stuck: proportion(stuck, n), meanAccuracy: acc / n };
}

/** Every scheme's n draws, scheme after scheme: the one batch of starts the study trains. */
export function studyStarts(p: StudyParams): Starts {
  const n = p.samples;
  const S = n * p.schemes.length;
  const all: Starts = { w: new Float64Array(S), b: new Float64Array(S) };
  p.schemes.forEach((s, r) => {
    const d = drawStarts(s, n, p.seed);
    all.w.set(d.w, r * n);
    all.b.set(d.b, r * n);
  });
  return all;
}

/**
 * The trainer calls of a study, one per loss, each over all draws of all schemes (so a
 * fast or threaded trainer sees one big batch of starts). Shuffle, if configured, uses
 * seededRandom(seed + 1).
 */
function studyCalls(p: StudyParams): Array<{ loss: LossName; args: Parameters<ManyTrainer> }> {
  checkStudyParams(p);
  const options = p.options ?? DEFAULT_BASIN_OPTIONS;
  const starts = studyStarts(p);
  return p.losses.map((loss) => ({
    loss,
    args: [p.data, starts, { ...p.config, loss }, { accuracyTarget: options.accuracyTarget }, p.config.shuffle ? seededRandom(p.seed + 1) : null],
  }));
}

/** Tallies the per-loss trainer results (each over studyStarts(p)) into the study. */
export function assembleStudy(p: StudyParams, results: Partial<Record<LossName, ManyResult>>): InitStudy {
  const options = p.options ?? DEFAULT_BASIN_OPTIONS;
  const n = p.samples;
  const rows: StudyRow[] = p.schemes.map((scheme) => {
    const distribution = studyDistribution(scheme);
    return { scheme, label: schemeLabel(scheme), distribution, std: distributionStd(distribution), results: {} };
  });
  for (const loss of p.losses) {
    const r = results[loss];
    if (!r || r.accuracy.length !== n * p.schemes.length) throw new RangeError(`assembleStudy: no result of ${n * p.schemes.length} starts for ${loss}`);
    rows.forEach((row, i) => {
      row.results[loss] = cell(r, i * n, n, options.epsilon);
    });
  }
  const { loss: _omit, ...config } = p.config;
  return { samples: n, seed: p.seed, losses: [...p.losses], config, accuracyTarget: options.accuracyTarget, epsilon: options.epsilon, rows };
}

/** Runs the study with a many-start trainer (the TypeScript reference by default). */
export function initStudy(p: StudyParams, trainer: ManyTrainer = trainMany): InitStudy {
  const results: Partial<Record<LossName, ManyResult>> = {};
  for (const c of studyCalls(p)) results[c.loss] = trainer(...c.args);
  return assembleStudy(p, results);
}

/** initStudy with an asynchronous (e.g. worker-thread) trainer of trainMany's contract. */
export async function initStudyAsync(p: StudyParams, trainer: AsyncManyTrainer): Promise<InitStudy> {
  const results: Partial<Record<LossName, ManyResult>> = {};
  for (const c of studyCalls(p)) results[c.loss] = await trainer(...c.args);
  return assembleStudy(p, results);
}
