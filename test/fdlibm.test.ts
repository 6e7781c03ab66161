// The engine-independent elementary functions against Node 20's Math, whose exp, log,
// log1p, expm1, tanh, sin and cos are fdlibm's (V8's ieee754.cc): equal bit for bit on
// wide random samples and at the edge cases, so every number the CLI computed with Math
// before is unchanged. And seededNormal against d3-random's randomNormal, the same way.

import { randomNormal } from "d3-random";
import { describe, expect, it } from "vitest";
import { seededNormal } from "../src/init/normal.js";
import { seededRandom } from "../src/init/random.js";
import { cos, exp, expm1, log, log1p, sin, tanh } from "../src/numerics/fdlibm.js";

const bits = (v: number): bigint => new BigUint64Array(Float64Array.of(v).buffer)[0];
const node20 = Number(process.versions.node.split(".")[0]) === 20;

/** Arguments from `draw`, and the ones where mine and Math differ in any bit. */
function mismatches(mine: (x: number) => number, ref: (x: number) => number, draw: (u: number) => number, n = 40_000): number[] {
  const rng = seededRandom(11);
  const bad: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = draw(rng());
    const a = mine(x), b = ref(x);
    if (!(Number.isNaN(a) && Number.isNaN(b)) && bits(a) !== bits(b)) bad.push(x);
  }
  return bad;
}

const EDGES = [0, -0, 1, -1, 2, 0.5, Math.LN2, -Math.LN2, Math.PI / 4, Math.PI / 2, Math.PI, 22, -22, 1e-300, 5e-324, 1e-10, 709.78, 710, -745, -746, 1e300, Infinity, -Infinity, NaN];

describe.runIf(node20)("fdlibm.ts equals Node 20's Math bit for bit", () => {
  it.each([
    ["exp", exp, Math.exp, (u: number) => (u - 0.5) * 1500],
    ["exp on [−40, 0]", exp, Math.exp, (u: number) => -40 * u],
    ["log", log, Math.log, (u: number) => Math.exp((u - 0.5) * 1400)],
    ["log on (0, 1]", log, Math.log, (u: number) => 1 - u],
    ["log1p on [0, 1]", log1p, Math.log1p, (u: number) => u],
    ["log1p wide", log1p, Math.log1p, (u: number) => Math.exp((u - 0.5) * 1400) - 0.9],
    ["expm1", expm1, Math.expm1, (u: number) => (u - 0.5) * 100],
    ["tanh", tanh, Math.tanh, (u: number) => (u - 0.5) * 60],
    ["tanh near 0", tanh, Math.tanh, (u: number) => (u - 0.5) * 2],
    ["sin", sin, Math.sin, (u: number) => (u - 0.5) * 2e6],
    ["sin on [0, 2π)", sin, Math.sin, (u: number) => 2 * Math.PI * u],
    ["cos", cos, Math.cos, (u: number) => (u - 0.5) * 2e6],
    ["cos on [0, 2π)", cos, Math.cos, (u: number) => 2 * Math.PI * u],
  ] as const)("%s", (_name, mine, ref, draw) => {
    expect(mismatches(mine, ref, draw)).toEqual([]);
    for (const x of EDGES) expect(Object.is(mine(x), ref(x)) || bits(mine(x)) === bits(ref(x)), `${_name}(${x})`).toBe(true);
  });

  it("seededNormal draws what d3-random's randomNormal draws from the same stream", () => {
    const a = seededNormal(seededRandom(5), 0.5, 3);
    const b = randomNormal.source(seededRandom(5))(0.5, 3);
    for (let i = 0; i < 10_000; i++) expect(a()).toBe(b());
  });
});

describe("fdlibm.ts against closed forms (any engine)", () => {
  it("is within an ulp or so of the exact values", () => {
    expect(exp(1)).toBe(Math.E);
    expect(exp(0)).toBe(1);
    expect(log(Math.E)).toBe(1);
    expect(log1p(0)).toBe(0);
    expect(Math.abs(sin(Math.PI / 6) - 0.5)).toBeLessThan(2e-16);
    expect(Math.abs(cos(Math.PI / 3) - 0.5)).toBeLessThan(2e-16);
    expect(Math.abs(tanh(0.5) - (Math.E - 1) / (Math.E + 1))).toBeLessThan(2e-16);
    expect(Math.abs(expm1(1e-10) - (1e-10 + 5e-21))).toBeLessThan(1e-30);
  });
});
