// `init-study`: draw seeded starts from each initialization scheme (and wide normals),
// train each under each loss, and report P(reach the accuracy target) with Wilson 95%
// intervals, plus how often a run ends stuck in the flat region.

import { DEFAULT_STUDY_SIGMAS, defaultStudySchemes, FULL_STUDY_SAMPLES, initStudy, MAX_STUDY_SAMPLES } from "../../basins/init-study.js";
import { threadedTrainer } from "../../fast/many-fast.js";
import { usingKernelPool } from "../../fast/pool.js";
import { LOSSES_OPTION, lossesValue, OUTCOME_OPTIONS, outcomeValue, TRAINING_OPTIONS, trainingValue } from "../basins-options.js";
import type { Command } from "../command.js";
import { UsageError } from "../errors.js";
import { loadData, writeFileAtomic } from "../io.js";
import { checkNumber, int, oneOf, str, type ParsedValues } from "../options.js";
import { DATA_OPTION } from "../shared-options.js";
import { STUDY_FORMATS, studyCsv, studyJson, studyMarkdown } from "../study-format.js";

const MAX_SIGMAS = 32;

/** --sigmas: comma-separated finite numbers > 0, or "none". */
export function sigmasValue(values: ParsedValues): number[] {
  const text = str(values, "sigmas");
  if (text === undefined) return [...DEFAULT_STUDY_SIGMAS];
  if (text === "none") return [];
  const parts = text.split(",");
  if (parts.length > MAX_SIGMAS) throw new UsageError(`--sigmas takes at most ${MAX_SIGMAS} values (got ${parts.length})`);
  return parts.map((p) => checkNumber("--sigmas: each σ", p, { gt: 0, le: 1e6 }));
}

export const initStudyCommand: Command = {
  name: "init-study",
  summary: "How often each init scheme's random start trains: P(reach 95%) with Wilson 95% intervals.",
  usage: "[--samples N] [--sigmas LIST] [--loss mse|bce|all] [--seed N] [training flags] [--format markdown|json|csv] [--out FILE]",
  options: [
    { name: "samples", type: "string", arg: "N", help: `seeded draws per scheme, 1 to ${MAX_STUDY_SAMPLES}`, defaultText: String(FULL_STUDY_SAMPLES) },
    { name: "sigmas", type: "string", arg: "LIST", help: "σ of the extra N(0, σ²) rows, comma-separated, each > 0 (or none)", defaultText: DEFAULT_STUDY_SIGMAS.join(",") },
    LOSSES_OPTION,
    { name: "seed", type: "string", arg: "N", help: "seed of the draws (N + 1 seeds --shuffle)", defaultText: "0" },
    ...TRAINING_OPTIONS,
    ...OUTCOME_OPTIONS,
    { name: "format", type: "string", arg: "markdown|json|csv", help: "output format", defaultText: "markdown" },
    { name: "out", type: "string", arg: "FILE", help: "write to FILE (atomically) instead of stdout" },
    DATA_OPTION,
  ],
  details: `Schemes: pytorch, xavier, xavier-normalized, he (initializers, n = 1), then
N(0, σ²) for each --sigmas value; w and b are drawn from the same distribution. Every
scheme uses the same seeded stream (draw i is the i-th initialize() from seed N).
A run "reaches" when its full-data accuracy is ≥ --target at some epoch's end.

JSON: {"samples", "seed", "losses", "accuracyTarget", "epsilon", "optimizer", "lr",
"batchSize", "epochs", "shuffle", "rows": [{"scheme", "label", "distribution", "std",
"<loss>": {"n", "reached", "rate", "ci95": [low, high], "stuck", "stuckRate",
"stuckCi95", "meanAccuracy"}}]}.
CSV: one line per (scheme, loss).

Example: loss-landscape init-study --samples 1000 --sigmas 1,3,10`,
  async run(values, io) {
    const samples = int(values, "samples", FULL_STUDY_SAMPLES, 1, MAX_STUDY_SAMPLES);
    const sigmas = sigmasValue(values);
    const losses = lossesValue(values);
    const seed = int(values, "seed", 0, 0, Number.MAX_SAFE_INTEGER - 1);
    const config = trainingValue(values, losses);
    const options = outcomeValue(values);
    const format = oneOf(values, "format", STUDY_FORMATS, "markdown");
    const out = str(values, "out");
    const data = loadData(str(values, "data"));
    // The WebAssembly many-start trainer on all cores (trainMany's contract, ~10× faster).
    const params = { data, schemes: defaultStudySchemes(sigmas), losses, samples, seed, config, options };
    const study = await usingKernelPool((pool) => initStudy(params, threadedTrainer({ pool })));
    const text = format === "json" ? JSON.stringify(studyJson(study)) + "\n" : format === "csv" ? studyCsv(study) : studyMarkdown(study);
    if (out !== undefined) writeFileAtomic(out, text);
    else io.out(text);
    return 0;
  },
};
