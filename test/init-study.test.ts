import { describe, expect, it } from "vitest";
import { DEFAULT_BASIN_OPTIONS } from "../src/basins/basin-map.js";
import {
  assembleStudy,
  checkStudyParams,
  defaultStudySchemes,
  distributionStd,
  drawStarts,
  initStudy,
  initStudyAsync,
  MAX_STUDY_SAMPLES,
  studyStarts,
  type StudyParams,
} from "../src/basins/init-study.js";
import { studyJson } from "../src/basins/study-json.js";
import { wilsonInterval } from "../src/basins/wilson.js";
import { seedDataset } from "../src/data/dataset.js";
import { initialize } from "../src/init/initializers.js";
import { seededRandom } from "../src/init/random.js";
import { evaluatePoint } from "../src/numerics/point.js";
import { trainMany } from "../src/train/many.js";
import { DEFAULT_TRAIN_CONFIG, train } from "../src/train/train.js";

const data = seedDataset();
const base: StudyParams = {
  data,
  schemes: [{ kind: "pytorch" }, { kind: "he" }, { kind: "normal", std: 10 }],
  losses: ["mse", "bce"],
  samples: 40,
  seed: 3,
  config: DEFAULT_TRAIN_CONFIG,
};

describe("drawStarts", () => {
  it("equals n calls of initialize() on one seeded stream, for uniform and normal schemes", () => {
    for (const kind of ["pytorch", "xavier-normalized", "he"] as const) {
      const s = drawStarts({ kind }, 25, 11);
      const rng = seededRandom(11);
      for (let i = 0; i < 25; i++) expect([s.w[i], s.b[i]]).toEqual(initialize({ kind }, rng));
    }
  });

  it("draws N(0, σ²) as σ times the same standard normals (common random numbers)", () => {
    const one = drawStarts({ kind: "normal", std: 1 }, 50, 5);
    const ten = drawStarts({ kind: "normal", std: 10 }, 50, 5);
    for (let i = 0; i < 50; i++) {
      expect(ten.w[i]).toBeCloseTo(10 * one.w[i], 12);
      expect(ten.b[i]).toBeCloseTo(10 * one.b[i], 12);
    }
  });

  it("stays inside a uniform scheme's box", () => {
    const s = drawStarts({ kind: "xavier-normalized" }, 1000, 1);
    for (const v of [...s.w, ...s.b]) expect(Math.abs(v)).toBeLessThanOrEqual(Math.sqrt(3));
  });
});

describe("initStudy", () => {
  it("counts exactly the single train() runs that reach 95% accuracy, with Wilson intervals", () => {
    const n = 16;
    const study = initStudy({ ...base, samples: n });
    study.rows.forEach((row) => {
      const starts = drawStarts(row.scheme, n, base.seed);
      for (const loss of base.losses) {
        let reached = 0, stuck = 0, acc = 0;
        for (let i = 0; i < n; i++) {
          const r = train(data, [starts.w[i], starts.b[i]], { ...DEFAULT_TRAIN_CONFIG, loss });
          let ok = false;
          for (let e = 0; e < r.epochEnds.length && !ok; e++) {
            const k = r.epochEnds[e];
            ok = evaluatePoint(loss, data, r.w[k], r.b[k]).accuracy >= 0.95;
          }
          if (ok) reached++;
          else if (evaluatePoint(loss, data, r.final[0], r.final[1]).gradNorm < DEFAULT_BASIN_OPTIONS.epsilon) stuck++;
          acc += r.accuracy;
        }
        const cell = row.results[loss]!;
        expect(cell.reached.k).toBe(reached);
        expect(cell.reached.ci).toEqual(wilsonInterval(reached, n));
        expect(cell.stuck.k).toBe(stuck);
        expect(cell.meanAccuracy).toBeCloseTo(acc / n, 14);
      }
    });
    // σ = 10 draws land on the MSE plateau often enough to show up in 16 draws.
    expect(study.rows[2].results.mse!.reached.k).toBeLessThan(n);
    expect(study.rows[2].results.bce!.reached.k).toBe(n);
  });

  it("gives pytorch and xavier (the same U(−1, 1) at n = 1) identical rows", () => {
    const s = initStudy({ ...base, samples: 12, schemes: [{ kind: "pytorch" }, { kind: "xavier" }], losses: ["mse"] });
    expect(s.rows[1].results).toEqual(s.rows[0].results);
  });

  it("labels rows and reports each distribution's per-coordinate std", () => {
    const s = initStudy({ ...base, samples: 2, schemes: defaultStudySchemes([3]), losses: ["bce"] });
    expect(s.rows.map((r) => r.label)).toEqual(["pytorch", "xavier", "xavier-normalized", "he", "normal σ=3"]);
    expect(s.rows.map((r) => r.std)).toEqual([1 / Math.sqrt(3), 1 / Math.sqrt(3), 1, Math.SQRT2, 3]);
    expect(distributionStd({ kind: "uniform", bound: 3 })).toBeCloseTo(Math.sqrt(3), 15);
  });
});

