// CSV as R's write.csv and other RFC 4180 writers produce it, and the chunked parse
// that keeps a large file from ever being one string.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { csvFormatRows } from "d3-dsv";
import { describe, expect, it } from "vitest";
import { csvParser, DataError, endCsv, parseDatasetCsv, pushCsv } from "../src/data/csv.js";
import { runCli } from "./run-cli.js";

describe("quoted CSV (RFC 4180)", () => {
  it("reads R's write.csv output: quoted header with an empty row-name column, quoted row names", () => {
    // write.csv(data.frame(x = c(-1.5, 2), y = c(0L, 1L))) writes exactly this.
    const d = parseDatasetCsv('"","x","y"\r\n"1",-1.5,0\r\n"2",2,1\r\n', "r.csv");
    expect(Array.from(d.x)).toEqual([-1.5, 2]);
    expect(Array.from(d.y)).toEqual([0, 1]);
  });
  it("reads quoted numbers, doubled quotes and line breaks inside quoted fields", () => {
    const text = 'note,"X","y"\n"say ""hi"", ok","0.25","1"\n"two\nlines",-3,0\n';
    const d = parseDatasetCsv(text, "q.csv");
    expect(Array.from(d.x)).toEqual([0.25, -3]);
    expect(Array.from(d.y)).toEqual([1, 0]);
  });
  it("round-trips whatever d3-dsv's csvFormatRows writes", () => {
    const rows = [["label", "x", "y"], ['a "quoted", label', "1e-3", "0"], ["b\nc", "-7", "1"]];
    const d = parseDatasetCsv(csvFormatRows(rows) + "\n", "d3.csv");
    expect(Array.from(d.x)).toEqual([1e-3, -7]);
    expect(Array.from(d.y)).toEqual([0, 1]);
  });
  it("names the line of a record whose quote never closes", () => {
    expect(() => parseDatasetCsv('x,y\n1,0\n"2,1\n3,0\n', "u.csv")).toThrow(DataError);
    expect(() => parseDatasetCsv('x,y\n1,0\n"2,1\n3,0\n', "u.csv")).toThrow(/u\.csv:3: a quoted field is not closed/);
  });
  it("probe --data reads a write.csv file", () => {
    const f = join(mkdtempSync(join(tmpdir(), "ll-csv-")), "r.csv");
    writeFileSync(f, '"","x","y"\n"1",-1,0\n"2",1,1\n');
    const r = runCli(["probe", "--loss", "bce", "--at=0,0", "--data", f, "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).loss).toBeCloseTo(Math.LN2, 15);
  });
});

describe("chunked parsing", () => {
  it("any split of the text into chunks gives the same data and the same errors", () => {
    const text = '"id","x","y"\r\n"a",1.5,1\r\n"b\nb",-2,0\r\nc,3e-2,1\r\n\r\n';
    const whole = parseDatasetCsv(text, "c.csv");
    for (let cut = 0; cut <= text.length; cut++) {
      for (const step of [1, 3, 7]) {
        const p = csvParser("c.csv");
        pushCsv(p, text.slice(0, cut));
        for (let i = cut; i < text.length; i += step) pushCsv(p, text.slice(i, i + step));
        const d = endCsv(p);
        expect(Array.from(d.x)).toEqual(Array.from(whole.x));
        expect(Array.from(d.y)).toEqual(Array.from(whole.y));
      }
    }
  });
  it("a blank line is an error only when data follows it", () => {
    expect(parseDatasetCsv("x,y\n1,0\n\n\n", "f.csv").x.length).toBe(1);
    expect(() => parseDatasetCsv("x,y\n1,0\n\n2,1\n", "f.csv")).toThrow(/f\.csv:3: blank line inside the data/);
  });
  it("grows past its initial capacity without losing rows", () => {
    const n = 5000;
    const lines = ["x,y"];
    for (let i = 0; i < n; i++) lines.push(`${i / 7},${i % 2}`);
    const d = parseDatasetCsv(lines.join("\n"), "g.csv");
    expect(d.x.length).toBe(n);
    expect(d.x[n - 1]).toBe((n - 1) / 7);
    expect(d.y[n - 1]).toBe(1);
  });
});
