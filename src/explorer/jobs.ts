// Runs the page's jobs (compute.ts) in a dedicated worker made from the page's own inline
// script (a data: URL, so nothing is fetched), keeping the page responsive however long a
// run is. Small jobs (the default settings' figure takes some 0.1 s) run at once on the
// page's thread, so a page or a click with such settings is up to date without a round trip. cancel() drops what is pending by ending the worker; the next job starts a
// fresh one. Where no worker can start (no script text, a browser that refuses data:
// workers) the jobs run on the page's thread after a yield, with the same results.

import { computeJob, jobCost, type Job, type JobResult } from "./compute.js";
import { reviveStudy } from "./revive.js";
import type { JobReply, JobRequest } from "./worker.js";

export interface JobRunner {
  /** The job's result; rejects with the job's error. A cancelled job never settles. */
  run(job: Job, progress?: (message: string) => void): Promise<JobResult>;
  /** Drops every pending job. */
  cancel(): void;
  /** Whether a job is pending. */
  busy(): boolean;
}

interface Pending {
  job: Job;
  resolve: (r: JobResult) => void;
  reject: (e: Error) => void;
  progress: (m: string) => void;
}

/** Jobs up to this many sample evaluations (jobCost) run on the page's thread at once. */
export const SYNC_BUDGET = 4e6;

const revive = (r: JobResult): JobResult => (r.kind === "study" ? { kind: "study", study: reviveStudy(r.study) } : r);

/** The page's window; Worker is absent where workers are not supported. */
type PageWindow = Window & { Worker?: typeof Worker };

export function jobRunner(win: PageWindow, script: string | null): JobRunner {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: Worker | null = null;
  let inline = script === null || typeof win.Worker !== "function";
  let generation = 0;

  function runInline(id: number, p: Pending): void {
    const gen = generation;
    win.setTimeout(() => {
      if (gen !== generation || !pending.delete(id)) return;
      try {
        p.resolve(computeJob(p.job, p.progress));
      } catch (err) {
        p.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }, 0);
  }

  /** The worker could not start or died: everything pending runs inline from now on. */
  function fallBack(): void {
    worker?.terminate();
    worker = null;
    inline = true;
    for (const [id, p] of pending) runInline(id, p);
  }

  function startWorker(): Worker | null {
    try {
      const w = new (win.Worker as typeof Worker)(`data:text/javascript;charset=utf-8,${encodeURIComponent(script ?? "")}`);
      w.onmessage = (e: MessageEvent<JobReply>) => {
        const r = e.data;
        const p = pending.get(r.id);
        if (!p) return;
        if ("progress" in r) return p.progress(r.progress);
        pending.delete(r.id);
        if ("error" in r) p.reject(new Error(r.error));
        else p.resolve(revive(r.result));
      };
      w.onerror = (e: Event) => {
        e.preventDefault();
        fallBack();
      };
      return w;
    } catch {
      return null;
    }
  }

  return {
    run(job, progress = () => {}) {
      if (jobCost(job) <= SYNC_BUDGET) {
        try {
          return Promise.resolve(computeJob(job, progress));
        } catch (err) {
          return Promise.reject(err instanceof Error ? err : new Error(String(err)));
        }
      }
      return new Promise<JobResult>((resolve, reject) => {
        const id = nextId++;
        const p: Pending = { job, resolve, reject, progress };
        pending.set(id, p);
        if (!inline && !worker) {
          worker = startWorker();
          if (!worker) inline = true;
        }
        if (inline || !worker) return runInline(id, p);
        const request: JobRequest = { id, job };
        worker.postMessage(request);
      });
    },
    cancel() {
      generation++;
      if (pending.size === 0) return;
      pending.clear();
      worker?.terminate();
      worker = null;
    },
    busy: () => pending.size > 0,
  };
}
