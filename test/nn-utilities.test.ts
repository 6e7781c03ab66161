import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import { hiddenUnits, MAX_WORKING_BYTES, networkPassBytes } from "../src/nn/memory.js";
import { orderStatistics } from "../src/nn/order-statistics.js";
import { paramsHash } from "../src/nn/params-hash.js";
import { MAX_TEST_FRACTION, splitTable, testRows } from "../src/nn/split.js";
import type { Table } from "../src/nn/table.js";

const table = (n: number, d: number): Table => ({
  x: Float64Array.from({ length: n * d }, (_, i) => i),
  y: Float64Array.from({ length: n }, (_, i) => i % 2),
  inputs: d,
  source: "rows",
});

describe("splitTable", () => {
  it("holds out the last round(f·n) rows, the rest trains, sharing the arrays", () => {
    const t = table(10, 3);
    const { train, test } = splitTable(t, 0.25);
    // round(2.5) = 3 held out (Math.round rounds half up).
    expect(testRows(10, 0.25)).toBe(3);
    expect(Array.from(train.y)).toEqual([0, 1, 0, 1, 0, 1, 0]);
    expect(Array.from(test!.y)).toEqual([1, 0, 1]);
    expect(Array.from(train.x)).toEqual(Array.from({ length: 21 }, (_, i) => i));
    expect(Array.from(test!.x)).toEqual(Array.from({ length: 9 }, (_, i) => 21 + i));
    expect(test!.inputs).toBe(3);
    expect(test!.x.buffer).toBe(t.x.buffer);
  });
  it("fraction 0 keeps every row and no test set", () => {
    const t = table(5, 2);
    const s = splitTable(t, 0);
    expect(s.train).toBe(t);
    expect(s.test).toBeNull();
  });
  it("refuses fractions outside [0, 0.9], one that holds out nothing, and one that leaves nothing", () => {
    const t = table(10, 1);
    expect(MAX_TEST_FRACTION).toBe(0.9);
    expect(() => splitTable(t, -0.01)).toThrow(/\[0, 0\.9\]/);
    expect(() => splitTable(t, 0.91)).toThrow(/\[0, 0\.9\]/);
    expect(() => splitTable(t, Number.NaN)).toThrow(RangeError);
    expect(() => splitTable(t, 0.04)).toThrow(/holds out no row of 10/);
    expect(splitTable(t, 0.9).train.y.length).toBe(1);
    expect(splitTable(t, 0.05).test!.y.length).toBe(1);
    // Two rows at 0.9: round(1.8) = 2 of 2 held out, none left to train on.
    expect(() => splitTable(table(2, 1), 0.9)).toThrow(/leaves no row of 2 to train on/);
  });
});

describe("networkPassBytes", () => {
  it("counts 6 arrays per unit, 2 of the widest layer and 4 per sample, plus 6 parameter vectors", () => {
    // 3-5-4-1: units 5 + 4 + 1 = 10, widest 5, P = 3·5+5 + 5·4+4 + 4+1 = 49.
    const arch = { inputs: 3, hidden: [5, 4], activation: "tanh" as const };
    expect(networkPassBytes(arch, 7)).toBe(8 * 7 * (6 * 10 + 2 * 5 + 4) + 8 * 6 * 49);
    // Inputs wider than every layer: the widest is the input.
    const wide = { inputs: 9, hidden: [2], activation: "relu" as const };
    expect(networkPassBytes(wide, 1)).toBe(8 * (6 * 3 + 2 * 9 + 4) + 8 * 6 * (9 * 2 + 2 + 2 + 1));
    expect(hiddenUnits(arch)).toBe(9);
    expect(hiddenUnits({ inputs: 2, hidden: [], activation: "linear" })).toBe(0);
    expect(MAX_WORKING_BYTES).toBe(4 * 1024 ** 3);
  });
});

describe("paramsHash", () => {
  it("is 64-bit FNV-1a over the little-endian float64 bytes", () => {
    // Expected values from a plain Python FNV-1a over struct.pack("<d", v) (offset basis
    // 0xcbf29ce484222325, prime 0x100000001b3); the empty vector gives the offset basis.
    expect(paramsHash([])).toBe("cbf29ce484222325");
    expect(paramsHash([0])).toBe("a8c7f832281a39c5");
    expect(paramsHash(new Float64Array([1.5, -2, Math.PI]))).toBe("74b996f5ab4d221e");
    expect(paramsHash([-0])).toBe("a8c7783228196045");
  });
});

describe("orderStatistics", () => {
  const sorted = (v: Float64Array, ranks: number[]) => {
    const s = v.slice().sort();
    return ranks.map((r) => s[r]);
  };
  it("equals a full sort at every rank, on random, tied and ordered inputs, leaving the input alone", () => {
    const rng = seededRandom(5);
    for (const n of [1, 2, 23, 24, 25, 26, 100, 333]) {
      const inputs = [
        Float64Array.from({ length: n }, () => rng() - 0.5),
        Float64Array.from({ length: n }, () => Math.floor(rng() * 4)),
        Float64Array.from({ length: n }, (_, i) => i),
        Float64Array.from({ length: n }, (_, i) => n - i),
        Float64Array.from({ length: n }, (_, i) => (i % 2 ? i : -i)),
      ];
      for (const v of inputs) {
        const copy = v.slice();
        const ranks = Array.from({ length: n }, (_, i) => i);
        expect(orderStatistics(v, ranks)).toEqual(sorted(v, ranks));
        const some = [n - 1, 0, Math.floor(n / 2), Math.floor(n / 4), Math.floor(n / 2)];
        expect(orderStatistics(v, some)).toEqual(sorted(v, some));
        expect(Array.from(v)).toEqual(Array.from(copy));
      }
    }
  });
  it("sorts when there is a NaN (NaN last, as the typed-array sort puts it)", () => {
    const v = new Float64Array([3, Number.NaN, -1, 2]);
    expect(orderStatistics(v, [0, 1, 2, 3])).toEqual([-1, 2, 3, Number.NaN]);
  });
});