describe("initStudyAsync", () => {
  it("gives the same study as initStudy with an asynchronous trainer", async () => {
    const asyncTrainer = async (...args: Parameters<typeof trainMany>) => trainMany(...args);
    const p = { ...base, config: { ...DEFAULT_TRAIN_CONFIG, epochs: 5 } };
    expect(await initStudyAsync(p, asyncTrainer)).toEqual(initStudy(p));
  });
});

describe("studyStarts", () => {
  it("concatenates each scheme's draws in scheme order", () => {
    const s = studyStarts(base);
    expect(s.w).toHaveLength(3 * 40);
    expect(Array.from(s.w.subarray(80, 120))).toEqual(Array.from(drawStarts({ kind: "normal", std: 10 }, 40, 3).w));
  });
});

describe("assembleStudy", () => {
  it("refuses a missing or wrongly sized result", () => {
    const r = trainMany(data, { w: new Float64Array(2), b: new Float64Array(2) }, { ...DEFAULT_TRAIN_CONFIG, epochs: 1 });
    expect(() => assembleStudy(base, { mse: r })).toThrow(RangeError);
  });
});

describe("checkStudyParams", () => {
  it("rejects bad sample counts, seeds, σ, and empty scheme or loss lists, naming each", () => {
    for (const samples of [0, 1.5, MAX_STUDY_SAMPLES + 1]) expect(() => checkStudyParams({ ...base, samples })).toThrow(/^samples must be a whole number from 1 to 100000/);
    expect(() => checkStudyParams({ ...base, samples: 1 })).not.toThrow();
    expect(() => checkStudyParams({ ...base, samples: MAX_STUDY_SAMPLES })).not.toThrow();
    // seed + 1 seeds the shuffle, so the largest seed is MAX_SAFE_INTEGER − 1.
    for (const seed of [-1, 0.5, Number.MAX_SAFE_INTEGER]) expect(() => checkStudyParams({ ...base, seed })).toThrow(/^seed must be a whole number from 0 to 9007199254740990/);
    expect(() => checkStudyParams({ ...base, seed: Number.MAX_SAFE_INTEGER - 1 })).not.toThrow();
    expect(() => checkStudyParams({ ...base, seed: 0 })).not.toThrow();
    for (const std of [0, -1, Infinity, NaN]) expect(() => checkStudyParams({ ...base, schemes: [{ kind: "normal", std }] })).toThrow(/^normal σ must be a finite number > 0/);
    expect(() => checkStudyParams({ ...base, schemes: [] })).toThrow(/^at least one scheme/);
    expect(() => checkStudyParams({ ...base, losses: [] })).toThrow(/^at least one loss/);
  });
});

