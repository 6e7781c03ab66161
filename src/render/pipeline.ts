// Figures are built by a pipeline of named stages run in order over one context.
// Naming the stages keeps each figure's composition readable as a list, lets a test
// or a caller see which stages ran, and lets a new figure reuse the same stages.

export interface Stage<C> {
  name: string;
  run(ctx: C): void;
}

/** Runs the stages in order; `skip` names stages to leave out (e.g. "contours"). */
export function runStages<C>(ctx: C, stages: Array<Stage<C>>, skip: ReadonlySet<string> = new Set()): string[] {
  const ran: string[] = [];
  for (const s of stages) {
    if (skip.has(s.name)) continue;
    s.run(ctx);
    ran.push(s.name);
  }
  return ran;
}
