import { describe, expect, it } from "vitest";
import { parseDatasetCsv, DataError } from "../src/data/csv.js";
import { countPositives, seedDataset } from "../src/data/dataset.js";
import { TORCH } from "./helpers/torch-fixture.js";

describe("seedDataset", () => {
  it("has 40 points x = −2, −1.9, …, 1.9 and 17 positives, with 0.2 labelled 0", () => {
    const d = seedDataset();
    expect(d.x.length).toBe(40);
    expect(d.x[0]).toBe(-2);
    expect(d.x[39]).toBe(1.9);
    expect(d.x[22]).toBe(0.2);
    expect(d.y[22]).toBe(0);
    expect(d.y[23]).toBe(1);
    expect(countPositives(d)).toBe(17);
    for (let i = 0; i < 40; i++) expect(d.x[i]).toBe(Number(((i - 20) / 10).toFixed(1)));
  });
  it("has PyTorch's labels (test/fixtures/torch): 0.2 is labelled 0, as float32 arange's x[22] is not > 0.2", () => {
    // The naive float64 −2 + 0.1·i would put x[22] at 0.20000000000000018 and label it 1.
    expect(Array.from(seedDataset().y)).toEqual(TORCH.y);
  });
});

describe("parseDatasetCsv", () => {
  it("reads x,y columns in any order and ignores extra columns", () => {
    const d = parseDatasetCsv("id,y,x\na,1,0.5\nb,0,-1e-1\n", "f.csv");
    expect(Array.from(d.x)).toEqual([0.5, -0.1]);
    expect(Array.from(d.y)).toEqual([1, 0]);
  });
  const bad: Array<[string, string, RegExp]> = [
    ["empty file", "", /f\.csv: the file is empty/],
    ["missing column", "x,z\n1,0\n", /f\.csv:1: header is missing column y/],
    ["non-numeric x", "x,y\n1,0\nabc,1\n", /f\.csv:3: x is not a finite number: "abc"/],
    ["y not 0/1", "x,y\n1,0\n2,2\n", /f\.csv:3: y must be 0 or 1, found 2/],
    ["non-numeric y", "x,y\n1,yes\n", /f\.csv:2: y is not a number/],
    ["short row", "x,y\n1\n", /f\.csv:2: expected 2 columns/],
    ["header only", "x,y\n", /no data rows/],
    ["infinite x", "x,y\n1e400,1\n", /f\.csv:2: x is not a finite number/],
  ];
  for (const [name, text, msg] of bad) {
    it(`rejects ${name} with the line and the problem`, () => {
      expect(() => parseDatasetCsv(text, "f.csv")).toThrow(DataError);
      expect(() => parseDatasetCsv(text, "f.csv")).toThrow(msg);
    });
  }
});
