// A StrykerJS reporter that appends every mutant that is not killed (survived, no coverage,
// timed out) to reports/mutation/<folder>.live.txt as soon as it is tested, so survivors can be
// worked on while a long run goes on. Loaded by scripts/mutate.mjs (appendPlugins).
import { appendFileSync, writeFileSync } from "node:fs";
import { declareClassPlugin, PluginKind } from "@stryker-mutator/api/plugin";

class LiveReporter {
  static inject = [];
  file = `reports/mutation/${process.env.MUTATE_FOLDER ?? "all"}.live.txt`;
  constructor() {
    writeFileSync(this.file, "");
  }
  onMutantTested(m) {
    if (m.status === "Killed" || m.status === "Ignored" || m.status === "Pending") return;
    const at = `${m.fileName.replace(/^.*?\/src\//, "src/")}:${m.location.start.line}:${m.location.start.column + 1}`;
    appendFileSync(this.file, `${at} ${m.status} ${m.mutatorName} -> ${JSON.stringify(m.replacement ?? "").slice(0, 100)}\n`);
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, "live", LiveReporter)];
