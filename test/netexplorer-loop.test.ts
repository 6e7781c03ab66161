// The network explorer's play loop (src/netexplorer/train-loop.ts) with a scripted clock and
// frames: it trains in slices between frames, draws once per frame, stops when every run is
// finished (then calls done once), gives training as long as the last frame took within its
// bounds, and does nothing after stop() (a stale slice or frame of an earlier start included).

import { describe, expect, it } from "vitest";
import { MAX_BUDGET_MS, MIN_BUDGET_MS, SLICE_MS, trainLoop } from "../src/netexplorer/train-loop.js";

/** A window whose clock advances only when the loop steps (stepMs) or draws (drawMs), with frames run by hand. */
function fakeWindow(stepMs: number, drawMs: number) {
  let now = 0;
  let frames: Array<() => void> = [];
  const win = {
    performance: { now: () => now },
    requestAnimationFrame: (f: () => void) => frames.push(f),
  } as unknown as Window;
  const log: string[] = [];
  let epochs = 0;
  let target = 0;
  const hooks = {
    step: () => {
      now += stepMs;
      epochs++;
      log.push("s");
    },
    finished: () => epochs >= target,
    draw: () => {
      now += drawMs;
      log.push("D");
    },
    done: () => log.push("done"),
  };
  const idle = () => new Promise((r) => setTimeout(r, 5));
  /** Lets the queued slices run, then runs the frames asked for; repeats `rounds` times. */
  const run = async (rounds: number): Promise<void> => {
    for (let i = 0; i < rounds; i++) {
      await idle();
      const f = frames;
      frames = [];
      f.forEach((g) => g());
    }
    await idle();
  };
  return { win, hooks, log, run, setTarget: (t: number) => (target = t), epochs: () => epochs };
}

describe("trainLoop", () => {
  it("trains between frames, draws once per frame and ends with done after the last epoch", async () => {
    const w = fakeWindow(1, 5);
    w.setTarget(100);
    const loop = trainLoop(w.win, w.hooks);
    loop.start();
    await w.run(40);
    expect(w.epochs()).toBe(100);
    expect(w.log[w.log.length - 1]).toBe("done");
    expect(w.log.filter((l) => l === "done").length).toBe(1);
    expect(loop.running).toBe(false);
    // The first gap trains the minimum budget (12 one-ms epochs), every later one too, since a 5 ms frame is under it.
    const gaps = w.log.join("").split("D").slice(0, -1).map((g) => g.length);
    expect(gaps[0]).toBe(MIN_BUDGET_MS);
    expect(gaps.slice(1, 5)).toEqual([MIN_BUDGET_MS, MIN_BUDGET_MS, MIN_BUDGET_MS, MIN_BUDGET_MS]);
  });

  it("gives training as long as the last frame's drawing, up to the maximum", async () => {
    for (const [drawMs, want] of [[20, 20], [80, MAX_BUDGET_MS]] as const) {
      const w = fakeWindow(1, drawMs);
      w.setTarget(200);
      trainLoop(w.win, w.hooks).start();
      await w.run(4);
      const gaps = w.log.join("").split("D").map((g) => g.length);
      expect(gaps[1]).toBe(want);
    }
  });

  it("trains in tasks of at most SLICE_MS (one message each), not the whole budget in one task", async () => {
    const w = fakeWindow(1, 25);
    w.setTarget(500);
    const Real = globalThis.MessageChannel;
    let tasks = 0;
    globalThis.MessageChannel = class extends Real {
      constructor() {
        super();
        const port = this.port1;
        let handler: ((ev: MessageEvent) => void) | null = null;
        Object.defineProperty(port, "onmessage", {
          set: (h: (ev: MessageEvent) => void) => {
            handler = h;
            port.addEventListener("message", (ev) => {
              tasks++;
              w.log.push("|");
              handler?.(ev as MessageEvent);
            });
            port.start();
          },
        });
      }
    } as typeof MessageChannel;
    try {
      trainLoop(w.win, w.hooks).start();
      await w.run(3);
    } finally {
      globalThis.MessageChannel = Real;
    }
    expect(tasks).toBeGreaterThan(3);
    // Between two task marks, at most SLICE_MS one-ms epochs.
    for (const run of w.log.join("").split(/[|D]/)) expect(run.length).toBeLessThanOrEqual(SLICE_MS);
  });

  it("stop() halts it: queued slices and frames of the stopped start do nothing", async () => {
    const w = fakeWindow(1, 5);
    w.setTarget(1000);
    const loop = trainLoop(w.win, w.hooks);
    loop.start();
    await w.run(2);
    loop.stop();
    const at = w.epochs();
    await w.run(5);
    expect(w.epochs()).toBe(at);
    expect(w.log).not.toContain("done");
    // Started again, it goes on from there with one chain of slices (two would train twice as much): a gap, a frame, a gap.
    loop.start();
    await w.run(1);
    expect(w.epochs() - at).toBe(2 * MIN_BUDGET_MS);
  });
});
