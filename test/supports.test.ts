import { describe, expect, it } from "vitest";
import { schemeSupports } from "../src/basins/supports.js";

describe("schemeSupports", () => {
  it("merges pytorch and xavier into U[−1, 1]², then xavier-normalized's √3 box and He's ±2σ", () => {
    const s = schemeSupports();
    expect(s.map((x) => x.schemes)).toEqual([["pytorch", "xavier"], ["xavier-normalized"], ["he"]]);
    expect(s[0].half).toBe(1);
    expect(s[1].half).toBeCloseTo(Math.sqrt(3), 15);
    expect(s[2].half).toBeCloseTo(2 * Math.SQRT2, 15);
    expect(s.map((x) => x.description)).toEqual(["U[−1, 1]²", "U[−1.732, 1.732]²", "±2σ, σ = 1.414"]);
  });
  it("sorts the supports by size whatever order the schemes come in", () => {
    const s = schemeSupports(["he", "xavier", "xavier-normalized", "pytorch"]);
    expect(s.map((x) => x.schemes)).toEqual([["xavier", "pytorch"], ["xavier-normalized"], ["he"]]);
    expect(schemeSupports(["he"])).toEqual([{ schemes: ["he"], half: 2 * Math.SQRT2, description: "±2σ, σ = 1.414" }]);
  });
});
