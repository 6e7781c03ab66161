// Bundles the explorer pages' scripts. The one-neuron page: bundles its script (src/explorer/main.ts with the numerics, the
// WebAssembly kernel and the renderers it imports) with esbuild into
// dist/explorer/explorer.bundle.js, which `landscape` inlines into explorer.html.
// Part of `npm run build`; the output is byte-identical from run to run.
//
// node:* built-ins resolve to a stub that throws if called: they are reachable only
// through the kernel's worker pool, which the page never starts (it evaluates its grids
// on the calling thread and skips the basin figures). In a browser the kernel loads
// with an unshared memory (src/fast/unshared.ts).

import { build } from "esbuild";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = fileURLToPath(new URL("..", import.meta.url));
/** explorer.html must stay under 1.5 MB; the script is nearly all of it. */
const MAX_BYTES = 1.4 * 1024 * 1024;
/** network-explorer.html has no WebAssembly and no data inline: its script stays far smaller. */
const MAX_NETWORK_BYTES = 400 * 1024;

const nodeStubs = {
  name: "node-stubs",
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: "node-stub" }));
    b.onLoad({ filter: /.*/, namespace: "node-stub" }, (args) => ({
      contents: `module.exports = new Proxy({}, { get: (_, k) => k === "__esModule" ? false : () => { throw new Error(${JSON.stringify(args.path)} + " is not available in a web page"); } });`,
      loader: "js",
    }));
  },
};

async function bundle(entry, out, budget) {
const result = await build({
  entryPoints: [join(root, entry)],
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["es2022"],
  minify: true,
  legalComments: "eof",
  charset: "utf8",
  write: false,
  logLevel: "warning",
  plugins: [nodeStubs],
  // import.meta.url locates the pool's worker script, which the page never loads.
  logOverride: { "empty-import-meta": "silent" },
  absWorkingDir: root,
});
const js = result.outputFiles[0].text;
if (js.length > budget) {
  console.error(`build-explorer: ${out} is ${js.length} bytes, over the ${budget} budget`);
  process.exit(1);
}
const path = join(root, out);
mkdirSync(dirname(path), { recursive: true });
if (!existsSync(path) || readFileSync(path, "utf8") !== js) writeFileSync(path, js);
}

await bundle("src/explorer/main.ts", "dist/explorer/explorer.bundle.js", MAX_BYTES);
// The network explorer (src/netexplorer): its numerics are the TypeScript reference, no kernel.
await bundle("src/netexplorer/main.ts", "dist/explorer/network-explorer.bundle.js", MAX_NETWORK_BYTES);
