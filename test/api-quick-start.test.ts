// builtinData, initMlp and renderSliceResult: the steps README's library program starts and
// ends with, checked against what the CLI draws for the same flags and the building blocks.

import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { builtinData, initMlp, slice } from "../src/api/index.js";
import { builtinTable, DEFAULT_DATA_OPTIONS } from "../src/nn/datasets.js";
import { thetaToLayers } from "../src/formats/params-json.js";
import { renderSliceResult } from "../src/render/index.js";
import { runCli } from "./run-cli.js";

describe("builtinData and initMlp", () => {
  it("are --data NAME --samples N and --hidden … --init SCHEME --seed N, as `init` draws θ₀", () => {
    const data = builtinData("moons", { samples: 60 });
    const table = builtinTable("moons", { ...DEFAULT_DATA_OPTIONS, samples: 60 });
    expect(data.x.shape).toEqual([60, 2]);
    expect(Array.from(data.x.data)).toEqual(Array.from(table.x));
    expect(Array.from(data.y)).toEqual(Array.from(table.y));
    const arch = { inputs: 2, hidden: [5, 3], activation: "tanh" as const };
    const m = initMlp(arch, "xavier-normal", { seed: 7 });
    const cli = JSON.parse(runCli(["init", "--data", "moons", "--samples", "60", "--hidden", "5,3", "--activation", "tanh", "--init", "xavier-normal", "--seed", "7"]).stdout);
    expect(JSON.parse(JSON.stringify(thetaToLayers(arch, m.theta))).layers).toEqual(cli.layers);
    expect(Array.from(initMlp(arch, { kind: "xavier-normal" }, { seed: 7 }).theta)).toEqual(Array.from(m.theta));
    expect(Array.from(initMlp(arch, "xavier-normal", { seed: 8 }).theta)).not.toEqual(Array.from(m.theta));
    expect(() => initMlp(arch, "hee")).toThrow(/init: expected one of .*he.*hee/);
  });
});

describe("renderSliceResult", () => {
  it("draws slice()'s plane with its title and loss label; a line is refused", async () => {
    const data = builtinData("moons", { samples: 40 });
    const m = initMlp({ inputs: 2, hidden: [3], activation: "tanh" }, "he");
    const axis = { min: -1, max: 1, count: 5 };
    const s = await slice(m, data, { loss: "bce", alpha: axis, beta: axis });
    const svg = renderSliceResult(new JSDOM("").window.document, s, { title: "a plane" });
    expect(svg).toMatch(/^<\?xml[^\n]*\n<svg /);
    expect(svg).toContain("a plane");
    expect(svg).toContain("cross-entropy loss");
    const line = await slice(m, data, { loss: "bce", alpha: axis, dims: 1 });
    expect(() => renderSliceResult(new JSDOM("").window.document, line)).toThrow(/renderSlice1dFigure/);
  }, 60_000);
});
