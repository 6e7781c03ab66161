// Progress on stderr for long work: stage, fraction, elapsed time and ETA, throttled.
// Pure apart from the injected clock and writer (only the CLI writes), so tests drive
// it with a fake clock. On a terminal one line is redrawn in place; elsewhere (only with
// --progress) each update is its own line.

export interface ProgressOptions {
  /** Prefix of every line, e.g. "loss-landscape grid". */
  label: string;
  write(text: string): void;
  /** Milliseconds, monotonic. */
  now(): number;
  /** Redraw one line with \r (a terminal) instead of printing lines. */
  tty: boolean;
  /** Nothing is shown before this much time has passed (short jobs stay silent). */
  delayMs: number;
  /** At most one update per interval (a new stage is shown at once). */
  intervalMs: number;
}

export interface Progress {
  /** The job is in `stage`, with `fraction` of that stage done (undefined: unknown). */
  update(stage: string, fraction?: number): void;
  /** The job is over: a terminal line is cleared; a log gets the total time. */
  finish(): void;
}

export const SILENT: Progress = { update() {}, finish() {} };

/** "0.4 s", "12 s", "3 min 05 s", "2 h 10 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${String(Math.round(seconds - 60 * m)).padStart(2, "0")} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${String(m - 60 * h).padStart(2, "0")} min`;
}

/** One progress line: stage, percent, elapsed, and the stage's ETA when a fraction is known. */
export function progressLine(label: string, stage: string, fraction: number | undefined, elapsedMs: number, stageElapsedMs: number): string {
  const parts = [`${label}: ${stage}`];
  if (fraction !== undefined) parts.push(`${(Math.min(1, Math.max(0, fraction)) * 100).toFixed(0)}%`);
  parts.push(`${formatDuration(elapsedMs / 1000)} elapsed`);
  // Linear extrapolation over the stage so far; unknown until half a second of it is done.
  if (fraction !== undefined && fraction > 0 && fraction < 1 && stageElapsedMs >= 500) parts.push(`ETA ${formatDuration(((stageElapsedMs / fraction) * (1 - fraction)) / 1000)}`);
  return parts.join(" · ");
}

export function createProgress(o: ProgressOptions): Progress {
  const t0 = o.now();
  let stage = "";
  let stageT0 = t0;
  let lastShown = -Infinity;
  let shown = false;
  const show = (text: string): void => {
    o.write(o.tty ? `\r\u001b[2K${text}` : `${text}\n`);
    shown = true;
  };
  return {
    update(s, fraction) {
      const t = o.now();
      const newStage = s !== stage;
      if (newStage) {
        stage = s;
        stageT0 = t;
      }
      if (t - t0 < o.delayMs) return;
      if (!newStage && t - lastShown < o.intervalMs) return;
      lastShown = t;
      show(progressLine(o.label, stage, fraction, t - t0, t - stageT0));
    },
    finish() {
      if (!shown) return;
      if (o.tty) o.write("\r\u001b[2K");
      else o.write(`${o.label}: done in ${formatDuration((o.now() - t0) / 1000)}\n`);
    },
  };
}
