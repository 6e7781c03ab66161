// The network explorer's pieces that run without a browser: the hash (round trip, hand
// edits), the page's checks of a dropped CSV (the CLI's parser first), the train
// command it prints (parsed by the CLI's own option parser), the epoch-at-a-time trainer
// against trainNetwork, the split, the parameter hash and the page's CSP.

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { trainCommand } from "../src/cli/commands/train.js";
import { parseOptions } from "../src/cli/parse.js";
import { NETWORK_SETTINGS } from "../src/landscape/network-study.js";
import { builtinTable } from "../src/nn/datasets.js";
import { initializeNetwork } from "../src/nn/init.js";
import { paramsHash } from "../src/nn/params-hash.js";
import { splitTable } from "../src/nn/split.js";
import { networkTrainer, trainNetwork } from "../src/nn/train.js";
import { seededRandom } from "../src/init/random.js";
import { cliLines, trainArgs } from "../src/netexplorer/cli.js";
import { editOf } from "../src/netexplorer/controls.js";
import { readCsv } from "../src/netexplorer/data.js";
import { networkExplorerCsp, networkExplorerHtml } from "../src/netexplorer/page.js";
import { STYLE } from "../src/netexplorer/page-style.js";
import { architectureOf, startRun, stepRun, trainConfigOf } from "../src/netexplorer/runs.js";
import { BAD_START, DEFAULT_STATE, formatHash, parseHash, type NetState } from "../src/netexplorer/state.js";

describe("network explorer hash", () => {
  it("round-trips every field", () => {
    const s: NetState = { ...DEFAULT_STATE, data: "moons", samples: 321, noise: 0.25, dataSeed: 7, test: 0.3, hidden: [3, 64, 1], activation: "relu", loss: "mse", optimizer: "momentum", lr: 0.05, momentum: 0.5, batch: 7, epochs: 99, shuffle: false, init: [{ kind: "he" }, BAD_START, { kind: "constant", value: -0.5 }, { kind: "uniform", bound: 2 }], seed: 12, focus: 2, at: 40, theme: "dark" };
    const h = formatHash(s);
    expect(parseHash(h)).toEqual({ state: s, notices: [] });
    expect(h).toContain("init=he;normal:12;constant:-0.5;uniform:2");
    expect(parseHash("").state).toEqual(DEFAULT_STATE);
  });

  it("a hand-edited hash loads the defaults for what is wrong and says so", () => {
    const { state, notices } = parseHash("#hidden=8,0&lr=NaN&init=he;bogus&act=gelu&nope=1&focus=3&samples=1e9&%E0%A4%A");
    expect(state.hidden).toEqual(DEFAULT_STATE.hidden);
    expect(state.lr).toBe(DEFAULT_STATE.lr);
    expect(state.init).toEqual(DEFAULT_STATE.init);
    expect(state.activation).toBe("tanh");
    expect(state.focus).toBe(0);
    expect(notices.join("\n")).toMatch(/hidden: "8,0" must be widths from 1 to 64/);
    for (const k of ["lr", "init", "act", "nope", "focus", "samples", "URL encoding"]) expect(notices.join("\n")).toContain(k);
    expect(parseHash("#hidden=65").notices[0]).toMatch(/from 1 to 64/);
    expect(parseHash("#init=he;he;he;he;he").notices[0]).toMatch(/at most 4/);
  });

  it("a hash with thousands of bad parts gives a bounded list of notices, the last counting the rest", () => {
    const { state, notices } = parseHash("#" + Array.from({ length: 5000 }, (_, i) => `k${i}=1`).join("&") + "&lr=0.05");
    expect(state.lr).toBe(0.05);
    expect(notices.length).toBe(21);
    expect(notices[0]).toMatch(/^unknown key "k0" ignored/);
    expect(notices[20]).toBe("and 4980 more problems in the address (each value fell back or was dropped as above)");
  });

  it("takes each data set's default noise unless the hash gives one", () => {
    expect(parseHash("#data=gauss").state.noise).toBe(1);
    expect(parseHash("#data=gauss&noise=0.3").state.noise).toBe(0.3);
  });

  it("controls refuse width 0, width 65 and lr NaN with a sentence, and accept a good width", () => {
    for (const [id, text] of [["width-0", "0"], ["width-1", "65"], ["lr", "NaN"], ["lr", ""], ["init-0", "normal:-1"]] as const) {
      const e = editOf(DEFAULT_STATE, id, text, false);
      expect("error" in e, `${id}=${text}`).toBe(true);
    }
    const ok = editOf(DEFAULT_STATE, "width-1", "64", false);
    expect("state" in ok && ok.state.hidden).toEqual([8, 64]);
  });

  it("the bad start is the gallery's networks section's", () => {
    expect(BAD_START).toEqual(NETWORK_SETTINGS.badStart);
  });
});

describe("a dropped CSV", () => {
  it("is read by the CLI's parser, with its messages", () => {
    expect(readCsv("x1,x2,y\n0,1,0\n1,abc,1\n", "d.csv")).toBe('d.csv:3: x2 is not a finite number: "abc"');
    expect(readCsv("x1,x2,y\n0,1,0\n1,1,2\n", "d.csv")).toMatch(/y must be 0 or 1/);
  });

  it("then by the page's own limits: both classes, at most two inputs", () => {
    expect(readCsv("x1,x2,y\n0,1,1\n1,0,1\n", "one.csv")).toMatch(/every row has y = 1; a classifier needs both classes/);
    expect(readCsv("x1,x2,x3,y\n0,1,2,0\n1,0,2,1\n", "wide.csv")).toMatch(/3 input columns; the page plots 1 \(x\) or 2/);
    const t = readCsv("x,y\n0.5,0\n-1,1\n", "one-input.csv");
    expect(typeof t === "string" ? t : t.inputs).toBe(1);
  });
});

