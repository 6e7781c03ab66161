// The explorer's worker: the page's own script, started again as a dedicated worker
// (jobs.ts), answers each job with its result so training never blocks the page.

import { computeJob, type Job } from "./compute.js";

/** What the worker receives and sends. */
export type JobRequest = { id: number; job: Job };
export type JobReply = { id: number; progress: string } | { id: number; result: ReturnType<typeof computeJob> } | { id: number; error: string };

export interface WorkerScope {
  onmessage: ((e: MessageEvent<JobRequest>) => void) | null;
  postMessage(message: JobReply): void;
}

export function serveJobs(scope: WorkerScope): void {
  scope.onmessage = (e) => {
    const { id, job } = e.data;
    try {
      scope.postMessage({ id, result: computeJob(job, (progress) => scope.postMessage({ id, progress })) });
    } catch (err) {
      scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
    }
  };
}
