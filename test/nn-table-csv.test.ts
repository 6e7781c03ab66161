import { describe, expect, it } from "vitest";
import { parseDatasetCsv } from "../src/data/csv.js";
import { parseTableCsv } from "../src/nn/table-csv.js";

describe("parseTableCsv", () => {
  it("reads x1…xd,y in any column order, ignoring other columns", () => {
    const t = parseTableCsv("id,x2,y,x1\na,2,1,-1\nb,0.5,0,3e-1\n", "d.csv");
    expect(t.inputs).toBe(2);
    expect(Array.from(t.x)).toEqual([-1, 2, 0.3, 0.5]);
    expect(Array.from(t.y)).toEqual([1, 0]);
  });
  it("reads today's x,y files exactly as parseDatasetCsv does", () => {
    const text = "x,y\r\n-2,0\r\n0.25,1\r\n1e-3,1\r\n\r\n";
    const t = parseTableCsv(text, "s.csv");
    const d = parseDatasetCsv(text, "s.csv");
    expect(t.inputs).toBe(1);
    expect(t.x).toEqual(d.x);
    expect(t.y).toEqual(d.y);
  });
  it("accepts RFC 4180 quotes", () => {
    const t = parseTableCsv('"x1","x2","y"\n"1","2","1"\n', "q.csv");
    expect(Array.from(t.x)).toEqual([1, 2]);
  });
  it.each([
    ["", "the file is empty"],
    ["x1,x3,y\n1,2,0\n", "without gaps"],
    ["a,b\n1,2\n", "missing column x (or x1, …, xd) and y"],
    ["x1,x2,y\n", "no data rows"],
    ["x1,x2,y\n1,2\n", "d.csv:2: expected 3 columns"],
    ["x1,x2,y\n1,NaN,0\n", 'd.csv:2: x2 is not a finite number: "NaN"'],
    ["x1,x2,y\n1,2,0\n\n3,4,1\n", "d.csv:3: blank line"],
    ["x1,y\n1,0.5\n", 'y must be 0 or 1, found "0.5"'],
  ])("rejects %j with one line naming the place", (text, message) => {
    expect(() => parseTableCsv(text, "d.csv")).toThrow(message);
  });
});