describe("the train command the page prints", () => {
  const s: NetState = { ...DEFAULT_STATE, init: [{ kind: "he" }, BAD_START], focus: 1, optimizer: "momentum", momentum: 0.8, hidden: [] };

  it("parses with train's own options into the page's settings", () => {
    const args = trainArgs(s, 1, 17);
    expect(args[0]).toBe("train");
    const v = parseOptions(args.slice(1), trainCommand.options, () => "{}");
    expect(v.get(trainCommand.options.find((o) => o.name === "init")!)).toMatchObject({ text: "normal:12" });
    expect(args.join(" ")).toContain("--hidden none --activation tanh");
    expect(args.join(" ")).toContain("--momentum 0.8 --batch-size 10 --epochs 17 --shuffle --test-fraction 0.2 --json");
  });

  it("and the layers and slice commands after it", () => {
    const lines = cliLines(s, 0, 30, 16);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/--save-params focus\.json --save-trajectory focus-trajectory\.json --every 4$/);
    expect(lines[1]).toMatch(/^loss-landscape layers /);
    expect(lines[2]).toMatch(/^loss-landscape slice /);
  });
});

describe("runs", () => {
  it("networkTrainer, an epoch at a time, is trainNetwork bit for bit", () => {
    const data = builtinTable("moons", { samples: 60, noise: 0.1, dataSeed: 1 });
    const arch = { inputs: 2, hidden: [5, 3], activation: "tanh" as const };
    const config = { ...trainConfigOf({ ...DEFAULT_STATE, batch: 7, lr: 0.2 }), epochs: 6 };
    // Each run draws θ₀ from its own seeded stream, which then shuffles (as train does).
    const start = (): { theta: Float64Array; rng: () => number } => {
      const rng = seededRandom(3);
      return { theta: initializeNetwork(arch, { kind: "he" }, rng, 1).theta, rng };
    };
    const a = start();
    const whole = trainNetwork(arch, a.theta, data, { ...config, shuffle: true }, a.rng);
    const b = start();
    const t = networkTrainer(arch, b.theta, data, { ...config, shuffle: true }, b.rng);
    const records = [1, 2, 3, 4, 5, 6].map(() => t.runEpoch());
    expect(records).toEqual(whole.epochs);
    expect(Array.from(t.theta)).toEqual(Array.from(whole.final));
    expect(t.stepsDone).toBe(6 * Math.ceil(60 / 7));
  });

  it("a page run records the held-out rows' loss beside the training loss, epoch by epoch", () => {
    const s: NetState = { ...DEFAULT_STATE, data: "xor", samples: 50, hidden: [4], lr: 100, loss: "mse", init: [{ kind: "normal", std: 50 }] };
    const data = builtinTable("xor", { samples: 50, noise: s.noise, dataSeed: 0 });
    const split = splitTable(data, s.test);
    expect([split.train.y.length, split.test!.y.length]).toEqual([40, 10]);
    const arch = architectureOf(s, 2);
    const run = startRun(arch, s.init[0], s, split);
    for (let e = 0; e < 3; e++) stepRun(run, arch, split, s);
    expect(run.testLoss.length).toBe(run.trainLoss.length);
    expect(run.trainLoss.every(Number.isFinite)).toBe(true);
  });

  it("splitTable holds out the last rows and refuses an empty side", () => {
    const t = builtinTable("circles", { samples: 10, noise: 0.1, dataSeed: 0 });
    const { train, test } = splitTable(t, 0.25);
    expect(Array.from(test!.y)).toEqual(Array.from(t.y.subarray(7)));
    expect(train.x.length).toBe(14);
    expect(splitTable(t, 0).test).toBeNull();
    expect(() => splitTable(t, 0.01)).toThrow(/holds out no row/);
    expect(() => splitTable(t, 0.95)).toThrow(/\[0, 0\.9\]/);
  });
});

describe("paramsHash", () => {
  it("is FNV-1a 64 over the little-endian float64 bytes", () => {
    // FNV-1a 64 of no bytes is its offset basis.
    expect(paramsHash([])).toBe("cbf29ce484222325");
    // One float64 1.0 = bytes 00 00 00 00 00 00 f0 3f, hashed by hand with BigInt.
    let h = 0xcbf29ce484222325n;
    for (const b of [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
    expect(paramsHash([1])).toBe(h.toString(16).padStart(16, "0"));
    expect(paramsHash([1, 0.5])).not.toBe(paramsHash([1 + 2 ** -52, 0.5]));
    expect(paramsHash([0])).not.toBe(paramsHash([-0]));
  });
});

describe("network-explorer.html", () => {
  it("allows exactly its own script and style by hash, a data: worker and data: images", () => {
    const script = "console.log(1)";
    const html = networkExplorerHtml(script);
    const b64 = (t: string): string => createHash("sha256").update(t).digest("base64");
    const csp = networkExplorerCsp(script, STYLE);
    expect(csp).toBe(`default-src 'none'; script-src 'sha256-${b64(script)}'; style-src 'sha256-${b64(STYLE)}'; worker-src data:`);
    expect(html).toContain(`content="${csp}"`);
    expect(html).toContain(`<script>${script}</script>`);
    expect(html).toContain(`<style>${STYLE}</style>`);
    expect(html).not.toMatch(/ style="/);
    expect(() => networkExplorerHtml("'</script>'")).toThrow(/script/);
  });
});
