import { defineConfig } from "vitest/config";

// The slow tier (`npm run test:slow`): files named test/**/*.slow.test.ts, each over
// ~10 s of work (large inputs, headless Chromium, full CLI runs of the figure set,
// every shell example of the docs). CI runs it after `npm test`.
export default defineConfig({
  test: {
    include: ["test/**/*.slow.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Hang guards only: these files do minutes of work on a busy 2-core machine.
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