describe("assembleStudy's tally", () => {
  it("counts reached (first epoch ≥ 0), stuck (not reached and |∇L| < ε, strictly) and the mean accuracy per scheme", () => {
    const eps = DEFAULT_BASIN_OPTIONS.epsilon;
    const p: StudyParams = { ...base, samples: 4, schemes: [{ kind: "pytorch" }, { kind: "he" }], losses: ["mse"] };
    // Two schemes × 4 draws, as a trainer would return them for studyStarts(p).
    const r = {
      finalW: new Float64Array(8), finalB: new Float64Array(8), finalLoss: new Float64Array(8),
      finalGradNorm: Float64Array.of(0, eps / 2, eps, 1, eps / 2, eps / 2, 2 * eps, 0),
      accuracy: Float64Array.of(1, 0.5, 0.25, 1, 0.575, 0.575, 0.425, 1),
      firstEpochReaching: Int32Array.of(3, -1, -1, 0, -1, -1, -1, 49),
    };
    const s = assembleStudy(p, { mse: r });
    const [a, b] = s.rows.map((row) => row.results.mse!);
    expect([a.reached.k, a.stuck.k, a.meanAccuracy]).toEqual([2, 1, 2.75 / 4]);
    expect([b.reached.k, b.stuck.k, b.meanAccuracy]).toEqual([1, 2, 2.575 / 4]);
    expect(a.reached).toEqual({ k: 2, n: 4, rate: 0.5, ci: wilsonInterval(2, 4) });
    expect(b.stuck).toEqual({ k: 2, n: 4, rate: 0.5, ci: wilsonInterval(2, 4) });
    expect(s).toMatchObject({ samples: 4, seed: 3, losses: ["mse"], accuracyTarget: 0.95, epsilon: eps });
    expect(s.config).toEqual({ optimizer: "sgd", optimizerOptions: DEFAULT_TRAIN_CONFIG.optimizerOptions, batchSize: 2, epochs: 50, shuffle: false });
    // A result for other than samples × schemes starts (here samples / schemes) is refused.
    const short = { ...r, accuracy: r.accuracy.subarray(0, 2), firstEpochReaching: r.firstEpochReaching.subarray(0, 2), finalGradNorm: r.finalGradNorm.subarray(0, 2) };
    expect(() => assembleStudy(p, { mse: short })).toThrow(/^assembleStudy: no result of 8 starts for mse/);
    expect(() => assembleStudy(p, {})).toThrow(/^assembleStudy: no result of 8 starts for mse/);
  });
});

