// The kernel pool: a worker that throws or hangs fails the job with a clear error and
// the pool ends its workers; close() ends every worker thread; a job that fails on every
// thread reports its message, and the pool recovers with fresh workers.

import { afterAll, describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { evaluateGridFast, gridKernelJob, gridResult, prepareGridJob } from "../src/fast/grid-fast.js";
import { createKernelPool, type KernelPool, type KernelPoolOptions } from "../src/fast/pool.js";
import type { KernelJob } from "../src/fast/chunks.js";

const spec = { w: { min: -10, max: 20, count: 64 }, b: { min: -20, max: 10, count: 64 } };
const job = () => prepareGridJob("mse", seedDataset(), spec, true);
const fixture = (name: string): URL => new URL(`./fixtures/workers/${name}.mjs`, import.meta.url);

const pools: KernelPool[] = [];
const pool = (options: KernelPoolOptions): KernelPool => {
  const p = createKernelPool(options);
  pools.push(p);
  return p;
};
afterAll(() => Promise.all(pools.map((p) => p.close())));

/** Resolves once the pool's live worker count has dropped to 0 (exit events are async). */
async function workersGone(p: KernelPool): Promise<void> {
  for (let i = 0; i < 100 && p.liveWorkers > 0; i++) await new Promise((r) => setTimeout(r, 20));
  expect(p.liveWorkers).toBe(0);
}

describe("kernel pool", () => {
  it("close() ends every worker and refuses later jobs", async () => {
    const p = pool({ threads: 3 });
    expect(p.liveWorkers).toBe(0); // workers start with the first job that needs them
    const j = job();
    await p.run(j.memory, gridKernelJob(j));
    expect(p.started).toBe(true);
    expect(p.liveWorkers).toBe(2);
    await p.close();
    expect(p.liveWorkers).toBe(0);
    expect(p.started).toBe(false);
    await expect(p.run(j.memory, gridKernelJob(j))).rejects.toThrow("the kernel pool is closed");
    expect(() => p.runSync(j.memory, gridKernelJob(j))).toThrow("the kernel pool is closed");
  });

  it("a worker that throws fails run() with its message, and its workers are ended", async () => {
    const p = pool({ threads: 2, workerUrl: fixture("throws") });
    const j = job();
    await expect(p.run(j.memory, gridKernelJob(j))).rejects.toThrow(/kernel worker 1 failed in grid: injected worker failure/);
    await workersGone(p);
    expect(p.started).toBe(false);
  });

  it("a worker that hangs times out run() and runSync() with a clear error, and is ended", async () => {
    const p = pool({ threads: 2, workerUrl: fixture("hangs"), timeoutMs: 300 });
    const j = job();
    await expect(p.run(j.memory, gridKernelJob(j))).rejects.toThrow(/kernel workers did not finish grid within \d+ ms/);
    await workersGone(p);
    const t0 = Date.now();
    expect(() => p.runSync(j.memory, gridKernelJob(j))).toThrow(/kernel workers did not finish grid within \d+ ms/);
    expect(Date.now() - t0).toBeLessThan(20_000);
    await workersGone(p);
  });

  it("a job that fails on every thread fails run() and runSync() with its message; the pool recovers", async () => {
    const p = pool({ threads: 2 });
    const j = job();
    const bad = { ...gridKernelJob(j), fn: "no_such_kernel" } as unknown as KernelJob;
    await expect(p.run(j.memory, bad)).rejects.toThrow('the kernel has no export "no_such_kernel"');
    expect(() => p.runSync(j.memory, bad)).toThrow('the kernel has no export "no_such_kernel"');
    await workersGone(p);
    // A good job after the failures runs on fresh workers, with the single-thread result.
    const good = job();
    await p.run(good.memory, gridKernelJob(good));
    expect(p.liveWorkers).toBe(1);
    const one = evaluateGridFast("mse", seedDataset(), spec).fields.loss.data;
    expect(Array.from(gridResult(good).fields.loss.data)).toEqual(Array.from(one));
  });
});
