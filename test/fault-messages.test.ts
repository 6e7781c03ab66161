// Malformed input named as such: a CSV header with a repeated column, and a missing
// file spelled like one of the flag's keywords ("did you mean").
import { describe, expect, it } from "vitest";
import { DataError, tableColumns } from "../src/data/csv.js";
import { runCli } from "./run-cli.js";

describe("CSV header", () => {
  it("x1,x1,y is refused, naming the column", () => {
    expect(() => tableColumns(["x1", "x1", "y"], "d.csv:1")).toThrow(DataError);
    expect(() => tableColumns(["x1", "x1", "y"], "d.csv:1")).toThrow(/"x1" twice/);
    expect(() => tableColumns(["x", "y", "Y"], "d.csv:1")).toThrow(/"y" twice/);
    expect(tableColumns(["x1", "x2", "y"], "d.csv:1")).toEqual({ xs: [0, 1], yi: 2 });
  });
});

describe("did you mean, for a file flag's keywords", () => {
  it("--data moon suggests moons; --directions randon suggests random; a plain missing file does not", () => {
    const a = runCli(["probe", "--data", "moon", "--hidden", "2"]);
    expect(a.status).toBe(2);
    expect(a.stderr.trim()).toMatch(/--data: .*did you mean moons\?$/);
    const b = runCli(["slice", "--hidden", "2", "--directions", "randon"]);
    expect(b.status).toBe(2);
    expect(b.stderr.trim()).toMatch(/--directions: .*did you mean random\?$/);
    const c = runCli(["probe", "--data", "nosuch-file.csv", "--hidden", "2"]);
    expect(c.status).toBe(2);
    expect(c.stderr).not.toMatch(/did you mean/);
  });
});
