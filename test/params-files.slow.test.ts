// Params files as a newcomer uses them: every command infers the hidden widths from
// --params, files name their tensors so PyTorch's load_state_dict takes them, record the
// architecture as metadata, and `init` saves a start that `train` begins from.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { serializeParams } from "../src/formats/params-json.js";
import { metaFromObject, metaMismatches, metaToStrings } from "../src/formats/params-meta.js";
import { parseSafetensors, safetensorsMeta } from "../src/formats/safetensors.js";
import { runCli } from "./run-cli.js";

const FIX = new URL("./fixtures/torch-sequential/", import.meta.url).pathname;
const reference = JSON.parse(readFileSync(join(FIX, "reference.json"), "utf8")) as {
  stateDict: Array<{ name: string; shape: number[] }>;
  losses: { bce: number; mse: number };
};

function header(path: string): Record<string, unknown> {
  const bytes = readFileSync(path);
  const n = Number(bytes.readBigUInt64LE(0));
  return JSON.parse(bytes.subarray(8, 8 + n).toString("utf8"));
}

const tmp = (): string => mkdtempSync(join(tmpdir(), "params-files-"));

describe("--params gives the architecture", () => {
  const dir = tmp();
  const file = join(dir, "p.json");
  const theta = Float64Array.from({ length: 2 * 3 + 3 + 3 * 2 + 2 + 2 + 1 }, (_, j) => Math.sin(j + 1) / 2);
  writeFileSync(file, serializeParams({ inputs: 2, hidden: [3, 2], activation: "tanh" }, theta));
  const common = ["--data", "xor", "--samples", "20", "--params", file];
  it.each([
    ["layers", ["layers", ...common, "--json"]],
    ["slice", ["slice", ...common, "--alpha=-1:1:3", "--beta=-1:1:3"]],
    ["hessian", ["hessian", ...common, "--json"]],
    ["probe", ["probe", ...common, "--json"]],
    ["gradcheck", ["gradcheck", ...common, "--json"]],
    ["train", ["train", ...common, "--epochs", "1", "--json"]],
  ])("%s infers hidden widths 3,2 from the file", (_name, args) => {
    const r = runCli(args);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
  it.each(["layers", "slice", "hessian", "probe", "gradcheck", "train"])("%s: an explicit --hidden that contradicts the file names both, one line, exit 2", (name) => {
    const r = runCli([name, ...common, "--hidden", "4"]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("--hidden 4 contradicts --params");
    expect(r.stderr).toContain("hidden widths 3,2");
  });
  it("an agreeing --hidden is accepted", () => {
    expect(runCli(["layers", ...common, "--hidden", "3,2", "--json"]).status).toBe(0);
  });
});

describe("--save-params safetensors names (--param-names)", () => {
  it("torch-sequential (default) writes exactly the state_dict names and shapes of PyTorch's nn.Sequential", () => {
    const dir = tmp();
    const out = join(dir, "out.safetensors");
    // Start from PyTorch's own file, train one epoch, save: the names must be what load_state_dict expects.
    const r = runCli(["train", "--params", join(FIX, "model.safetensors"), "--data", join(FIX, "data.csv"), "--loss", "bce", "--epochs", "1", "--save-params", out]);
    expect(r.status).toBe(0);
    const h = header(out);
    const names = Object.keys(h).filter((k) => k !== "__metadata__");
    expect(names).toEqual(reference.stateDict.map((t) => t.name));
    expect(names.map((k) => (h[k] as { shape: number[] }).shape)).toEqual(reference.stateDict.map((t) => t.shape));
    expect(names.every((k) => (h[k] as { dtype: string }).dtype === "F64")).toBe(true);
  });
  it("plain numbers layers 0, 1, 2; both read back to the same parameters", () => {
    const dir = tmp();
    const base = ["train", "--params", join(FIX, "model.safetensors"), "--data", join(FIX, "data.csv"), "--loss", "bce", "--epochs", "1"];
    expect(runCli([...base, "--save-params", join(dir, "seq.safetensors")]).status).toBe(0);
    expect(runCli([...base, "--save-params", join(dir, "plain.safetensors"), "--param-names", "plain"]).status).toBe(0);
    expect(Object.keys(header(join(dir, "plain.safetensors"))).filter((k) => k !== "__metadata__")).toEqual(["0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias"]);
    const a = runCli(["probe", "--params", join(dir, "seq.safetensors"), "--data", join(FIX, "data.csv"), "--loss", "bce", "--json"]);
    const b = runCli(["probe", "--params", join(dir, "plain.safetensors"), "--data", join(FIX, "data.csv"), "--loss", "bce", "--json"]);
    expect(a.status).toBe(0);
    expect(JSON.parse(a.stdout).gradient).toEqual(JSON.parse(b.stdout).gradient);
  });
  it("PyTorch's file reads with PyTorch's loss (float64, 2-5-3-1 tanh)", () => {
    const r = runCli(["probe", "--params", join(FIX, "model.safetensors"), "--data", join(FIX, "data.csv"), "--loss", "bce", "--json", "--no-hessian"]);
    expect(r.status).toBe(0);
    expect(Math.abs(JSON.parse(r.stdout).loss - reference.losses.bce)).toBeLessThan(1e-15);
    const m = runCli(["probe", "--params", join(FIX, "model.safetensors"), "--data", join(FIX, "data.csv"), "--loss", "mse", "--json", "--no-hessian"]);
    expect(Math.abs(JSON.parse(m.stdout).loss - reference.losses.mse)).toBeLessThan(1e-15);
  });
  it("--param-names without a .safetensors --save-params is refused", () => {
    const r = runCli(["train", "--data", "xor", "--hidden", "2", "--epochs", "1", "--param-names", "plain"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--param-names applies only with --save-params FILE.safetensors");
  });
});

describe("params metadata", () => {
  it("JSON and safetensors record widths, activation, loss and version; safetensors values are strings", () => {
    const dir = tmp();
    const args = ["train", "--data", "moons", "--samples", "20", "--hidden", "4,3", "--activation", "relu", "--loss", "bce", "--epochs", "1"];
    expect(runCli([...args, "--save-params", join(dir, "a.json")]).status).toBe(0);
    expect(runCli([...args, "--save-params", join(dir, "a.safetensors")]).status).toBe(0);
    const version = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
    expect(JSON.parse(readFileSync(join(dir, "a.json"), "utf8")).metadata).toEqual({ inputs: 2, hidden: [4, 3], activation: "relu", loss: "bce", version });
    const meta = header(join(dir, "a.safetensors")).__metadata__ as Record<string, unknown>;
    expect(meta).toEqual({ format: "pt", inputs: "2", hidden: "4,3", activation: "relu", loss: "bce", loss_landscape_version: version });
    expect(Object.values(meta).every((v) => typeof v === "string")).toBe(true);
    expect(safetensorsMeta(new Uint8Array(readFileSync(join(dir, "a.safetensors"))))).toEqual({ inputs: 2, hidden: [4, 3], activation: "relu", loss: "bce", version });
    // The tensors are unchanged by the metadata.
    expect([...parseSafetensors(new Uint8Array(readFileSync(join(dir, "a.safetensors"))), "a").keys()]).toEqual(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"]);
  });
  it("the recorded activation is used when --activation is not given; a mismatch warns in one stderr line", () => {
    const dir = tmp();
    const file = join(dir, "relu.json");
    expect(runCli(["train", "--data", "moons", "--samples", "20", "--hidden", "4", "--activation", "relu", "--loss", "bce", "--epochs", "1", "--save-params", file]).status).toBe(0);
    const used = runCli(["probe", "--data", "moons", "--samples", "20", "--params", file, "--loss", "bce"]);
    expect(used.status).toBe(0);
    expect(used.stderr).toBe("");
    expect(used.stdout).toContain("2-4-1 relu");
    const other = runCli(["layers", "--data", "moons", "--samples", "20", "--params", file, "--activation", "tanh", "--loss", "mse"]);
    expect(other.status).toBe(0);
    const lines = other.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^loss-landscape layers: warning: .*relu\.json" was saved with --activation relu; this run uses tanh$/);
    expect(lines[1]).toMatch(/was trained with --loss bce; this run uses mse$/);
    expect(other.stdout).toContain("2-4-1 tanh");
  });
  it("metadata helpers: strings round-trip, malformed fields are ignored, mismatches are listed", () => {
    const m = { inputs: 2, hidden: [5, 3], activation: "tanh" as const, loss: "mse", version: "1.2.3" };
    expect(metaFromObject(metaToStrings(m))).toEqual(m);
    expect(metaFromObject({ inputs: "x", hidden: "3,-1", activation: "gelu" })).toEqual({});
    expect(metaFromObject(null)).toEqual({});
    expect(metaMismatches(m, { arch: { inputs: 2, hidden: [5, 3], activation: "tanh" }, loss: "mse" }, "f")).toEqual([]);
    expect(metaMismatches(m, { arch: { inputs: 2, hidden: [5], activation: "relu" }, loss: "bce" }, "f")).toHaveLength(3);
  });
});

describe("init --save-params", () => {
  it("saves the start that train begins from (same --init, --seed), and the docs' --to init.json example runs", () => {
    const dir = tmp();
    const init = join(dir, "init.json");
    const final = join(dir, "final.json");
    const model = ["--hidden", "8", "--data", "moons", "--samples", "40"];
    const r = runCli(["init", ...model, "--init", "he", "--seed", "3", "--save-params", init]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("2-8-1 tanh (33 parameters), init he (seed 3)");
    const t = runCli(["train", ...model, "--init", "he", "--seed", "3", "--loss", "bce", "--epochs", "2", "--save-params", final, "--json"]);
    expect(t.status).toBe(0);
    expect(JSON.parse(readFileSync(init, "utf8")).layers).toEqual(JSON.parse(t.stdout).start.layers);
    const s = runCli(["slice", ...model, "--loss", "bce", "--params", final, "--directions", "interp", "--to", init, "--alpha=-0.5:1.5:5"]);
    expect(s.status).toBe(0);
    const doc = JSON.parse(s.stdout);
    // α = 1 lands on the start: its loss is the run's epoch-0 loss.
    const loss0 = JSON.parse(runCli(["probe", ...model, "--params", init, "--loss", "bce", "--json"]).stdout).loss;
    expect(doc.fields.loss[0][3]).toBeCloseTo(loss0, 12);
  });
  it("without --save-params prints params JSON; the default start follows train's (pytorch for a network)", () => {
    const r = runCli(["init", "--hidden", "3", "--data", "xor"]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.metadata.hidden).toEqual([3]);
    const t = JSON.parse(runCli(["train", "--hidden", "3", "--data", "xor", "--epochs", "1", "--json"]).stdout);
    expect(doc.layers).toEqual(t.start.layers);
  });
});
