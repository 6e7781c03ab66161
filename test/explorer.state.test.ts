// The explorer's URL hash: every value is validated (a bad one falls back to its default
// with a notice, never an exception) and formatHash/parseHash round-trip.

import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/init/random.js";
import { INIT_SCHEMES, type InitSpec } from "../src/init/initializers.js";
import { DEFAULT_STATE, formatHash, HASH_KEYS, MAX_EPOCHS, MAX_RUNS, parseHash, SPEEDS, trainConfigOf, VIEWS, type ExplorerState } from "../src/explorer/state.js";
import { OPTIMIZER_NAMES } from "../src/train/optimizers.js";
import { DEFAULT_TRAIN_CONFIG } from "../src/train/train.js";

const N = 40;

function randomState(rng: () => number): ExplorerState {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
  const start = Array.from({ length: Math.floor(rng() * (MAX_RUNS + 1)) }, (): InitSpec =>
    rng() < 0.3 ? { kind: pick(INIT_SCHEMES) } : { kind: "fixed", w: (rng() - 0.5) * 1e3, b: -rng() * 1e-7 - 1e-300 },
  );
  return {
    loss: pick(["mse", "bce"] as const),
    start,
    lr: rng() * 10 + 1e-9,
    batch: 1 + Math.floor(rng() * N),
    epochs: 1 + Math.floor(rng() * MAX_EPOCHS),
    optimizer: pick(OPTIMIZER_NAMES),
    momentum: rng() * 0.999,
    shuffle: rng() < 0.5,
    seed: Math.floor(rng() * 2 ** 31),
    view: pick(VIEWS),
    flat: rng() < 0.5,
    speed: pick(SPEEDS),
  };
}

