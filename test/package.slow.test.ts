// The package as users get it: `npm pack`, install the tarball into a fresh project,
// type-check a strict TypeScript consumer (no skipLibCheck; noUncheckedIndexedAccess and
// exactOptionalPropertyTypes) against the published .d.ts files of every entry point, run
// it and README's library program (taken from README.md as it stands), and run the bin.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const npm = (args: string[], cwd: string): string =>
  execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });

const CONSUMER = `import { seedDataset, evaluateGrid, evaluatePoint, train, DEFAULT_TRAIN_CONFIG, type GridResult } from "loss-landscape";
import { basinMap, initStudy, defaultStudySchemes, DEFAULT_BASIN_OPTIONS, type BasinMap } from "loss-landscape/basins";
import { colorBands, renderGallery, type ColorBands } from "loss-landscape/render";
import { grid as gridOf, type GridResult as GridJson } from "loss-landscape/api";
import { gridJsonChunks, parseGridJson } from "loss-landscape/formats";

// Fails to compile if a published type degrades to any (e.g. ndarray's types missing).
type IsAny<T> = 0 extends 1 & T ? true : false;
const notAny = <T>(_: IsAny<T> extends true ? never : T): void => {};

const data = seedDataset();
const grid: GridResult = evaluateGrid("mse", data, { w: { min: -10, max: 20, count: 4 }, b: { min: -20, max: 10, count: 3 } });
notAny(grid.fields.loss);
const corner: number = grid.fields.loss.get(0, 0);
const p = evaluatePoint("mse", data, -5, -10);
const run = train(data, [-5, -10], DEFAULT_TRAIN_CONFIG);
const map: BasinMap = basinMap(data, { w: { min: -10, max: 10, count: 3 }, b: { min: -15, max: 10, count: 3 } }, { ...DEFAULT_TRAIN_CONFIG, epochs: 2 }, DEFAULT_BASIN_OPTIONS);
notAny(map.accuracy);
const study = initStudy({ data, schemes: defaultStudySchemes([1]), losses: ["bce"], samples: 4, seed: 0, config: { ...DEFAULT_TRAIN_CONFIG, epochs: 2 } });
const bands: ColorBands = colorBands(0, 1, "viridis", "linear");
const html: string = renderGallery("Figures", "", []);
const g: GridJson = await gridOf(data, { loss: "bce", w: { min: -1, max: 1, count: 3 }, b: { min: -1, max: 1, count: 2 } });
const back = parseGridJson(JSON.stringify(g));
const same = [...gridJsonChunks(back)].join("") === JSON.stringify(g) + "\\n";
console.log(JSON.stringify({ same, gridRows: g.values.length, corner, loss: p.loss, accuracy: run.accuracy, cells: map.accuracy.size, rows: study.rows.length, bands: bands.thresholds.length, gallery: html.length > 0 }));
`;

/** README's library program: the ```ts block under "## The library". */
function readmeProgram(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const m = /## The library\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error("README.md has no ```ts block under ## The library");
  return m[1]!;
}

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ll-pack-"));
  // dist/ is built by npm test before vitest; --ignore-scripts keeps pack from rebuilding it.
  npm(["pack", "--ignore-scripts", "--pack-destination", dir], ROOT);
  const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack wrote no tarball");
  const app = join(dir, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }));
  // Dependencies come from npm's cache when they are there (npm ci filled it), else the registry.
  npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", join(dir, tarball)], app);
  // README's program draws with jsdom and writes a file: a user brings jsdom's and Node's types.
  const dev = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).devDependencies as Record<string, string>;
  npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--save-dev", `@types/jsdom@${dev["@types/jsdom"]}`, `@types/node@${dev["@types/node"]}`], app);
  writeFileSync(join(app, "consumer.ts"), CONSUMER);
  writeFileSync(join(app, "readme.ts"), readmeProgram());
  const strict = {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noEmit: false,
    outDir: "out",
    module: "nodenext",
    moduleResolution: "nodenext",
    target: "es2022",
    lib: ["es2022", "dom"],
    skipLibCheck: false,
  };
  // The consumer of every entry point sees no Node types: the published .d.ts files must not need them.
  writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...strict, types: [] }, files: ["consumer.ts"] }));
  writeFileSync(join(app, "tsconfig.readme.json"), JSON.stringify({ compilerOptions: { ...strict, types: ["node"] }, files: ["readme.ts"] }));
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the packed package", () => {
  const app = (): string => join(dir, "app");

  it("ships LICENSE, README and dist, and no sources or tests", () => {
    const files = readdirSync(join(app(), "node_modules", "loss-landscape"));
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "dist", "package.json"]));
    expect(files).not.toContain("src");
    expect(files).not.toContain("test");
  });

  it("a strict TypeScript consumer of every entry point, and README's program, type-check without skipLibCheck", () => {
    for (const config of ["tsconfig.json", "tsconfig.readme.json"]) {
      const r = spawnSync(process.execPath, [TSC, "-p", join(app(), config)], { encoding: "utf8" });
      expect(r.stdout + r.stderr, config).toBe("");
      expect(r.status).toBe(0);
    }
  });

  it("runs, with the numbers of the library", () => {
    const r = spawnSync(process.execPath, [join(app(), "out", "consumer.js")], { cwd: app(), encoding: "utf8" });
    expect(r.stderr).toBe("");
    const o = JSON.parse(r.stdout);
    expect(o).toMatchObject({ cells: 9, rows: 5, gallery: true, same: true, gridRows: 2 });
    expect(o.accuracy).toBe(0.575);
    expect(o.loss).toBeCloseTo(0.438042, 6);
  });

  it("runs README's library program: data, init, layer statistics, train, slice, spectrum, figure", () => {
    // The contract: a 15-line program (imports and the blank line included).
    expect(readmeProgram().trimEnd().split("\n").length).toBeLessThanOrEqual(15);
    const r = spawnSync(process.execPath, [join(app(), "out", "readme.js")], { cwd: app(), encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // It prints each init's pre-activation std per layer, the final accuracy and λ_max, and writes the plane.
    expect(r.stdout).toMatch(/^\[[\s\S]*\] [\d.]+ [\d.e-]+\n$/);
    const svg = readFileSync(join(app(), "plane.svg"), "utf8");
    expect(svg).toMatch(/^<\?xml[^\n]*\n<svg /);
    expect(svg).toContain("MSE around the trained he network");
  }, 120_000);

  it("installs the bin: --version and a command", () => {
    const bin = join(app(), "node_modules", ".bin", "loss-landscape");
    expect(execFileSync(bin, ["--version"], { encoding: "utf8" })).toBe(`${pkg.version}\n`);
    const probe = JSON.parse(execFileSync(bin, ["probe", "--json"], { encoding: "utf8" }));
    expect(probe.accuracy).toBe(0.575);
  });
});
