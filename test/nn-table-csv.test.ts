import { describe, expect, it } from "vitest";
import { csvParser, endCsvTable, parseDatasetCsv, parseTableCsv, pushCsv } from "../src/data/csv.js";

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
    ["x1,y\n1,0.5\n", "d.csv:2: y must be 0 or 1, found 0.5"],
  ])("rejects %j with one line naming the place", (text, message) => {
    expect(() => parseTableCsv(text, "d.csv")).toThrow(message);
  });
});

describe("one streaming parser for x,y and x1,…,xd,y", () => {
  it("any split of a d-input text into chunks gives the same table", () => {
    const text = 'id,x2,"x1",y\r\n"a\nb",1.5,-2,1\r\nc,3e-2,4,0\r\n\r\n';
    const whole = parseTableCsv(text, "c.csv");
    expect(Array.from(whole.x)).toEqual([-2, 1.5, 4, 0.03]);
    for (let cut = 0; cut <= text.length; cut++) {
      const p = csvParser("c.csv");
      pushCsv(p, text.slice(0, cut));
      pushCsv(p, text.slice(cut));
      const t = endCsvTable(p);
      expect(Array.from(t.x)).toEqual(Array.from(whole.x));
      expect(Array.from(t.y)).toEqual(Array.from(whole.y));
    }
  });
  it("grows past its initial capacity with d inputs per row", () => {
    const lines = ["x1,x2,x3,y"];
    for (let i = 0; i < 3000; i++) lines.push(`${i},${-i},${i / 3},${i % 2}`);
    const t = parseTableCsv(lines.join("\n"), "g.csv");
    expect(t.x.length).toBe(9000);
    expect(Array.from(t.x.subarray(8997))).toEqual([2999, -2999, 2999 / 3]);
    expect(t.y[2999]).toBe(1);
  });
  it("the one-input reader refuses a d-input file, naming the header's line and columns", () => {
    expect(() => parseDatasetCsv("\nx1,x2,y\n1,2,0\n", "m.csv")).toThrow("m.csv:2: the header names 2 inputs (x1,x2); this model takes one input column x");
    expect(() => parseDatasetCsv("\na,b\n1,2\n", "m.csv")).toThrow("m.csv:2: header is missing column x (or x1, …, xd) and y");
  });
});
