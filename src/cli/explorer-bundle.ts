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

const NETWORK_BUNDLE = new URL("../../dist/explorer/network-explorer.bundle.js", import.meta.url);

/** The network explorer page's script (scripts/build-explorer.mjs). */
export function readNetworkExplorerBundle(): string {
  try {
    return readFileSync(NETWORK_BUNDLE, "utf8");
  } catch {
    throw new Error(`the network explorer bundle ${NETWORK_BUNDLE.pathname} is missing: run npm run build`);
  }
}
