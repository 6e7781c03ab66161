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

/** Runs `body` on a fresh tmpfs of `kib` KiB, unmounted afterwards; prints a notice and skips if none can be mounted. */
export function withTmpfs(kib: number, body: (dir: string) => void): void {
  const fs = smallTmpfs(kib);
  if (!fs) return skipNotice("tmpfs mount not permitted here");
  try {
    body(fs.dir);
  } finally {
    fs.unmount();
  }
}

/** Makes a FIFO at `path`; false if mkfifo is not available. */
export function makeFifo(path: string): boolean {
  return spawnSync("mkfifo", [path]).status === 0;
}

export function skipNotice(what: string): void {
  console.log(`skipped: ${what}`);
}
