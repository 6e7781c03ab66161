// Writing an output set is a few fast renames, but a SIGINT or SIGTERM landing between
// them kills the process with `.DIR.PID.new` or `.old` siblings on disk. While the set is
// written, the signals are caught instead; once it is complete (and before the listeners
// go), a pending signal is honoured: the command stops with the signal's exit status, its
// outputs whole. A signal at any other time keeps its default effect.

export const HELD_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM"];
/** 128 + the signal's number, as shells report a process the signal ended. */
export const SIGNAL_STATUS: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/** The process was asked to stop while an output set was written; the set is complete. */
export class Interrupted extends Error {
  override name = "Interrupted";
  constructor(readonly signal: NodeJS.Signals) {
    super(`stopped by ${signal}`);
  }
}

/** Catches SIGINT and SIGTERM until release(), which gives back the first one that came (or null). */
function catchSignals(): { release(): NodeJS.Signals | null } {
  let caught: NodeJS.Signals | null = null;
  const handlers = HELD_SIGNALS.map((sig): [NodeJS.Signals, () => void] => [sig, () => void (caught ??= sig)]);
  for (const [sig, h] of handlers) process.on(sig, h);
  return {
    release() {
      for (const [sig, h] of handlers) process.off(sig, h);
      return caught;
    },
  };
}

/** Runs the synchronous `write` with SIGINT and SIGTERM held; throws Interrupted after it if one came. */
export async function withSignalsHeld<T>(write: () => T): Promise<T> {
  const held = catchSignals();
  try {
    return write();
  } finally {
    // A few turns of the event loop (the first install of a signal watcher takes one to
    // be polled): a signal that arrived during `write` is dispatched by then.
    for (let turn = 0; turn < 3; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
    const caught = held.release();
    if (caught !== null) throw new Interrupted(caught);
  }
}

/**
 * The synchronous form, for writes inside synchronous code (a command's output set): the
 * signals are caught while `write` runs; Node dispatches a caught one only on a later turn
 * of the event loop, after `write` has returned and the outputs are whole. The listeners
 * stay for a few turns to receive it, and `honour` then ends the run as the signal asked.
 */
export function holdSignalsDuring<T>(write: () => T, honour: (signal: NodeJS.Signals) => void = (sig) => process.exit(SIGNAL_STATUS[sig] ?? 1)): T {
  const held = catchSignals();
  try {
    return write();
  } finally {
    let turn = 0;
    const release = (): void => {
      if (++turn < 3) return void setImmediate(release);
      const caught = held.release();
      if (caught !== null) honour(caught);
    };
    setImmediate(release);
  }
}
