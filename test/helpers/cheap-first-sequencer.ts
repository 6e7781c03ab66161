import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * File order for the mutation run (vitest.stryker.config.ts). Vitest's default runs the
 * longest file first, which suits a full run on many workers; a mutant run stops at the first
 * failing test (bail), so the file that killed the last mutant goes first (neighbouring mutants
 * tend to die in the same file), then the cheapest files, and a surviving mutant's cost is all
 * its covering tests anyway.
 */
export class CheapFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const key = (s: TestSpecification) => `${s.project.name}:${s.moduleId.slice(this.ctx.config.root.length + 1)}`;
    // [failed first, then not yet timed, then known], and by size or duration within each.
    const rank = (s: TestSpecification): number[] => {
      const state = cache.getFileTestResults(key(s));
      if (state) return [state.failed ? 0 : 2, state.duration];
      return [1, cache.getFileStats(key(s))?.size ?? 0];
    };
    return [...files].sort((a, b) => {
      const ra = rank(a);
      const rb = rank(b);
      return ra[0] - rb[0] || ra[1] - rb[1];
    });
  }
}
