// `gradcheck --json` through the built CLI: the documented fields, in order, and numbers
// equal to the library's gradcheckPoint/summarize and to central differences taken here.
import { describe, expect, it } from "vitest";
import { seedDataset } from "../src/data/dataset.js";
import { DEFAULT_GRADCHECK_OPTIONS, gradcheckPoint, summarize, type GradcheckOptions } from "../src/numerics/gradcheck.js";
import type { LossName } from "../src/numerics/losses.js";
import { evaluatePoint } from "../src/numerics/point.js";
import { runCli } from "./run-cli.js";

const data = seedDataset();
const SUMMARY_KEYS = ["h", "atol", "rtol", "points", "maxAbsErr", "maxRelErr", "maxUnresolvedAbsErr", "passed", "failed", "unresolved"];
const POINT_KEYS = ["w", "b", "loss", "grad", "hessian", "status"];
const ENTRY_KEYS = ["analytic", "numeric", "absErr", "relErr", "noise", "status"];

function gradcheckJson(args: string[]): { status: number | null; json: any } {
  const r = runCli(["gradcheck", ...args, "--json"]);
  expect(r.stderr).toBe("");
  return { status: r.status, json: JSON.parse(r.stdout) };
}

/** What the library gives for the same points, as JSON would carry it. */
function library(points: Array<[LossName, number, number]>, o: GradcheckOptions = DEFAULT_GRADCHECK_OPTIONS): unknown {
  const s = summarize(points.map(([loss, w, b]) => gradcheckPoint(loss, data, w, b, o)));
  return JSON.parse(JSON.stringify({ ...o, ...s }));
}

describe("loss-landscape gradcheck --json", () => {
  it("prints the documented fields, each point and entry with its documented keys", () => {
    const { status, json } = gradcheckJson(["--at=0.5,0.5", "--at=-5,-10"]);
    expect(status).toBe(0);
    expect(Object.keys(json)).toEqual(SUMMARY_KEYS);
    expect(json.points).toHaveLength(4); // both losses by default, mse first
    expect(json.points.map((p: { loss: string; w: number; b: number }) => [p.loss, p.w, p.b])).toEqual([
      ["mse", 0.5, 0.5],
      ["mse", -5, -10],
      ["bce", 0.5, 0.5],
      ["bce", -5, -10],
    ]);
    for (const p of json.points) {
      expect(Object.keys(p)).toEqual(POINT_KEYS);
      expect(p.grad).toHaveLength(2);
      expect(p.hessian).toHaveLength(4);
      for (const e of [...p.grad, ...p.hessian]) {
        expect(Object.keys(e)).toEqual(ENTRY_KEYS);
        expect(["pass", "fail", "unresolved"]).toContain(e.status);
      }
    }
    expect([json.passed, json.failed, json.unresolved]).toEqual([4, 0, 0]);
  });

  it("equals the library's gradcheckPoint and summarize, number for number", () => {
    const { json } = gradcheckJson(["--at=0.5,0.5", "--at=-5,-10", "--at=3,-1"]);
    const pts: Array<[LossName, number, number]> = [];
    for (const loss of ["mse", "bce"] as const) for (const [w, b] of [[0.5, 0.5], [-5, -10], [3, -1]] as const) pts.push([loss, w, b]);
    expect(json).toEqual(library(pts));
  });

  it("reports analytic values equal to probe's and numeric values equal to central differences", () => {
    const { json } = gradcheckJson(["--loss", "bce", "--at=0.5,-0.25"]);
    const [p] = json.points;
    const h = 1e-6;
    const at = (dw: number, db: number) => evaluatePoint("bce", data, 0.5 + dw, -0.25 + db);
    const c = at(0, 0);
    expect(p.grad.map((e: { analytic: number }) => e.analytic)).toEqual(c.grad);
    expect(p.hessian.map((e: { analytic: number }) => e.analytic)).toEqual(c.hessian.flat());
    const dLdw = (at(h, 0).loss - at(-h, 0).loss) / (2 * h);
    const dLdb = (at(0, h).loss - at(0, -h).loss) / (2 * h);
    expect(p.grad[0].numeric).toBe(dLdw);
    expect(p.grad[1].numeric).toBe(dLdb);
    // Hessian column j: the central difference of the analytic gradient along axis j.
    const Hwb = (at(0, h).grad[0] - at(0, -h).grad[0]) / (2 * h);
    expect(p.hessian[1].numeric).toBe(Hwb);
    for (const e of [...p.grad, ...p.hessian]) {
      expect(e.absErr).toBe(Math.abs(e.analytic - e.numeric));
      expect(e.relErr).toBe(e.absErr / Math.abs(e.numeric));
    }
  });

  it("checks the default 7 × 7 grid b-major for both losses, with --h, --atol and --rtol passed through", () => {
    const { json } = gradcheckJson(["--h", "1e-5", "--atol", "0", "--rtol", "1e-4"]);
    expect([json.h, json.atol, json.rtol]).toEqual([1e-5, 0, 1e-4]);
    expect(json.points).toHaveLength(98);
    const pts: Array<[LossName, number, number]> = [];
    for (const loss of ["mse", "bce"] as const)
      for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) pts.push([loss, -10 + 5 * j, -20 + 5 * i]);
    expect(json).toEqual(library(pts, { h: 1e-5, atol: 0, rtol: 1e-4 }));
  });

  it("marks a plateau gradient unresolved and reports its absolute error apart", () => {
    const { status, json } = gradcheckJson(["--loss", "mse", "--at=-5,-30"]);
    expect(status).toBe(0);
    expect(json.points[0].grad.map((e: { status: string }) => e.status)).toEqual(["unresolved", "unresolved"]);
    expect([json.passed, json.failed, json.unresolved]).toEqual([0, 0, 1]);
    expect(json.maxUnresolvedAbsErr).toBe(Math.max(...json.points[0].grad.map((e: { absErr: number }) => e.absErr)));
    expect(json.maxUnresolvedAbsErr).toBeGreaterThan(0);
  });

  it("writes a finite relErr where the difference is exactly 0 and the analytic value is not", () => {
    // MSE at (−5, −60): |∇L| ~ 1e-28, so L(θ ± h) round to the same double; |a − n|/|n| = ∞,
    // so relErr is |a − n| / max(|a|, |n|) = 1 and the JSON holds no null.
    const { json } = gradcheckJson(["--loss", "mse", "--at=-5,-60"]);
    const [g] = json.points[0].grad;
    expect(g.numeric).toBe(0);
    expect(g.analytic).not.toBe(0);
    expect(g.relErr).toBe(1);
    expect(g.status).toBe("unresolved");
    expect(gradcheckPoint("mse", data, -5, -60).grad[0].relErr).toBe(1);
  });

  it("still prints the JSON, and exits 1, when an entry fails", () => {
    const { status, json } = gradcheckJson(["--loss", "mse", "--at=0.5,0.5", "--h", "0.5", "--rtol", "1e-12", "--atol", "0"]);
    expect(status).toBe(1);
    expect(json.failed).toBe(1);
    expect(json.points[0].status).toBe("fail");
  });
});
