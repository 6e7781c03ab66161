// A StrykerJS ignorer: no mutants in a for loop's update (`i++` → `i--`). Such a mutant never
// finishes: its loop runs until Stryker's timeout (1.5× all its covering tests' time, ~30-50 s
// per mutant in the hot loops of src/nn), and a timeout counts as detected. Hundreds of them made
// up most of a run's time while adding nothing the score could show; they are reported as
// Ignored with this reason. Loaded by scripts/mutate.mjs (appendPlugins, ignorers).
import { declareValuePlugin, PluginKind } from "@stryker-mutator/api/plugin";

const loopUpdate = {
  shouldIgnore(path) {
    return path.key === "update" && path.parentPath?.isForStatement()
      ? "a for loop's update: the mutant only hangs until the timeout (counted as detected)"
      : undefined;
  },
};

export const strykerPlugins = [declareValuePlugin(PluginKind.Ignore, "loop-update", loopUpdate)];
