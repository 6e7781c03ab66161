import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// The fast tier (`npm run test:fast`, and `npm test` after typecheck and build): every
// test/**/*.test.ts except the slow tier (test/**/*.slow.test.ts, see vitest.slow.config.ts).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "test/**/*.slow.test.ts"],
    // Builds the generated kernel and dist/ when missing or stale (a fresh clone).
    globalSetup: ["test/global-setup.ts"],
    // Generous: a test's timeout guards against a hang, never measures speed (that is
    // `npm run bench`'s job), so a loaded machine must not fail it.
    testTimeout: 120_000,
    // Vitest's default leaves one core idle (2 cores: one worker). Most of these tests wait
    // on a CLI child process, so a worker per core keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
    hookTimeout: 240_000,
  },
});
