// Errors the CLI turns into one line on stderr: UsageError exits 2, OutputError 1.
// StdoutClosed (the reader of stdout went away) ends the command quietly.

export class UsageError extends Error {
  override name = "UsageError";
}

/** A write that could not complete (disk full, read-only file system): exit 1, one line naming the path. */
export class OutputError extends Error {
  override name = "OutputError";
}

/** stdout's reader has gone (EPIPE, as in `| head`): stop without a message. */
export class StdoutClosed extends Error {
  override name = "StdoutClosed";
}

/** The exit status of a process that wrote into a closed pipe: 128 + SIGPIPE, as shells report it. */
export const EXIT_PIPE = 141;

/** f(), with a library error of one of `kinds` turned into a usage error naming `flag`. */
export function usageOn<T>(flag: string, kinds: ReadonlyArray<abstract new (...args: never[]) => Error>, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (kinds.some((k) => err instanceof k)) throw new UsageError(`${flag}: ${(err as Error).message}`);
    throw err;
  }
}
