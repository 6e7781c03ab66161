// The folder rules of docs/architecture.md, checked by `npm run lint:layers` and by
// test/layering.test.ts (so CI enforces them): the library never reaches into the CLI,
// the numerics never into drawing, pages or the DOM, and there are no import cycles.
const NUMERICS = "^src/(numerics|nn|curvature|slices|train|init|data|graph|onnx|model|fast|basins|tiles|formats|estimate|util)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle couples two modules into one: split out what both need.",
      from: {},
      to: { circular: true },
    },
    {
      name: "library-not-cli",
      severity: "error",
      comment: "The library is the product; the CLI is a skin on it, never a dependency of it.",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "numerics-not-drawing",
      severity: "error",
      comment: "Numerics never touch the DOM: no renderer, page, figure-set assembly, d3 or jsdom.",
      from: { path: [NUMERICS, "^src/geometry/"], pathNot: "^src/geometry/[^/]*-figure\\.ts$" },
      // d3's data modules (d3-random, d3-dsv, d3-array) are fine; the ones that draw or need a document are not.
      to: { path: ["^src/(render|explorer|netexplorer|landscape)/", "(^|/)node_modules/(d3|d3-selection|d3-axis|d3-transition|d3-zoom|d3-brush|d3-drag|jsdom)/"] },
    },
    {
      name: "render-not-pages-or-cli",
      severity: "error",
      comment: "Renderers take data and return SVG: they do not depend on the pages or the figure set.",
      from: { path: "^src/render/" },
      to: { path: "^src/(explorer|netexplorer|landscape|cli)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^src/.*\\.generated\\." },
  },
};
