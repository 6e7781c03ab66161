// The trajectory file: both spellings read to the same vectors, the writer's output reads
// back exactly, and every malformed file is refused with what is wrong.

import { describe, expect, it } from "vitest";
import { parseTrajectory, trajectoryJsonChunks, trajectorySteps, MAX_TRAJECTORY_ENTRIES } from "../src/formats/trajectory.js";

const pts = [Float64Array.of(0.1, -2, 3e-17), Float64Array.of(1 / 3, 0, -1e300), Float64Array.of(5, 6, 7)];

describe("trajectory files", () => {
  it("JSON and CSV give the same points; the writer round-trips bit for bit", () => {
    const text = [...trajectoryJsonChunks(pts, [0, 4, 7], 4)].join("");
    const f = parseTrajectory(text, 3);
    expect(f.points.map((p) => Array.from(p))).toEqual(pts.map((p) => Array.from(p)));
    expect(f.steps).toEqual([0, 4, 7]);
    expect(f.every).toBe(4);
    const csv = parseTrajectory("p0,p1,p2\n" + pts.map((p) => Array.from(p).join(",")).join("\r\n") + "\n\n", 3);
    expect(csv.points.map((p) => Array.from(p))).toEqual(f.points.map((p) => Array.from(p)));
    expect(trajectorySteps(csv)).toEqual([0, 1, 2]);
    expect(trajectorySteps({ ...csv, every: 10 })).toEqual([0, 10, 20]);
    expect(parseTrajectory("[[1,2],[3,4]]", 2).points).toHaveLength(2);
  });
  it.each([
    ['{"points":[[1,2],[3]]}', /points\[1\] has 1 entries, the model 2/],
    ['{"points":[[1,"x"]]}', /points\[0\]\[1\] is not a finite number/],
    ['{"every":0,"points":[[1,2]]}', /every/],
    ['{"steps":[0,0],"points":[[1,2],[3,4]]}', /steps must increase/],
    ['{"steps":[0],"points":[[1,2],[3,4]]}', /one step per point/],
    ['{"points":', /not valid JSON/],
    ['{"layers":[]}', /expected/],
    ["1,2\n3,4,5\n", /line 2 has 3 entries, the model 2/],
    ["1,2\nx,4\n", /line 2: entry 0 is not a finite number/],
    ["1,2\n1e999,4\n", /line 2/],
  ])("refuses %s", (text, message) => {
    expect(() => parseTrajectory(text, 2)).toThrow(message);
  });
  it("refuses more numbers than the limit before reading them all", () => {
    const P = 1 << 12;
    const row = new Array(P).fill(0).join(",");
    const rows = MAX_TRAJECTORY_ENTRIES / P + 1;
    expect(() => parseTrajectory(Array.from({ length: rows }, () => row).join("\n"), P)).toThrow(/2²⁴/);
  });
});
