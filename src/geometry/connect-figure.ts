// The input of connect.svg from one ConnectReport: the loss along the straight line, the
// aligned line and the curve (train solid, test dashed), and the plane through A, B and
// the bend. Data only: the drawing is ../render/figures/connect.ts.

import type { ConnectFigureInput, ConnectLine } from "../render/figures/connect.js";
import type { ConnectReport, PathReport } from "./connect.js";

export interface ConnectContext {
  architecture: string;
  params: number;
  loss: string;
  samples: number;
  data: string;
  testData: string | null;
  a: string;
  b: string;
}

const num = (v: number): string => (v === 0 ? "0" : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(5) : v.toExponential(3));

export function connectFigure(r: ConnectReport, ctx: ConnectContext): ConnectFigureInput {
  const lines: ConnectLine[] = [];
  const add = (key: string, label: string, color: string, p: PathReport): void => {
    lines.push({ key, label: `${label} (train)`, color, t: p.t, loss: p.loss });
    if (p.test) lines.push({ key: `${key}-test`, label: `${label} (test)`, color, dashed: true, t: p.t, loss: p.test.loss });
  };
  add("line", "straight line", "#000000", r.linear);
  if (r.aligned && r.alignment) add("aligned", `line after ${r.alignment.method} matching`, "#0022ff", r.aligned);
  if (r.curve) add("curve", `${r.curve.kind} curve${r.aligned ? " (to aligned B)" : ""}`, "#d55e00", r.curve);
  const all = lines.flatMap((l) => Array.from(l.loss));
  const lo = Math.min(...all), hi = Math.max(...all);
  const drop = r.barrierDrop ? `; alignment: barrier ${num(r.barrierDrop.before)} → ${num(r.barrierDrop.after)}` : "";
  return {
    heading: { title: `Mode connectivity: ${ctx.architecture}, ${ctx.loss}`, subtitle: `A = ${ctx.a}, B = ${ctx.b}; line barrier ${num(r.linear.barrier.height)}${drop}${r.curve ? `; curve barrier ${num(r.curve.barrier.height)}` : ""}` },
    desc: `Loss along the straight line between two solutions${r.aligned ? ", along the line after aligning B's hidden units to A's" : ""}${r.curve ? `, and along a trained ${r.curve.kind} curve, with the plane through A, B and the bend` : ""}.`,
    idPrefix: "connect",
    lines,
    lossLabel: `${ctx.loss.toUpperCase()} loss`,
    scale: lo > 0 && hi / lo > 100 ? "log" : "linear",
    plane: r.plane && r.curve ? { ...r.plane, curveColor: "#d55e00", bLabel: r.aligned ? "B (aligned)" : "B" } : null,
  };
}
