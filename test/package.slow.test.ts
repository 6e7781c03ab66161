// The package as users get it: `npm pack`, install the tarball into a fresh project,
// type-check a strict TypeScript consumer (no skipLibCheck) against the published
// .d.ts files of every entry point, run it, and run the installed bin.

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
console.log(JSON.stringify({ corner, loss: p.loss, accuracy: run.accuracy, cells: map.accuracy.size, rows: study.rows.length, bands: bands.thresholds.length, gallery: html.length > 0 }));
`;

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
  writeFileSync(join(app, "consumer.ts"), CONSUMER);
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: false, outDir: "out", module: "nodenext", moduleResolution: "nodenext", target: "es2022", lib: ["es2022", "dom"], skipLibCheck: false, types: [] },
      files: ["consumer.ts"],
    }),
  );
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

  it("a strict TypeScript consumer of every entry point type-checks without skipLibCheck", () => {
    const r = spawnSync(process.execPath, [TSC, "-p", app()], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("runs, with the numbers of the library", () => {
    const r = spawnSync(process.execPath, [join(app(), "out", "consumer.js")], { cwd: app(), encoding: "utf8" });
    expect(r.stderr).toBe("");
    const o = JSON.parse(r.stdout);
    expect(o).toMatchObject({ cells: 9, rows: 5, gallery: true });
    expect(o.accuracy).toBe(0.575);
    expect(o.loss).toBeCloseTo(0.438042, 6);
  });

  it("installs the bin: --version and a command", () => {
    const bin = join(app(), "node_modules", ".bin", "loss-landscape");
    expect(execFileSync(bin, ["--version"], { encoding: "utf8" })).toBe(`${pkg.version}\n`);
    const probe = JSON.parse(execFileSync(bin, ["probe", "--json"], { encoding: "utf8" }));
    expect(probe.accuracy).toBe(0.575);
  });
});
