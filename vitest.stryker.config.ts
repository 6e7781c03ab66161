import { defineConfig } from "vitest/config";

// The test set StrykerJS runs against each mutant of src/numerics, src/train, src/init and src/basins:
// the in-process unit tests. Left out: tests that spawn the built CLI (dist/ is not rebuilt per
// mutant, so comparing it with the mutated library would "kill" mutants for no reason), the browser test, the figures and their snapshot (they cannot see a mutant of
// src/ or only through a figure), and the fast kernel's tests (fast-*.test.ts: they check src/fast
// against the reference; the reference has to be pinned down by its own tests, not by the kernel,
// and their 257-start runs would cost seconds per mutant on the instrumented code).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [
      "test/**/*.slow.test.ts",
      "test/browser.slow.test.ts",
      "test/landscape.*.test.ts",
      "test/cli.test.ts",
      "test/gradcheck-cli.test.ts",
      "test/cli-options.test.ts",
      "test/progress.test.ts",
      "test/train-stream.slow.test.ts",
      "test/reproducible.test.ts",
      "test/fast-*.test.ts",
      "test/render*.test.ts",
      "test/basins-figures.test.ts",
      "test/*figure*.test.ts",
    ],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
