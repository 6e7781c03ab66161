// Li et al.'s formats: --format h5 read back with h5wasm (their datasets, Z[i][k] at
// (x[k], y[i]) as their plot_2D.py reads it, train_acc in percent, NaN for points a
// merge left out), byte-identical from `merge`; --format vtp parsed as XML (points,
// quads, the cell averages of h52vtp.py, --vtp-log); and the bad outputs' refusals.

import { mkdirSync, mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import h5wasm from "h5wasm";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { surfaceH5 } from "../src/formats/h5-surface.js";
import { runCli } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "formats-li-"));
const SLICE = ["slice", "--hidden", "5", "--data", "moons", "--samples", "60", "--alpha=-1:1:7", "--beta=-0.5:0.5:4", "--seed", "2", "--quiet"];

function ok(args: string[]): void {
  const r = runCli(args);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}

async function readH5(path: string): Promise<{ get(name: string): { value: unknown; shape: number[] | null } | null; attrs: Record<string, unknown> }> {
  const { FS } = await h5wasm.ready;
  const name = `/read-${Math.random().toString(36).slice(2)}.h5`;
  FS!.writeFile(name, readFileSync(path));
  const f = new h5wasm.File(name, "r");
  const out = {
    get: (n: string) => {
      const d = f.get(n) as { value: unknown; shape: number[] | null } | null;
      return d ? { value: d.value, shape: d.shape } : null;
    },
    attrs: Object.fromEntries(Object.entries(f.attrs).map(([k, a]) => [k, (a as { value: unknown }).value])),
  };
  return out;
}

