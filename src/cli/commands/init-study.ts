// `init-study`: draw seeded starts from each initialization scheme (and wide normals),
// train each under each loss, and report P(reach the accuracy target) with Wilson 95%
// intervals, plus how often a run ends stuck in the flat region.

import { DEFAULT_STUDY_SIGMAS, defaultStudySchemes, FULL_STUDY_SAMPLES, MAX_STUDY_SAMPLES } from "../../basins/init-study.js";
import { studyJson } from "../../basins/study-json.js";
import { initStudyTables } from "../../api/init-study.js";
import { OUTCOME_OPTIONS, outcomeValue } from "../basins-options.js";
import type { Command } from "../command.js";
import { CONFIG_OPTION } from "../config.js";
import { initStudyCost } from "../../estimate/cost.js";
import { PROGRESS_OPTIONS, startJob } from "../progress-options.js";
import { UsageError } from "../errors.js";
import { loadData, writeFileAtomic } from "../io.js";
import { checkNumber, intOption, valueOption } from "../options.js";
import { DATA_OPTION, formatOption, LOSSES_OPTION, OUT_FILE_OPTION, seedOption } from "../shared-options.js";
import { STUDY_FORMATS, studyCsv, studyMarkdown } from "../../formats/study.js";
import { trainingOptions, trainingValue } from "../training-options.js";

const MAX_SIGMAS = 32;
const MAX_SIGMA = 1e6;

/** --sigmas: comma-separated finite numbers > 0, or "none". */
export function parseSigmas(text: string): number[] {
  if (text === "none") return [];
  const parts = text.split(",");
  if (parts.length > MAX_SIGMAS) throw new UsageError(`--sigmas takes at most ${MAX_SIGMAS} values (got ${parts.length})`);
  return parts.map((p) => checkNumber("--sigmas: each σ", p, { gt: 0, le: MAX_SIGMA }));
}

const SAMPLES_OPTION = intOption({ name: "samples", help: "seeded draws per scheme", default: FULL_STUDY_SAMPLES, min: 1, max: MAX_STUDY_SAMPLES });
const SIGMAS_OPTION = valueOption({
  name: "sigmas",
  arg: "LIST",
  help: "σ of the extra N(0, σ²) rows, comma-separated (or none)",
  limits: `each > 0 and ≤ ${MAX_SIGMA}, at most ${MAX_SIGMAS}`,
  default: [...DEFAULT_STUDY_SIGMAS],
  defaultText: DEFAULT_STUDY_SIGMAS.join(","),
  parse: parseSigmas,
});
const SEED_OPTION = seedOption("seed of the draws (N + 1 seeds --shuffle)", Number.MAX_SAFE_INTEGER - 1);
const FORMAT_OPTION = formatOption(STUDY_FORMATS);

export const initStudyCommand: Command = {
  name: "init-study",
  summary: "How often each init scheme's random start trains: P(reach 95%) with Wilson 95% intervals.",
  options: [
    SAMPLES_OPTION,
    SIGMAS_OPTION,
    LOSSES_OPTION,
    SEED_OPTION,
    ...trainingOptions(),
    ...OUTCOME_OPTIONS,
    FORMAT_OPTION,
    OUT_FILE_OPTION,
    DATA_OPTION,
    CONFIG_OPTION,
    ...PROGRESS_OPTIONS,
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
    const samples = values.get(SAMPLES_OPTION);
    const sigmas = values.get(SIGMAS_OPTION);
    const losses = values.get(LOSSES_OPTION);
    const training = trainingValue(values);
    const { accuracyTarget: target, epsilon } = outcomeValue(values);
    const format = values.get(FORMAT_OPTION);
    const out = values.get(OUT_FILE_OPTION);
    const data = loadData(values.get(DATA_OPTION));
    const progress = startJob(values, io, "init-study", initStudyCost(defaultStudySchemes(sigmas).length, losses.length, samples, data.x.length, training.epochs));
    const options = { samples, sigmas, loss: losses, seed: values.get(SEED_OPTION), ...training, target, epsilon };
    const study = await initStudyTables(data, options, { onProgress: (stage, fraction) => progress.update(stage, fraction) });
    progress.finish();
    const text = format === "json" ? JSON.stringify(studyJson(study)) + "\n" : format === "csv" ? studyCsv(study) : studyMarkdown(study);
    if (out !== undefined) writeFileAtomic(out, text);
    else io.out(text);
    return 0;
  },
};
