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

/** Longest message line written to stderr, in characters, before it is cut with "…". */
export const MAX_LINE = 400;

/**
 * A message as one safe line: whatever a message quotes without quote() (a file name
 * inside a library's error, a tensor name from a file), control characters (ESC
 * included, so no terminal sequence runs), line and paragraph separators and newlines
 * are escaped as \uXXXX, and a line longer than MAX_LINE is cut, so no input makes the
 * line long or many lines.
 */
export function safeLine(message: string): string {
  const escaped = message
    .replace(/\s*[\r\n]+\s*/g, " ")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const chars = [...escaped.slice(0, 2 * (MAX_LINE + 1))];
  return chars.length > MAX_LINE ? chars.slice(0, MAX_LINE).join("") + "…" : escaped;
}
