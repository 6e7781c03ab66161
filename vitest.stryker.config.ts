import { defineConfig } from "vitest/config";
import { CheapFirstSequencer } from "./test/helpers/cheap-first-sequencer.js";

// The test set StrykerJS runs against each mutant (`npm run mutate`, scripts/mutate.mjs): named
// in-process unit tests that pin the reference numerics of the mutated folder down against closed
// forms, finite differences, brute force and PyTorch's float64 numbers, at small sizes. Named per
// folder (MUTATE_FOLDER, set by scripts/mutate.mjs) rather than "everything but …", so that a new
// CLI test or a heavy reference run does not slip into every mutant's run: a surviving mutant costs
// all the tests that cover it, instrumented, and a timed-out one twice that.
// Left out, because they cannot see a mutant of src/ or see it only for a bad reason: tests that
// spawn the built CLI (dist/ is not rebuilt per mutant, so comparing it with the mutated library
// would "kill" mutants for no reason), the figures, the browser, and the fast kernel's tests
// (fast-*, *-fast: they check src/fast against the reference; the reference is pinned by its own
// tests, not by the kernel). Also left out: the deep-network physics (nn-layer-stats-depth: 20 ×
// 256 passes, ~9 s each instrumented) and geometry/connect's path barriers (~13 s): pinned by the
// fast tier, too heavy to run per mutant.
const NUMERICS = [
  "test/eigen.test.ts",
  "test/fdlibm.test.ts",
  "test/gradcheck.test.ts",
  "test/grid.test.ts",
  "test/int-pow.test.ts",
  "test/losses.test.ts",
  "test/point.test.ts",
  "test/sigmoid.test.ts",
  "test/accuracy-rule.test.ts",
  "test/torch-reference.test.ts",
];
const INIT = ["test/initializers.test.ts", "test/random.test.ts", "test/fdlibm.test.ts", "test/nn-init.test.ts"];
const TRAIN = [
  "test/train.test.ts",
  "test/chunked.test.ts",
  "test/shuffle.test.ts",
  "test/torch-reference.test.ts",
  "test/accuracy-rule.test.ts",
  "test/nn-train.test.ts",
  "test/basin-map.test.ts",
  "test/init-study.test.ts",
];
const BASINS = ["test/basin-map.test.ts", "test/init-study.test.ts", "test/supports.test.ts", "test/wilson.test.ts"];
const NN = [
  "test/nn-datasets.test.ts",
  "test/nn-forward.test.ts",
  "test/nn-hessian.test.ts",
  "test/nn-init.test.ts",
  "test/nn-layer-stats.test.ts",
  "test/nn-params.test.ts",
  "test/nn-train.test.ts",
  "test/nn-utilities.test.ts",
  "test/nn-contracts.test.ts",
];
const CURVATURE = [
  "test/curvature.test.ts",
  "test/hessian-estimates.test.ts",
  "test/geometry/hutchpp-ggn.test.ts",
  "test/geometry/sharpness.test.ts",
];
const SLICES = ["test/slices.test.ts", "test/slices-units.test.ts", "test/slices-evaluate.test.ts", "test/fit-window.test.ts", "test/model/directions.test.ts"];
const FORMATS = [
  "test/formats.test.ts",
  "test/formats-reference.test.ts",
  "test/safetensors-layout.test.ts",
  "test/slice-trajectory-file.test.ts",
  "test/nn-params.test.ts",
];
const MODEL = [
  "test/model/directions.test.ts",
  "test/model/lr-schedule.test.ts",
  "test/model/mlp-model.test.ts",
  "test/model/ops-gradcheck.test.ts",
  "test/model/ops-reference.test.ts",
  "test/model/optimizers.test.ts",
  "test/model/reference.test.ts",
  "test/model/workspace.test.ts",
  "test/geometry/model-geometry.test.ts",
];

/** The tests run against each folder's mutants (keys are the folders under src/). */
export const MUTATION_TESTS: Record<string, string[]> = {
  numerics: NUMERICS,
  init: INIT,
  train: TRAIN,
  basins: BASINS,
  nn: NN,
  curvature: CURVATURE,
  slices: SLICES,
  formats: FORMATS,
  model: MODEL,
};

const folder = process.env.MUTATE_FOLDER;
const include = folder ? MUTATION_TESTS[folder] : [...new Set(Object.values(MUTATION_TESTS).flat())];
if (!include) throw new Error(`MUTATE_FOLDER=${folder}: no test set; one of ${Object.keys(MUTATION_TESTS).join(", ")}`);

export default defineConfig({
  test: {
    include,
    sequence: { sequencer: CheapFirstSequencer },
    // Modules stay loaded between mutant runs: Stryker switches mutants at run time.
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
