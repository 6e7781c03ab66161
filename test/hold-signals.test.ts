// A SIGINT or SIGTERM arriving while an output set is written is held until the set is
// complete, then honoured (Interrupted → exit 130 or 143), so no `.DIR.PID.new` or `.old`
// sibling is ever left by a signal. The signal is sent to this test process itself,
// during the synchronous write, as Ctrl-C would.
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HELD_SIGNALS, Interrupted, SIGNAL_STATUS, withSignalsHeld } from "../src/cli/hold-signals.js";
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
