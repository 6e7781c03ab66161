// `gradcheck` with a network: every parameter's ∂L/∂θ_j (and, for P ≤ 400, every Hessian
// entry) against central differences at one point θ, per loss, with the one-neuron
// check's criterion, noise model and totals (../nn/gradcheck.ts).

import { describeArchitecture } from "../nn/architecture.js";
import { gradcheckNetwork, MAX_HESSIAN_CHECK_PARAMS, type NetworkCheck } from "../nn/gradcheck.js";
import { emptyTotals, type EntryCheck, type GradcheckOptions } from "../numerics/gradcheck.js";
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
import { networkMemory } from "./estimate.js";

/** Most parameters checked one by one (each costs four forward passes over the data). */
export const MAX_GRADCHECK_PARAMS = 100_000;

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

export function runNetworkGradcheck(values: Values, losses: LossName[], data: Table, opts: GradcheckOptions, asJson: boolean, io: CommandIO): number {
  const { arch, theta, paramsPath, warnings } = networkPoint(values, data, losses.length === 1 ? losses[0] : undefined);
  printWarnings(io, "gradcheck", warnings);
  const P = theta.length;
  if (P > MAX_GRADCHECK_PARAMS) throw new UsageError(`--hidden: gradcheck checks at most ${MAX_GRADCHECK_PARAMS} parameters one by one (this network has ${P})`);
  const reach = Number.MAX_VALUE / (1 + 2 * opts.h);
  for (let j = 0; j < P; j++) {
    if (Math.abs(theta[j]) > reach) throw new UsageError(`${paramsPath !== undefined ? "--params" : "--init"}: |θ| must be ≤ ${reach.toPrecision(4)} with --h ${opts.h}, so the steps stay finite (θ[${j}] = ${theta[j]})`);
  }
  const hessian = P <= MAX_HESSIAN_CHECK_PARAMS;
  const n = data.y.length;
  const progress = startJob(values, io, "gradcheck", { seconds: (losses.length * (hessian ? 8 : 4) * P * n * P * 3) / 1e9, what: `${losses.length} loss(es) × ${P} parameters × ${n} samples`, memory: networkMemory(arch, n) });
  const totals = emptyTotals();
  const checks: NetworkCheck[] = [];
  losses.forEach((loss, i) => {
    progress.update("checking", i / losses.length);
    const c = gradcheckNetwork(arch, theta, data, loss, { ...opts, hessian });
    requireFinite(c, paramsPath !== undefined ? "--params" : "--init");
    // As for the one-neuron check: error maxima over every entry, pass/fail/unresolved per point (one per loss).
    totals.maxAbsErr = Math.max(totals.maxAbsErr, c.maxAbsErr);
    totals.maxRelErr = Math.max(totals.maxRelErr, c.maxRelErr);
    totals.maxUnresolvedAbsErr = Math.max(totals.maxUnresolvedAbsErr, c.maxUnresolvedAbsErr);
    totals[c.status === "pass" ? "passed" : c.status === "fail" ? "failed" : "unresolved"]++;
    checks.push(c);
  });
  progress.finish();
  if (asJson) {
    io.out(`${JSON.stringify({ ...opts, parameters: P, hessianChecked: hessian }).slice(0, -1)},"points":[`);
    checks.forEach((c, i) => {
      const { loss, status, passed, failed, unresolved, maxAbsErr, maxRelErr, maxUnresolvedAbsErr, grad, hessian: h } = c;
      io.out((i > 0 ? "," : "") + JSON.stringify({ loss, status, passed, failed, unresolved, maxAbsErr, maxRelErr, maxUnresolvedAbsErr, grad, hessian: h }));
    });
    io.out(`],${JSON.stringify(totals).slice(1)}\n`);
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
