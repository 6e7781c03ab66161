// Echoing user input in a one-line message: JSON-escaped, so a newline, a terminal
// escape sequence or a quote cannot break the line or drive the terminal, and cut to
// a bounded length, so a 100 MB argument never becomes a 100 MB message.

/** Longest echoed value, in characters, before it is cut with "…". */
export const MAX_ECHO = 80;

/** `text` as a JSON string literal of at most MAX_ECHO characters of input. */
export function quote(text: string): string {
  // Cut at a code point boundary so a surrogate pair is never split.
  const cut = [...text.slice(0, 2 * (MAX_ECHO + 1))];
  const shown = cut.length > MAX_ECHO ? cut.slice(0, MAX_ECHO).join("") + "…" : text;
  // JSON.stringify escapes control characters (ESC included) but not the Unicode line
  // and paragraph separators, which some terminals break lines at.
  return JSON.stringify(shown).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
