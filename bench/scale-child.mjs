// Child process of bench/scale.mjs: one stage on one CSV, timed, with the process's peak
// resident memory (maxRSS, worker threads included). Prints one JSON line.
// Usage: node bench/scale-child.mjs grid|train|train-reference|landscape FILE [G]
// "landscape" runs the default figure set's study without the basin maps and the init
// study (as `landscape --data FILE --no-basins --no-study` does), timing each stage as
// the study reports it, then renders the figures and reports the largest SVG.
import { loadData } from "../dist/cli/io.js";
import { evaluateLossGradParallel } from "../dist/fast/grid-parallel.js";
import { usingKernelPool } from "../dist/fast/pool.js";
import { trainRunFast } from "../dist/fast/train-fast.js";
import { DEFAULT_TRAIN_CONFIG, train } from "../dist/train/train.js";

const [stage, file, g = "64"] = process.argv.slice(2);
const seconds = (t0) => (performance.now() - t0) / 1000;
let t0 = performance.now();
const data = loadData(file);
const n = data.x.length;
const load = seconds(t0);
const result = { stage, n, loadSeconds: load, loadNsPerRow: (load * 1e9) / n };
t0 = performance.now();
if (stage === "grid") {
  const G = Number(g);
  const spec = { w: { min: -10, max: 20, count: G }, b: { min: -20, max: 10, count: G } };
  // Both losses, as `landscape` evaluates them; loss and gradient, as `grid` writes them.
  await usingKernelPool(async (pool) => {
    for (const loss of ["mse", "bce"]) await evaluateLossGradParallel(loss, data, spec, { pool });
  });
  result.seconds = seconds(t0);
  result.points = G * G;
  result.nsPerPointSample = (result.seconds * 1e9) / (2 * G * G * n);
} else if (stage === "landscape") {
  const { parseOptions } = await import("../dist/cli/parse.js");
  const { landscapeCommand, landscapeSettings } = await import("../dist/cli/commands/landscape.js");
  const { runStudyOnPool } = await import("../dist/landscape/study.js");
  const { buildFigureSet } = await import("../dist/landscape/build.js");
  const { JSDOM } = await import("jsdom");
  const settings = landscapeSettings(parseOptions(["--data", file, "--no-basins", "--no-study"], landscapeCommand.options));
  const stages = [];
  let current = null;
  const mark = (name) => {
    const t = performance.now();
    if (current) current.seconds = (t - current.t0) / 1000;
    current = { stage: name, t0: t };
    stages.push(current);
  };
  const study = await usingKernelPool((pool) => runStudyOnPool(data, settings.study, pool, (msg) => current?.stage !== msg && mark(msg)));
  mark("rendering the figures");
  const doc = new JSDOM("<!DOCTYPE html><html><body></body></html>").window.document;
  const files = buildFigureSet(study, doc, settings.figure, () => {}, settings.figures);
  mark("end");
  stages.pop();
  result.seconds = seconds(t0);
  result.stages = stages.map(({ stage: s, seconds: sec }) => ({ stage: s, seconds: sec }));
  result.gridPoints = settings.study.grid.w.count * settings.study.grid.b.count;
  result.runs = settings.study.starts.length * settings.study.losses.length;
  result.epochs = settings.study.train.epochs;
  let largest = { file: "", bytes: 0 };
  for (const f of files) if (f.file.endsWith(".svg") && Buffer.byteLength(f.content) > largest.bytes) largest = { file: f.file, bytes: Buffer.byteLength(f.content) };
  result.largestSvg = largest;
} else {
  // The seed run's settings (SGD, lr 2, batch 2, 50 epochs) from the bad start.
  const config = { ...DEFAULT_TRAIN_CONFIG, loss: "mse" };
  const run = stage === "train" ? trainRunFast(data, [-5, -10], config, null) : train(data, [-5, -10], config, null);
  result.seconds = seconds(t0);
  result.final = run.final;
  result.nsPerSampleEpoch = (result.seconds * 1e9) / (n * config.epochs);
}
result.peakBytes = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify(result) + "\n");