describe("the study's seed streams", () => {
  it("draw each scheme from its own fresh seededRandom(seed): the same draws whichever schemes share the study", () => {
    const he = drawStarts({ kind: "he" }, 40, 3);
    for (const schemes of [[{ kind: "he" }], [{ kind: "pytorch" }, { kind: "normal", std: 3 }, { kind: "he" }]] as const) {
      const s = studyStarts({ ...base, schemes: [...schemes] });
      const r = schemes.findIndex((x) => x.kind === "he");
      expect(Array.from(s.w.subarray(r * 40, (r + 1) * 40))).toEqual(Array.from(he.w));
      expect(Array.from(s.b.subarray(r * 40, (r + 1) * 40))).toEqual(Array.from(he.b));
    }
    // And a scheme's row is the same whatever else the study holds.
    const short = { ...base, samples: 12, config: { ...DEFAULT_TRAIN_CONFIG, epochs: 10 } };
    const alone = initStudy({ ...short, schemes: [{ kind: "normal", std: 10 }] });
    const among = initStudy(short);
    expect(among.rows[2].results).toEqual(alone.rows[0].results);
  });


  it("gives another seed other draws, uncorrelated with the first (and w independent of b)", () => {
    const n = 5000;
    const a = drawStarts({ kind: "he" }, n, 3);
    const b = drawStarts({ kind: "he" }, n, 4);
    const corr = (u: Float64Array, v: Float64Array): number => {
      let su = 0, sv = 0, suu = 0, svv = 0, suv = 0;
      for (let i = 0; i < n; i++) (su += u[i]), (sv += v[i]), (suu += u[i] * u[i]), (svv += v[i] * v[i]), (suv += u[i] * v[i]);
      const cu = suu / n - (su / n) ** 2, cv = svv / n - (sv / n) ** 2;
      return (suv / n - (su / n) * (sv / n)) / Math.sqrt(cu * cv);
    };
    // Independent pairs: the sample correlation has sd 1/√n ≈ 0.014; allow 4 sd.
    for (const [u, v] of [[a.w, b.w], [a.b, b.b], [a.w, a.b], [b.w, b.b]]) expect(Math.abs(corr(u, v))).toBeLessThan(4 / Math.sqrt(n));
  });

  it("shuffles from seededRandom(seed + 1), a stream apart from the draws, the same batch orders for each loss", () => {
    const cfg = { ...DEFAULT_TRAIN_CONFIG, shuffle: true, epochs: 3 };
    const p: StudyParams = { ...base, samples: 12, config: cfg };
    const study = initStudy(p);
    const starts = studyStarts(p);
    // The draws are those of the unshuffled study: shuffling takes nothing from their stream.
    expect(starts).toEqual(studyStarts({ ...p, config: DEFAULT_TRAIN_CONFIG }));
    // Record the values each trainer call draws from the rng it is handed.
    const drawn: Array<{ loss: string; values: number[] }> = [];
    const recording = (...args: Parameters<typeof trainMany>) => {
      const [d, st, config, options, rng] = args;
      expect(rng).not.toBeNull();
      const values: number[] = [];
      drawn.push({ loss: config.loss, values });
      const logged = () => {
        const v = (rng as () => number)();
        values.push(v);
        return v;
      };
      return trainMany(d, st, config, options, logged);
    };
    expect(initStudy(p, recording)).toEqual(study);
    expect(drawn.map((x) => x.loss)).toEqual(["mse", "bce"]);
    // A fresh seededRandom(seed + 1) for each loss: 3 epochs × 39 Fisher–Yates draws.
    const fresh = seededRandom(p.seed + 1);
    const want = Array.from({ length: 3 * 39 }, fresh);
    for (const { values } of drawn) expect(values).toEqual(want);
  });
});

describe("studyJson", () => {
  it("has the documented shape, with momentum only for the momentum optimizer", () => {
    const p: StudyParams = { ...base, samples: 3, schemes: [{ kind: "he" }, { kind: "normal", std: 3 }], losses: ["bce"], config: { ...DEFAULT_TRAIN_CONFIG, epochs: 2 } };
    const s = initStudy(p);
    const j = studyJson(s) as Record<string, any>;
    expect(Object.keys(j)).toEqual(["samples", "seed", "losses", "accuracyTarget", "epsilon", "optimizer", "lr", "batchSize", "epochs", "shuffle", "rows"]);
    expect(j).toMatchObject({ samples: 3, seed: 3, losses: ["bce"], accuracyTarget: 0.95, epsilon: DEFAULT_BASIN_OPTIONS.epsilon, optimizer: "sgd", lr: 2, batchSize: 2, epochs: 2, shuffle: false });
    const cell = s.rows[0].results.bce!;
    expect(j.rows[0]).toEqual({
      scheme: "he", label: "he", distribution: { kind: "normal", std: Math.SQRT2 }, std: Math.SQRT2,
      bce: { n: 3, reached: cell.reached.k, rate: cell.reached.rate, ci95: cell.reached.ci, stuck: cell.stuck.k, stuckRate: cell.stuck.rate, stuckCi95: cell.stuck.ci, meanAccuracy: cell.meanAccuracy },
    });
    expect(j.rows[1]).toMatchObject({ scheme: "normal", label: "normal σ=3", distribution: { kind: "normal", std: 3 }, std: 3 });
    const m = studyJson(initStudy({ ...p, config: { ...p.config, optimizer: "momentum", optimizerOptions: { ...DEFAULT_TRAIN_CONFIG.optimizerOptions, momentum: 0.5 } } })) as Record<string, unknown>;
    expect(Object.keys(m).slice(5, 9)).toEqual(["optimizer", "lr", "momentum", "batchSize"]);
    expect(m.momentum).toBe(0.5);
  });
});
