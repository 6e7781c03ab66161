// --quiet, --progress and --max-seconds, and the start of a long job: its estimate
// checked against --max-seconds, announced when long, and a progress reporter on
// stderr (on by default only when stderr is a terminal).

import type { CommandIO } from "./command.js";
import { UsageError } from "./errors.js";
import type { Cost } from "../estimate/cost.js";
import { MAX_WORKING_BYTES } from "../nn/memory.js";
import { checkNumber, flagOption, valueOption, type Values } from "./options.js";
import { createProgress, formatDuration, SILENT, type Progress } from "./progress.js";

/** Jobs estimated above this many seconds are announced before they start. */
export const ANNOUNCE_SECONDS = 30;

/**
 * The estimates' costs are an idle machine's (estimate.ts). On the 2-core machine shared
 * by other work, measured runs took up to about 2.7× as long (probe's dense Hessian: 13–16
 * ns per P²·N and 2.7 ns per P³ of CPU time at load average 25, against 4.9 and 1.0 idle),
 * so the estimate is shown as a range from the idle figure to LOADED_FACTOR times it.
 */
export const LOADED_FACTOR = 3;

/** "about 3.0–9.0 s", "about 45 s–2 min 15 s": the idle estimate to LOADED_FACTOR times it. */
export function estimateRange(seconds: number): string {
  const lo = formatDuration(seconds), hi = formatDuration(seconds * LOADED_FACTOR);
  if (lo === hi) return `about ${lo}`;
  const plainSeconds = (t: string): boolean => / s$/.test(t) && !/min|h/.test(t);
  return `about ${plainSeconds(lo) && plainSeconds(hi) ? lo.slice(0, -2) : lo}–${hi}`;
}

export const QUIET_OPTION = flagOption({ name: "quiet", help: "no progress and no estimate on stderr" });
export const PROGRESS_OPTION = flagOption({ name: "progress", help: "show progress on stderr even when it is not a terminal" });
export const MAX_SECONDS_OPTION = valueOption<number | undefined>({
  name: "max-seconds",
  arg: "N",
  help: "refuse (exit 2) a job estimated to take longer than N seconds",
  limits: "> 0",
  default: undefined,
  example: "60",
  parse: (t) => checkNumber("--max-seconds", t, { gt: 0 }),
});

export const PROGRESS_OPTIONS = [QUIET_OPTION, PROGRESS_OPTION, MAX_SECONDS_OPTION];

/** Refuses (exit 2) a job whose working memory is over MAX_WORKING_BYTES, before it allocates. */
export function checkMemory(memory: Cost["memory"]): void {
  if (memory === undefined || memory.bytes <= MAX_WORKING_BYTES) return;
  const gib = (b: number): string => `${(b / 2 ** 30).toFixed(1)} GiB`;
  throw new UsageError(`needs about ${gib(memory.bytes)} of working memory, over the limit of ${gib(MAX_WORKING_BYTES)}: ${memory.shrink}`);
}

/** Checks the job's estimate against --max-seconds, announces a long one, and returns its progress reporter. */
export function startJob(values: Values, io: CommandIO, command: string, cost: Cost, now: () => number = () => performance.now()): Progress {
  const quiet = values.get(QUIET_OPTION);
  const forced = values.get(PROGRESS_OPTION);
  if (quiet && forced) throw new UsageError("--quiet and --progress contradict each other: give one");
  checkMemory(cost.memory);
  const max = values.get(MAX_SECONDS_OPTION);
  const estimate = `estimated ${estimateRange(cost.seconds)} for ${cost.what}`;
  if (max !== undefined && cost.seconds > max) {
    throw new UsageError(`${estimate} exceeds --max-seconds ${max}; raise --max-seconds (or shrink the job) to run it`);
  }
  if (!quiet && cost.seconds > ANNOUNCE_SECONDS) {
    io.err(`loss-landscape ${command}: ${estimate}${max === undefined ? "; --max-seconds N refuses jobs estimated above N seconds" : ""}\n`);
  }
  const shown = reporter(values, io, command, now);
  return max === undefined ? shown : withDeadline(shown, max, estimate, now);
}

/**
 * `progress`, stopping the job when it has run past --max-seconds: estimates can be
 * wrong, so every progress update (each stage and each row, column or step a long loop
 * reports) checks the clock and throws a usage error, before anything is written.
 */
export function withDeadline(progress: Progress, maxSeconds: number, estimate: string, now: () => number): Progress {
  const t0 = now();
  return {
    update(stage, fraction) {
      const elapsed = (now() - t0) / 1000;
      if (elapsed > maxSeconds) {
        throw new UsageError(`stopped after ${formatDuration(elapsed)} in "${stage}": over --max-seconds ${maxSeconds} (${estimate}); raise --max-seconds (or shrink the job) to run it`);
      }
      progress.update(stage, fraction);
    },
    finish: () => progress.finish(),
  };
}

function reporter(values: Values, io: CommandIO, command: string, now: () => number): Progress {
  const quiet = values.get(QUIET_OPTION);
  const forced = values.get(PROGRESS_OPTION);
  const tty = io.errIsTTY === true;
  if (quiet || !(forced || tty)) return SILENT;
  return createProgress({
    label: `loss-landscape ${command}`,
    write: (t) => io.err(t),
    now,
    tty,
    // Asked for explicitly: from the start. By default: only once a job has taken a second.
    delayMs: forced ? 0 : 1000,
    intervalMs: tty ? 200 : 1000,
  });
}

/** Yields chunks, reporting `stage` with the fraction of `total` chunks done. */
export function* reportChunks<T>(chunks: Iterable<T>, total: number, progress: Progress, stage: string): Generator<T> {
  let k = 0;
  progress.update(stage, 0);
  for (const c of chunks) {
    yield c;
    k++;
    progress.update(stage, Math.min(1, k / total));
  }
}
