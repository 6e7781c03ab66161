// The explorer page's script, bundled by scripts/build-explorer.mjs during
// `npm run build`. Read from dist/ whether the CLI runs from dist/ or from src/ (tests):
// both sit two directories below the package root.

import { readFileSync } from "node:fs";

const BUNDLE = new URL("../../dist/explorer/explorer.bundle.js", import.meta.url);

export function readExplorerBundle(): string {
  try {
    return readFileSync(BUNDLE, "utf8");
  } catch {
    throw new Error(`the explorer bundle ${BUNDLE.pathname} is missing: run npm run build`);
  }
}