describe("--format h5", () => {
  const d = join(dir, "h5");
  mkdirSync(d);
  ok([...SLICE, "--out", join(d, "s.json")]);
  ok([...SLICE, "--format", "h5", "--out", join(d, "s.h5")]);
  const doc = JSON.parse(readFileSync(join(d, "s.json"), "utf8"));

  it("has Li et al.'s datasets, laid out as plot_2D.py reads them, and ours", async () => {
    const f = await readH5(join(d, "s.h5"));
    expect(Array.from(f.get("xcoordinates")!.value as Float64Array)).toEqual(doc.alpha);
    expect(Array.from(f.get("ycoordinates")!.value as Float64Array)).toEqual(doc.beta);
    const Z = f.get("train_loss")!;
    // [len(y), len(x)]: Z[i][k] is the loss at (x[k], y[i]), a 4 × 7 grid (not square).
    expect(Z.shape).toEqual([4, 7]);
    const z = Z.value as Float64Array, acc = f.get("train_acc")!.value as Float64Array;
    for (let i = 0; i < 4; i++)
      for (let k = 0; k < 7; k++) {
        expect(z[i * 7 + k]).toBe(doc.fields.loss[i][k]);
        expect(acc[i * 7 + k]).toBeCloseTo(100 * doc.fields.accuracy[i][k], 12);
      }
    expect(Array.from(f.get("grad_norm")!.value as Float64Array)).toEqual(doc.fields.gradNorm.flat());
    expect(Array.from(f.get("d1")!.value as Float64Array)).toEqual(doc.directions.d1);
    expect(f.attrs.loss).toBe("mse");
    expect(JSON.parse(f.attrs.directions as string)).toMatchObject({ kind: "random", seed: 2 });
  });

  it("the same slice gives the same bytes; merge writes them too, NaN where tiles are missing", async () => {
    ok([...SLICE, "--format", "h5", "--out", join(d, "again.h5")]);
    expect(readFileSync(join(d, "again.h5")).equals(readFileSync(join(d, "s.h5")))).toBe(true);
    for (let k = 0; k < 3; k++) ok([...SLICE, "--tile", `${k}/3`, "--out", join(d, "t")]);
    ok(["merge", join(d, "t"), "--format", "h5", "--out", join(d, "m.h5")]);
    expect(readFileSync(join(d, "m.h5")).equals(readFileSync(join(d, "s.h5")))).toBe(true);
    ok([...SLICE, "--tile", "1/2", "--out", join(d, "half")]);
    ok(["merge", join(d, "half"), "--allow-missing", "--format", "h5", "--out", join(d, "half.h5")]);
    const z = (await readH5(join(d, "half.h5"))).get("train_loss")!.value as Float64Array;
    expect(Array.from(z.subarray(0, 14)).every(Number.isNaN)).toBe(true);
    expect(Array.from(z.subarray(14)).every(Number.isFinite)).toBe(true);
  });

  it("a 1-D slice: xcoordinates and train_loss of len(x), no ycoordinates", async () => {
    ok([...SLICE, "--dims", "1", "--format", "h5", "--out", join(d, "line.h5")]);
    const f = await readH5(join(d, "line.h5"));
    expect(f.get("ycoordinates")).toBeNull();
    expect(f.get("train_loss")!.shape).toEqual([7]);
  });

  it("surfaceH5 is reproducible in-process", async () => {
    const s = { x: Float64Array.of(0, 1), y: Float64Array.of(0, 1), fields: [{ name: "train_loss", data: Float64Array.of(1, 2, 3, 4) }], vectors: [], attributes: { a: "b" } };
    const a = await surfaceH5(s);
    await new Promise((r) => setTimeout(r, 1100));
    expect(Buffer.from(await surfaceH5(s)).equals(Buffer.from(a))).toBe(true);
  });

  it("bad outputs: a directory, stdout, vtp of a line: exit 2, one line, nothing written", () => {
    for (const [args, msg] of [
      [["--format", "h5", "--out", d], /is a directory/],
      [["--format", "h5"], /binary HDF5 file: give --out/],
      [["--dims", "1", "--format", "vtp", "--out", join(d, "x.vtp")], /needs a 2-D slice/],
    ] as const) {
      const r = runCli([...SLICE, ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(existsSync(join(d, "x.vtp"))).toBe(false);
  });
});

describe("--format vtp", () => {
  const d = join(dir, "vtp");
  mkdirSync(d);
  ok([...SLICE, "--out", join(d, "s.json")]);
  const doc = JSON.parse(readFileSync(join(d, "s.json"), "utf8"));
  const parse = (file: string) => new JSDOM(readFileSync(file, "utf8"), { contentType: "text/xml" }).window.document;
  const numbers = (el: Element) => el.textContent!.trim().split(/\s+/).map(Number);

  it("ParaView PolyData: a point per grid point (z = loss), a quad per cell with its average z", () => {
    ok([...SLICE, "--format", "vtp", "--out", join(d, "s.vtp")]);
    const x = parse(join(d, "s.vtp"));
    expect(x.documentElement.getAttribute("type")).toBe("PolyData");
    const piece = x.querySelector("Piece")!;
    expect(piece.getAttribute("NumberOfPoints")).toBe("28");
    expect(piece.getAttribute("NumberOfPolys")).toBe(String(3 * 6));
    const z = doc.fields.loss.flat();
    expect(numbers(x.querySelector('PointData > DataArray[Name="zvalue"]')!)).toEqual(z);
    const pts = numbers(x.querySelector("Points > DataArray")!);
    expect(pts).toHaveLength(3 * 28);
    for (let p = 0; p < 28; p++) expect([pts[3 * p], pts[3 * p + 1], pts[3 * p + 2]]).toEqual([doc.alpha[p % 7], doc.beta[Math.floor(p / 7)], z[p]]);
    const conn = numbers(x.querySelector('Polys > DataArray[Name="connectivity"]')!);
    const avg = numbers(x.querySelector('CellData > DataArray[Name="averaged zvalue"]')!);
    expect(conn.slice(0, 4)).toEqual([0, 1, 8, 7]);
    expect(avg[0]).toBeCloseTo((z[0] + z[1] + z[7] + z[8]) / 4, 14);
    expect(numbers(x.querySelector('Polys > DataArray[Name="offsets"]')!)).toEqual(Array.from({ length: 18 }, (_, c) => 4 * (c + 1)));
  });

  it("--vtp-log: z = ln(loss + 0.1); merge writes the same file", () => {
    ok([...SLICE, "--format", "vtp", "--vtp-log", "--out", join(d, "log.vtp")]);
    const z = numbers(parse(join(d, "log.vtp")).querySelector('PointData > DataArray[Name="zvalue"]')!);
    doc.fields.loss.flat().forEach((l: number, p: number) => expect(z[p]).toBe(Math.log(l + 0.1)));
    for (let k = 0; k < 2; k++) ok([...SLICE, "--tile", `${k}/2`, "--out", join(d, "t")]);
    ok(["merge", join(d, "t"), "--format", "vtp", "--vtp-log", "--out", join(d, "m.vtp")]);
    expect(readFileSync(join(d, "m.vtp"), "utf8")).toBe(readFileSync(join(d, "log.vtp"), "utf8"));
  });
});
