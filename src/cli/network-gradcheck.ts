// `gradcheck` with a network: every parameter's ∂L/∂θ_j (and, for P ≤ 400, every Hessian
// entry) against central differences at one point θ, per loss. The flags' checks and the
// report; the check is api/gradcheck.ts's.

import { describeArchitecture } from "../nn/architecture.js";
import { MAX_HESSIAN_CHECK_PARAMS } from "../nn/gradcheck.js";
import { gradcheck, MAX_GRADCHECK_PARAMS, stepReach } from "../api/gradcheck.js";
import { mlpModel, modelDataOfTable } from "../model/mlp-model.js";
import type { EntryCheck, GradcheckOptions } from "../numerics/gradcheck.js";
import type { LossName } from "../numerics/losses.js";
import { parameterName } from "../slices/param-names.js";
import type { CommandIO } from "./command.js";
import { UsageError } from "./errors.js";
import { requireFinite } from "./finite.js";
import type { Table } from "../nn/table.js";
import { networkPoint } from "./network-probe.js";
import { printWarnings } from "./network-io.js";
import type { Values } from "./options.js";
import { startJob } from "./progress-options.js";
import { networkMemory } from "../estimate/cost.js";


function worstEntry(entries: EntryCheck[]): number {
  let worst = -1;
  for (let j = 0; j < entries.length; j++) if (worst < 0 || entries[j].absErr > entries[worst].absErr) worst = j;
  return worst;
}

const maxOf = (es: EntryCheck[], k: "absErr" | "relErr"): number => {
  let m = 0;
  for (const e of es) if (k === "absErr" || e.status !== "unresolved") m = Math.max(m, e[k]);
  return m;
};

export async function runNetworkGradcheck(values: Values, losses: LossName[], data: Table, opts: GradcheckOptions, asJson: boolean, io: CommandIO): Promise<number> {
  const { arch, theta, paramsPath, warnings } = networkPoint(values, data, losses.length === 1 ? losses[0] : undefined);
  printWarnings(io, "gradcheck", warnings);
  const P = theta.length;
  if (P > MAX_GRADCHECK_PARAMS) throw new UsageError(`--hidden: gradcheck checks at most ${MAX_GRADCHECK_PARAMS} parameters one by one (this network has ${P})`);
  const reach = stepReach(opts.h);
  for (let j = 0; j < P; j++) {
    if (Math.abs(theta[j]) > reach) throw new UsageError(`${paramsPath !== undefined ? "--params" : "--init"}: |θ| must be ≤ ${reach.toPrecision(4)} with --h ${opts.h}, so the steps stay finite (θ[${j}] = ${theta[j]})`);
  }
  const hessian = P <= MAX_HESSIAN_CHECK_PARAMS;
  const n = data.y.length;
  const progress = startJob(values, io, "gradcheck", { seconds: (losses.length * (hessian ? 8 : 4) * P * n * P * 3) / 1e9, what: `${losses.length} loss(es) × ${P} parameters × ${n} samples`, memory: networkMemory(arch, n) });
  const r = await gradcheck(mlpModel(arch, theta), modelDataOfTable(data), { loss: losses, ...opts }, { onProgress: (s, f) => progress.update(s, f) });
  progress.finish();
  const flag = paramsPath !== undefined ? "--params" : "--init";
  // Each loss's check in its fields' own order, so the first value beyond float64 is named as the engine lists it.
  for (const { loss, grad, hessian: h, status, maxAbsErr, maxRelErr, maxUnresolvedAbsErr, passed, failed, unresolved } of r.points) {
    requireFinite({ loss, grad, hessian: h, status, maxAbsErr, maxRelErr, maxUnresolvedAbsErr, passed, failed, unresolved }, flag);
  }
  const checks = r.points;
  const totals = r;
  if (asJson) {
    io.out(JSON.stringify(r) + "\n");
  } else {
    const e = (v: number): string => v.toExponential(2).padStart(10);
    const sum = (k: "passed" | "failed" | "unresolved"): number => checks.reduce((a, c) => a + c[k], 0);
    const lines = [
      `${describeArchitecture(arch)} (${P} parameters) at ${paramsPath ?? "its --init"}, ${n} samples of ${data.source}${hessian ? "" : `; Hessian not checked (P > ${MAX_HESSIAN_CHECK_PARAMS})`}`,
      ["loss", "grad abs".padStart(10), "grad rel".padStart(10), "hess abs".padStart(10), "hess rel".padStart(10), "status".padEnd(10), "largest gradient error at"].join("  "),
      ...checks.map((c) => [c.loss.padEnd(4), e(maxOf(c.grad, "absErr")), e(maxOf(c.grad, "relErr")), hessian ? e(maxOf(c.hessian, "absErr")) : "         —", hessian ? e(maxOf(c.hessian, "relErr")) : "         —", c.status.padEnd(10), parameterName(arch, worstEntry(c.grad))].join("  ")),
      "",
      `${checks.length} points: ${totals.passed} pass, ${totals.failed} fail, ${totals.unresolved} unresolved; ${sum("passed")} of ${sum("passed") + sum("failed") + sum("unresolved")} gradient${hessian ? " and Hessian" : ""} entries pass, ${sum("failed")} fail, ${sum("unresolved")} unresolved (below finite-difference resolution)`,
      `max abs error ${totals.maxAbsErr.toExponential(2)}, max rel error (resolved entries) ${totals.maxRelErr.toExponential(2)}, max abs error (unresolved entries) ${totals.maxUnresolvedAbsErr.toExponential(2)}`,
      `criterion |a − n| ≤ ${opts.atol} + ${opts.rtol}·|n|, h = ${opts.h} relative (step h·max(1, |θ_j|))`,
    ];
    io.out(lines.join("\n") + "\n");
  }
  return totals.failed > 0 ? 1 : 0;
}