describe("explorer hash", () => {
  it("parses the issue's example to the tutorial's settings with the start (−5, −10)", () => {
    const { state, notices } = parseHash("#loss=mse&start=-5,-10&lr=2&batch=2&epochs=50&optimizer=sgd&shuffle=0&seed=0", N);
    expect(notices).toEqual([]);
    expect(state).toEqual({ ...DEFAULT_STATE, start: [{ kind: "fixed", w: -5, b: -10 }] });
    expect(trainConfigOf(state)).toEqual(DEFAULT_TRAIN_CONFIG);
  });

  it("round-trips 500 random states exactly (doubles included)", () => {
    const rng = seededRandom(11);
    for (let k = 0; k < 500; k++) {
      const s = randomState(rng);
      const hash = formatHash(s);
      const back = parseHash(hash, N);
      expect(back.notices, hash).toEqual([]);
      expect(back.state, hash).toEqual(s);
      expect(formatHash(back.state)).toBe(hash);
    }
  });

  it("writes the keys in a fixed order and only known keys", () => {
    const keys = formatHash({ ...DEFAULT_STATE, start: [{ kind: "he" }] }).slice(1).split("&").map((p) => p.split("=")[0]);
    expect(keys).toEqual([...HASH_KEYS]);
  });

  it.each([
    ["lr=0", "lr"], ["lr=-1", "lr"], ["lr=abc", "lr"], ["lr=1e400", "lr"], ["lr=1001", "lr"], ["lr=", "lr"],
    ["batch=0", "batch"], ["batch=41", "batch"], ["batch=2.5", "batch"], ["batch=1e1", "batch"],
    ["epochs=0", "epochs"], [`epochs=${MAX_EPOCHS + 1}`, "epochs"], ["seed=-1", "seed"], [`seed=${2 ** 31 + 1}`, "seed"],
    ["loss=huber", "loss"], ["optimizer=rmsprop", "optimizer"], ["momentum=1", "momentum"], ["momentum=-0.1", "momentum"],
    ["shuffle=yes", "shuffle"], ["flat=2", "flat"], ["view=3d", "view"], ["speed=warp", "speed"],
    ["start=1,2,3", "start"], ["start=NaN,1", "start"], ["start=Infinity,1", "start"], ["start=kaiming", "start"], ["start=", "start"],
  ])("%s falls back to the default with a notice naming %s", (part, key) => {
    const other = key === "epochs" ? "lr=0.5" : "epochs=7";
    const { state, notices } = parseHash(`#${part}&${other}`, N);
    expect(notices).toHaveLength(1);
    expect(notices[0].startsWith(`${key}: `)).toBe(true);
    const k = key as keyof ExplorerState;
    expect(state[k]).toEqual(DEFAULT_STATE[k]);
    if (key === "epochs") expect(state.lr).toBe(0.5);
    else expect(state.epochs).toBe(7);
  });

  it("ignores unknown keys, broken escapes and repeats with a notice each, and never throws", () => {
    const { state, notices } = parseHash("#bogus=1&lr=%E0%A4%A&lr=3&lr=4&&=&%zz", N);
    expect(state.lr).toBe(4);
    expect(notices.some((n) => n.includes('unknown key "bogus"'))).toBe(true);
    expect(notices.some((n) => n.includes("not valid URL encoding"))).toBe(true);
    expect(notices.some((n) => n.includes("more than once"))).toBe(true);
    const rng = seededRandom(5);
    const alphabet = "=&%,#-+.eE0123456789abcdefghijklmnopqrstuvwxyz_;:/?\u00e9\ud83d\ude00";
    for (let k = 0; k < 2000; k++) {
      let text = "#";
      const len = Math.floor(rng() * 40);
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(rng() * alphabet.length)];
      expect(() => parseHash(text, N)).not.toThrow();
    }
  });

  it("carries every run on screen: a ;-list or repeated start keys, oldest first", () => {
    const runs: InitSpec[] = [{ kind: "fixed", w: -5, b: -10 }, { kind: "fixed", w: 1.25, b: 0 }, { kind: "he" }];
    const hash = formatHash({ ...DEFAULT_STATE, start: runs });
    expect(hash).toContain("&start=-5,-10;1.25,0;he&");
    expect(parseHash(hash, N)).toEqual({ state: { ...DEFAULT_STATE, start: runs }, notices: [] });
    expect(parseHash("#start=-5,-10&start=1.25,0;he", N)).toEqual({ state: { ...DEFAULT_STATE, start: runs }, notices: [] });
    // %3B is ";" too (an encoder may escape it).
    expect(parseHash("#start=-5%2C-10%3B1.25,0%3Bhe", N).state.start).toEqual(runs);
  });

  it("drops each bad start with a notice naming it and keeps the good ones", () => {
    const { state, notices } = parseHash("#start=-5,-10;1,2,3;;kaiming;he&lr=3", N);
    expect(state.start).toEqual([{ kind: "fixed", w: -5, b: -10 }, { kind: "he" }]);
    expect(state.lr).toBe(3);
    // One notice for the list, naming each bad entry.
    expect(notices).toHaveLength(1);
    for (const bad of ['"1,2,3"', '""', '"kaiming"']) expect(notices.some((t) => t.startsWith("start: ") && t.includes(bad) && t.includes("dropped"))).toBe(true);
  });

  it(`keeps the last ${MAX_RUNS} of more starts, with a notice`, () => {
    const list = Array.from({ length: MAX_RUNS + 3 }, (_, k) => `${k},0`).join(";");
    const { state, notices } = parseHash(`#start=${list}`, N);
    expect(state.start.map((s) => (s.kind === "fixed" ? s.w : NaN))).toEqual(Array.from({ length: MAX_RUNS }, (_, k) => k + 3));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^start: 11 starts given, at most 8/);
  });

  it("bounds the batch size by the data set's size", () => {
    expect(parseHash("#batch=7", 7).state.batch).toBe(7);
    expect(parseHash("#batch=8", 7).state.batch).toBe(DEFAULT_STATE.batch);
  });
});
