// Small writes to stdout collected into ~64 KB chunks: one write per epoch line or
// JSON record would be a syscall each, and a whole run's output must never be one string.

import type { CommandIO } from "./command.js";

export interface BufferedOut {
  write(t: string): void;
  flush(): void;
}

export function bufferedOut(io: CommandIO): BufferedOut {
  let parts: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (parts.length > 0) io.out(parts.join(""));
    parts = [];
    size = 0;
  };
  return {
    write(t) {
      parts.push(t);
      size += t.length;
      if (size >= 65536) flush();
    },
    flush,
  };
}
