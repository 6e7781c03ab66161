// The learning-rate schedules against torch 1.13's schedulers, bit for bit: torch steps them
// recursively (lr·γ; the ratio of successive cosines), which differs from the closed form in
// the last bits (lr-schedules.json, made by scripts/make-lr-schedule-fixture.py).

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lrAt, lrScheduler, parseSchedule, type LrSchedule } from "../../src/model/optimizers.js";

const ref = JSON.parse(readFileSync(new URL("../fixtures/torch/lr-schedules.json", import.meta.url), "utf8")) as {
  cases: { schedule: string; lr: number; lrs: number[] }[];
};

describe.each(ref.cases)("$schedule from lr $lr", ({ schedule, lr, lrs }) => {
  const s = parseSchedule(schedule) as LrSchedule;
  it("the stepper gives torch's learning rate in every epoch, exactly", () => {
    const next = lrScheduler(s, lr);
    expect(lrs.map(() => next())).toEqual(lrs);
  });
  it("lrAt agrees with the stepper", () => {
    for (const e of [0, 1, 5, lrs.length - 1]) expect(lrAt(s, lr, e)).toBe(lrs[e]);
  });
});

it("the fixture tells the recursive form from the closed form (so the test above can fail)", () => {
  const c = ref.cases.find((k) => k.schedule.startsWith("cosine:13"))!;
  const closed = c.lrs.map((_, e) => (c.lr * (1 + Math.cos((Math.PI * e) / 13))) / 2);
  expect(closed).not.toEqual(c.lrs);
});
