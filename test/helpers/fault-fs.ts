// Real faulty file systems for tests: a tiny tmpfs that fills up, a FIFO without a
// writer. Each returns null (and the test prints why it is skipped) where the machine
// cannot make one, e.g. without root or off Linux.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Mounts a tmpfs of `kib` KiB in a fresh temp dir; null if mount is not possible here. */
export function smallTmpfs(kib: number): { dir: string; unmount(): void } | null {
  const base = mkdtempSync(join(tmpdir(), "ll-tmpfs-"));
  const dir = join(base, "m");
  mkdirSync(dir);
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${kib}k`, "tmpfs", dir], { encoding: "utf8" });
  if (r.status !== 0) {
    rmSync(base, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    unmount() {
      spawnSync("umount", [dir]);
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** Makes a FIFO at `path`; false if mkfifo is not available. */
export function makeFifo(path: string): boolean {
  return spawnSync("mkfifo", [path]).status === 0;
}

export function skipNotice(what: string): void {
  console.log(`skipped: ${what}`);
}
