// The kernel binary as scripts/build-wasm.mjs assembles it: function names survive into
// the binary (a trap's stack names the kernel functions), and the template language that
// writes each repeated block once (scripts/wat-expand.mjs) expands as documented.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script without type declarations
import { expandWat } from "../scripts/wat-expand.mjs";
import { callKernel, instantiateKernel, makeMemory } from "../src/fast/kernel.js";

const parts = mkdtempSync(join(tmpdir(), "wat-parts-"));
afterAll(() => rmSync(parts, { recursive: true, force: true }));

describe("kernel binary", () => {
  it("a trap's stack trace names the kernel functions", () => {
    const memory = makeMemory(1 << 16, "a test");
    const k = instantiateKernel(memory);
    // Samples far outside the 64 KiB memory: the sums loop traps on its first load.
    let stack = "";
    try {
      callKernel(k, "grid", { loss: 1, sp: 1 << 20, n: 4, wp: 4096, cols: 4, bp: 4096, lo: 0, hi: 1, out: 8192, stride: 64, acc: 2048, full: 1 });
    } catch (err) {
      stack = (err as Error).stack ?? "";
    }
    expect(stack).toMatch(/memory access out of bounds/);
    expect(stack).toMatch(/at bce4 \(wasm:/);
    expect(stack).toMatch(/at eval4 \(wasm:/);
    expect(stack).toMatch(/at grid \(wasm:/);
  });
});

describe("wat-expand", () => {
  const write = (name: string, text: string): void => writeFileSync(join(parts, `${name}.wat`), text);
  const expand = (text: string): string[] => (expandWat(text, `${parts}/`) as string).split("\n").map((l) => l.trim()).filter(Boolean);

  it("writes a line with % once per vector, and <N> as N + 112 for B", () => {
    expect(expand("(local.set $x% (v128.load offset=<16> (local.get $acc)))")).toEqual([
      "(local.set $xA (v128.load offset=16 (local.get $acc)))",
      "(local.set $xB (v128.load offset=128 (local.get $acc)))",
    ]);
  });

  it("expands @ab blocks whole, A then B, and @use with @if/@else on the part's variables", () => {
    write("p", ";; @if loss=bce\n(bce {{name}})\n;; @else\n(mse {{name}})\n;; @end\n;; @if !full\n(lg)\n;; @end");
    expect(expand(";; @ab\n(a %\n  b %)\n;; @end")).toEqual(["(a A", "b A)", "(a B", "b B)"]);
    expect(expand(";; @use p name=$f loss=bce full=0")).toEqual(["(bce $f)", "(lg)"]);
    expect(expand(";; @use p name=$g loss=mse full=1")).toEqual(["(mse $g)"]);
  });

  it("expands @exp_neg and its @locals from the one definition, and rejects unknown directives", () => {
    write("exp-neg", "(local.set $e% (f64x2.add (local.get $ex%) (local.get $ex_t%)))");
    expect(expand(";; @exp_neg B")).toEqual(["(local.set $eB (f64x2.add (local.get $exB) (local.get $ex_tB)))"]);
    expect(expand(";; @locals exp_neg A B")).toEqual(["(local $ex_tA v128) (local $ex_tB v128)"]);
    expect(() => expand(";; @nope")).toThrow("unknown directive @nope");
    expect(() => expand(";; @if\n;; @end")).toThrow("bad condition");
  });
});
