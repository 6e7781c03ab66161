// A SIGINT or SIGTERM arriving while an output set is written is held until the set is
// complete, then honoured (Interrupted → exit 130 or 143), so no `.DIR.PID.new` or `.old`
// sibling is ever left by a signal. The signal is sent to this test process itself,
// during the synchronous write, as Ctrl-C would.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HELD_SIGNALS, holdSignalsDuring, Interrupted, SIGNAL_STATUS, withSignalsHeld } from "../src/cli/hold-signals.js";
import { commitStaged, stageFile } from "../src/cli/io.js";
import { writeFileSet } from "../src/cli/write-set.js";

describe("withSignalsHeld", () => {
  for (const sig of HELD_SIGNALS) {
    it(`a ${sig} during the write lets it finish, then stops with ${SIGNAL_STATUS[sig]}`, async () => {
      const parent = mkdtempSync(join(tmpdir(), "ll-sig-"));
      const out = join(parent, "site");
      const files = Array.from({ length: 20 }, (_, i) => ({ file: `f${i}.txt`, content: `file ${i}\n` }));
      const run = withSignalsHeld(() => {
        process.kill(process.pid, sig);
        writeFileSet(out, files, () => null);
        return "written";
      });
      await expect(run).rejects.toBeInstanceOf(Interrupted);
      await expect(run).rejects.toMatchObject({ signal: sig });
      expect(readdirSync(parent)).toEqual(["site"]);
      expect(readdirSync(out).sort()).toEqual(files.map((f) => f.file).sort());
      // The listeners are gone again: the signal's default effect is back.
      expect(process.listenerCount(sig)).toBe(0);
    });
  }
  it("returns the write's value when no signal came", async () => {
    await expect(withSignalsHeld(() => 42)).resolves.toBe(42);
  });
});

describe("holdSignalsDuring (the synchronous form, around a command's output set)", () => {
  const turns = (n: number): Promise<void> => (n === 0 ? Promise.resolve() : new Promise<void>((r) => setImmediate(r)).then(() => turns(n - 1)));
  for (const sig of HELD_SIGNALS) {
    it(`a ${sig} during the renames is honoured only after every file is in place`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "ll-sig-set-"));
      const names = ["a.json", "b.csv", "c.svg"];
      const honoured: Array<{ signal: string; files: string[] }> = [];
      const value = holdSignalsDuring(
        () => {
          process.kill(process.pid, sig);
          // What writeOutputSet's hold wraps: the renames of staged files.
          for (const s of names.map((n) => stageFile(join(dir, n), [n]))) commitStaged(s);
          return "written";
        },
        (signal) => honoured.push({ signal, files: readdirSync(dir).sort() }),
      );
      expect(value).toBe("written");
      // Not yet: the signal is dispatched on a later turn of the event loop.
      expect(honoured).toEqual([]);
      await turns(6);
      expect(honoured).toEqual([{ signal: sig, files: names }]);
      for (const n of names) expect(readFileSync(join(dir, n), "utf8")).toBe(n);
      expect(process.listenerCount(sig)).toBe(0);
    });
  }
  it("writeOutputSet by default ends the process with the signal's status, after the set is written", () => {
    const dir = mkdtempSync(join(tmpdir(), "ll-sig-exit-"));
    const src = (f: string): string => JSON.stringify(new URL(`../dist/cli/${f}`, import.meta.url).href);
    const script = `
            const { writeOutputSet } = await import(${src("output-set.js")});
      const dir = ${JSON.stringify(dir)};
      // The signal comes while the last file is staged, as Ctrl-C during a large write.
      const last = function* () { process.kill(process.pid, "SIGTERM"); yield "y.json"; };
      writeOutputSet([{ label: "x", path: dir + "/x.json", chunks: () => ["x.json"] }, { label: "y", path: dir + "/y.json", chunks: last }]);
      setTimeout(() => console.log("still running"), 2000);`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("");
    expect(r.status).toBe(SIGNAL_STATUS.SIGTERM);
    expect(readdirSync(dir).sort()).toEqual(["x.json", "y.json"]);
  });
});
