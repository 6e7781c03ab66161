// Echoed input in messages: escaped (no raw control byte reaches the terminal) and cut
// (a huge argument or name never makes a huge line), whatever its source: a flag's value,
// a file name, a tensor name read from a file, metadata.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_LINE, safeLine } from "../src/cli/quote.js";
import { runCli } from "./run-cli.js";

const ESC = "\u001b";
const dir = mkdtempSync(join(tmpdir(), "ll-echo-"));

/** stderr is one line, with no control character but its final newline, and bounded. */
function expectSafe(stderr: string): void {
  expect(stderr.endsWith("\n")).toBe(true);
  const line = stderr.slice(0, -1);
  expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  expect([...line].length).toBeLessThanOrEqual(MAX_LINE + 60);
}

/** A safetensors file with one tensor named `name` (F64 [1]). */
function safetensorsNamed(name: string): string {
  const head = Buffer.from(JSON.stringify({ [name]: { dtype: "F64", shape: [1], data_offsets: [0, 8] } }), "utf8");
  const buf = Buffer.alloc(8 + head.length + 8);
  buf.writeBigUInt64LE(BigInt(head.length), 0);
  head.copy(buf, 8);
  const path = join(dir, `named-${name.length}.safetensors`);
  writeFileSync(path, buf);
  return path;
}

describe("safeLine", () => {
  it("escapes control characters and separators, joins lines and cuts long lines", () => {
    expect(safeLine(`a${ESC}[31mb\u0007c\u2028d`)).toBe("a\\u001b[31mb\\u0007c\\u2028d");
    expect(safeLine("one\n  two\r\nthree")).toBe("one two three");
    const long = safeLine("x".repeat(100_000));
    expect([...long].length).toBe(MAX_LINE + 1);
    expect(long.endsWith("…")).toBe(true);
    // A surrogate pair is never split at the cut.
    expect(safeLine("😀".repeat(1000)).endsWith("😀…")).toBe(true);
  });
});

describe("echoed input on the command line", () => {
  it("--hidden and --init with an escape sequence: exit 2, escaped", () => {
    for (const args of [["probe", "--hidden", `4${ESC}[31m`], ["probe", "--hidden", "4", "--init", `he${ESC}]0;title\u0007`], ["layers", "--init", `x${ESC}[2J`]]) {
      const r = runCli(args);
      expect(r.status).toBe(2);
      expectSafe(r.stderr);
      expect(r.stderr).toContain("\\u001b");
    }
  });
  it("a 100,000-character value gives a short line", () => {
    for (const flag of ["--hidden", "--init", "--data", "--params"]) {
      const r = runCli(["probe", flag, "a".repeat(100_000)]);
      expect(r.status).toBe(2);
      expectSafe(r.stderr);
    }
  });
  it("tensor names read from a safetensors file: escaped and cut", () => {
    for (const name of [`0.weight${ESC}[31m`, `${"n".repeat(50_000)}${ESC}`]) {
      const r = runCli(["probe", "--params", safetensorsNamed(name)]);
      expect(r.status).toBe(2);
      expectSafe(r.stderr);
    }
  });
  it("a params file name with control characters, in a message from deep in the reader", () => {
    const path = join(dir, `p${ESC}[31m.json`);
    writeFileSync(path, JSON.stringify({ layers: [{ weight: [[1, 2]], bias: [0] }] }));
    const r = runCli(["probe", "--hidden", "4", "--hvp", path]);
    expect(r.status).toBe(2);
    expectSafe(r.stderr);
  });
});
