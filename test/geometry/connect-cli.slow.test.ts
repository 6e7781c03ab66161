// `connect A B` as a user runs it: a permuted copy recovered (zero barrier after weight
// matching, the permutation in the JSON), the figure and the saved bend, determinism,
// and bad input (exit 2, one line, nothing written).

import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { invertPermutation, permuteHidden } from "../../src/geometry/permute.js";
import { seededRandom } from "../../src/init/random.js";
import type { Architecture } from "../../src/nn/architecture.js";
import { builtinTable } from "../../src/nn/datasets.js";
import { initializeNetwork } from "../../src/nn/init.js";
import { trainNetwork } from "../../src/nn/train.js";
import { DEFAULT_OPTIMIZER_OPTIONS } from "../../src/train/optimizers.js";
import { parseParamsJson, serializeParams, thetaToRawLayers } from "../../src/formats/params-json.js";
import { runCli } from "../run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "connect-cli-"));
const arch: Architecture = { inputs: 2, hidden: [6, 5], activation: "tanh" };
const data = builtinTable("moons", { samples: 40, noise: null, dataSeed: 0 });
// A trained A: the line from it to a permuted copy rises over a barrier.
const a = trainNetwork(arch, initializeNetwork(arch, { kind: "xavier-normal" }, seededRandom(1), 1, data).theta, data, {
  loss: "bce", optimizer: "adam", optimizerOptions: { ...DEFAULT_OPTIMIZER_OPTIONS, lr: 0.05 }, batchSize: 40, epochs: 150, shuffle: false,
}).final;
const sigma = [Int32Array.from([3, 0, 5, 1, 4, 2]), Int32Array.from([4, 2, 0, 1, 3])];
const b = permuteHidden(arch, a, sigma);
const file = (name: string, text: string | Uint8Array): string => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const A = file("a.json", serializeParams(arch, a));
const B = file("b.json", serializeParams(arch, b));
const base = ["--data", "moons", "--samples", "40", "--loss", "bce", "--points", "11", "--quiet"];

/** A safetensors file of F64 tensors with the given names (and shapes) in order. */
function safetensors(tensors: Array<[string, number[], Float64Array]>): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, shape, data] of tensors) {
    header[name] = { dtype: "F64", shape, data_offsets: [offset, offset + 8 * data.length] };
    offset += 8 * data.length;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - ((json.length + 8) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const [, , data] of tensors) for (const v of data) (view.setFloat64(at, v, true), (at += 8));
  return out;
}
const layersOf = (t: Float64Array, prefix: (i: number) => string): Array<[string, number[], Float64Array]> =>
  thetaToRawLayers(arch, t).flatMap((l, i): Array<[string, number[], Float64Array]> => [[`${prefix(i)}.weight`, [l.rows, l.cols], Float64Array.from(l.weight)], [`${prefix(i)}.bias`, [l.bias.length], Float64Array.from(l.bias)]]);

describe("connect CLI", () => {
  it("recovers a permuted copy: weight matching finds the inverse permutation and the barrier drops to 0", () => {
    const r = runCli(["connect", A, B, ...base, "--align", "weights", "--curve", "none", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.alignment.method).toBe("weights");
    expect(doc.alignment.permutations).toEqual(sigma.map((s) => Array.from(invertPermutation(s))));
    expect(doc.aligned.barrier.height).toBe(0);
    expect(doc.linear.barrier.height).toBeGreaterThan(0);
    expect(doc.barrierDrop).toEqual({ before: doc.linear.barrier.height, after: 0, drop: doc.linear.barrier.height });
    expect(doc.linear.t).toHaveLength(11);
    expect(doc.curve).toBeNull();
    expect(runCli(["connect", A, B, ...base, "--align", "activations", "--curve", "none"]).stdout).toMatch(/alignment dropped the barrier from \S+ to 0 /);
  });

  it("trains a Bezier bend: connect.svg with both panels, the bend saved, the same bytes twice", () => {
    const svg = join(dir, "c.svg"), bend = join(dir, "bend.json");
    const args = ["connect", A, B, ...base, "--steps", "40", "--test-data", "moons", "--plane-grid", "7", "--svg", svg, "--save-bend", bend];
    const r = runCli(args);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/bezier curve +barrier/);
    const text = readFileSync(svg, "utf8");
    expect(text).toMatch(/class="loss-panel"/);
    expect(text).toMatch(/class="plane-panel"/);
    expect(text).not.toMatch(/NaN|Infinity/);
    const saved = parseParamsJson(readFileSync(bend, "utf8"), bend);
    expect(saved.map((l) => [l.rows, l.cols])).toEqual([[6, 2], [5, 6], [1, 5]]);
    const again = runCli(args);
    expect(again.stdout).toBe(r.stdout);
    expect(readFileSync(svg, "utf8")).toBe(text);
    // The saved bend is a valid --bend start; polychain works from it.
    expect(runCli(["connect", A, B, ...base, "--curve", "polychain", "--steps", "5", "--bend", bend]).status).toBe(0);
  });

  it("rejects bad input with exit 2 and one line, writing nothing", () => {
    const other = file("other.json", serializeParams({ inputs: 2, hidden: [4], activation: "tanh" }, new Float64Array(17)));
    const namedA = file("a.safetensors", safetensors(layersOf(a, (i) => `${2 * i}`)));
    const namedB = file("b.safetensors", safetensors(layersOf(b, (i) => `net.${2 * i}`)));
    const conv = file("conv.safetensors", safetensors([["0.weight", [2, 1, 3, 3], new Float64Array(18)], ["0.bias", [2], new Float64Array(2)]]));
    const out = join(dir, "never.json");
    for (const [args, pattern] of [
      [[A, other], /A and B have different architectures/],
      [[namedA, namedB], /A and B name their tensors differently/],
      [[conv, A, "--align", "weights"], /--align: .*convolution.*not supported yet/],
      [[A, B, "--bend", other], /--bend/],
      [[A], /connect needs two params files/],
      [[A, B, "--curve", "none", "--steps", "5"], /--steps sets up the curve/],
      [[A, B, "--align", "both"], /--align must be one of/],
      [[A, B, "extra"], /unexpected argument/],
    ] as Array<[string[], RegExp]>) {
      const r = runCli(["connect", ...args, ...base, "--out", out]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
  });
});
