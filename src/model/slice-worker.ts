// A worker of evaluateModelSliceParallel (slice-parallel.ts): loads the graph from the job's ONNX
// bytes, claims blocks (rows) of the slice until none are left, and reports done (or the error's message).

import { parentPort, workerData } from "node:worker_threads";
import { loadOnnx } from "../onnx/load.js";
import { graphModel } from "./onnx-model.js";
import { jobData, runSliceBlocks, type SliceJob } from "./slice-parallel.js";

const job = workerData as SliceJob;
try {
  const model = graphModel(loadOnnx(new Uint8Array(job.onnx), job.source).graph, job.source);
  runSliceBlocks(model, job, jobData(job));
  parentPort!.postMessage({ ok: true });
} catch (e) {
  parentPort!.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
}
