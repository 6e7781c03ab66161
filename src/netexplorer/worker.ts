// The slice-and-sharpness worker: the page's own inline script started again from a
// data: URL (nothing is fetched, so it works from file://). Where no worker can start,
// the job runs on the page's thread after a yield, with the same numbers.

import { computeSlice, type SliceAnswer, type SliceJob } from "./slice-job.js";

type Reply = { id: number; progress: string } | { id: number; result: SliceAnswer } | { id: number; error: string };

export interface WorkerScope {
  onmessage: ((e: MessageEvent<{ id: number; job: SliceJob }>) => void) | null;
  postMessage(m: Reply): void;
}

/** Inside the worker: answers each job. */
export function serveSlices(scope: WorkerScope): void {
  scope.onmessage = (e) => {
    const { id, job } = e.data;
    try {
      scope.postMessage({ id, result: computeSlice(job, (progress) => scope.postMessage({ id, progress })) });
    } catch (err) {
      scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
    }
  };
}

export interface SliceRunner {
  /** The answer; a cancelled job never settles. */
  run(job: SliceJob, progress: (m: string) => void): Promise<SliceAnswer>;
  cancel(): void;
}

export function sliceRunner(win: Window & { Worker?: typeof Worker }, script: string | null): SliceRunner {
  let worker: Worker | null = null;
  let id = 0;
  const inline = (job: SliceJob, progress: (m: string) => void, mine: number): Promise<SliceAnswer> =>
    new Promise((resolve, reject) =>
      win.setTimeout(() => {
        if (mine !== id) return;
        try {
          resolve(computeSlice(job, progress));
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      }, 0),
    );
  return {
    run(job, progress) {
      const mine = ++id;
      worker?.terminate();
      worker = null;
      if (script === null || typeof win.Worker !== "function") return inline(job, progress, mine);
      try {
        worker = new win.Worker(`data:text/javascript;charset=utf-8,${encodeURIComponent(script)}`);
      } catch {
        return inline(job, progress, mine);
      }
      const w = worker;
      return new Promise((resolve, reject) => {
        w.onmessage = (e: MessageEvent<Reply>) => {
          const r = e.data;
          if (mine !== id || r.id !== mine) return;
          if ("progress" in r) return progress(r.progress);
          w.terminate();
          if (worker === w) worker = null;
          if ("error" in r) reject(new Error(r.error));
          else resolve(r.result);
        };
        w.onerror = (e) => {
          e.preventDefault();
          w.terminate();
          if (mine === id) inline(job, progress, mine).then(resolve, reject);
        };
        w.postMessage({ id: mine, job });
      });
    },
    cancel() {
      id++;
      worker?.terminate();
      worker = null;
    },
  };
}
