// The option table: generated help, defaults that parse back to what the commands use,
// did-you-mean, repeated flags, quoting of echoed input and --version.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatHelp, type Command } from "../src/cli/command.js";
import { modelHelpNote } from "../src/cli/model/variants.js";
import { basinsCommand } from "../src/cli/commands/basins.js";
import { gradcheckCommand } from "../src/cli/commands/gradcheck.js";
import { gridCommand } from "../src/cli/commands/grid.js";
import { initStudyCommand } from "../src/cli/commands/init-study.js";
import { landscapeCommand } from "../src/cli/commands/landscape.js";
import { probeCommand } from "../src/cli/commands/probe.js";
import { trainCommand } from "../src/cli/commands/train.js";
import { UsageError } from "../src/cli/errors.js";
import { parseOptions } from "../src/cli/parse.js";
import { MAX_ECHO, quote } from "../src/cli/quote.js";
import { describeDistribution } from "../src/formats/study.js";
import { editDistance, nearest } from "../src/cli/suggest.js";
import { trainConfigValue } from "../src/cli/training-options.js";
import { DEFAULT_TRAIN_CONFIG } from "../src/train/train.js";
import { runCli } from "./run-cli.js";

const COMMANDS: Command[] = [trainCommand, probeCommand, gridCommand, gradcheckCommand, landscapeCommand, basinsCommand, initStudyCommand];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("--help of every command", () => {
  for (const cmd of COMMANDS) {
    it(`${cmd.name}: usage lists every option; help shows each default and limit`, () => {
      const r = runCli([cmd.name, "--help"]);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout).toBe(formatHelp(cmd) + modelHelpNote(cmd.name));
      const cut = r.stdout.indexOf("\n\n");
      const usage = r.stdout.slice(0, cut);
      const rest = r.stdout.slice(cut);
      expect(usage).toMatch(new RegExp(`^Usage: loss-landscape ${cmd.name} \\[`));
      const flat = (s: string): string => s.replace(/\s+/g, " ");
      for (const o of cmd.options) {
        const synopsis = `--${o.name}${o.arg === undefined ? "" : o.attached ? `=${o.arg}` : ` ${o.arg}`}`;
        expect(flat(usage)).toContain(`[${synopsis}`);
        expect(rest).toMatch(new RegExp(`^  ${escape(synopsis)}`, "m"));
        if (o.defaultText !== undefined) expect(flat(r.stdout)).toContain(`(default: ${o.defaultText})`);
        if (o.limits !== undefined) expect(flat(r.stdout)).toContain(o.limits);
      }
      expect(r.stdout).toMatch(/^ {2}-h, --help/m);
      // -h is --help, anywhere on the line.
      expect(runCli([cmd.name, "--lr", "1", "-h"]).stdout).toBe(r.stdout);
    });
  }

  it("shows the real limits: train's epochs up to 1000000, landscape's up to 100000", () => {
    expect(formatHelp(trainCommand).replace(/\s+/g, " ")).toContain("--epochs N epochs; whole number from 1 to 1000000 (default: 50)");
    expect(formatHelp(landscapeCommand).replace(/\s+/g, " ")).toContain("--epochs N epochs; whole number from 1 to 100000 (default: 50)");
  });

  it("the data option is in every usage line but probe's --at shows as optional", () => {
    for (const cmd of COMMANDS) expect(formatHelp(cmd)).toContain("[--data FILE]");
    expect(formatHelp(probeCommand)).toContain("[--at=W,B]");
  });
});

describe("defaults", () => {
  for (const cmd of COMMANDS) {
    it(`${cmd.name}: each default shown in help parses back to the default applied`, () => {
      for (const o of cmd.options) {
        if (o.defaultText === undefined || o.defaultValue === undefined || o.kind === "flag") continue;
        const raw = o.kind === "list" ? o.defaultText.split(" ") : o.defaultText;
        expect(o.read(raw), `--${o.name}`).toEqual(o.defaultValue);
      }
    });
  }

  it("no flags give the library's default training config", () => {
    const v = parseOptions([], trainCommand.options);
    expect(trainConfigValue(v, "mse")).toEqual(DEFAULT_TRAIN_CONFIG);
  });

  it("every suggested value after a bad one is itself accepted", () => {
    for (const cmd of COMMANDS) {
      for (const o of cmd.options) {
        if (o.kind === "flag" || o.example === undefined) continue;
        let msg: string | undefined;
        try {
          o.read(o.kind === "list" ? ["1e999x"] : "1e999x");
        } catch (err) {
          msg = (err as Error).message;
        }
        // Free text (a path) has nothing to reject.
        if (msg === undefined) continue;
        const m = /e\.g\. --[\w-]+[ =](.+)$/.exec(msg);
        expect(m, `${cmd.name} --${o.name}: ${msg}`).not.toBeNull();
        const value = (m as RegExpExecArray)[1];
        expect(() => o.read(o.kind === "list" ? [value] : value)).not.toThrow();
      }
    }
  });
});

describe("bad flags", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["did you mean, option", ["train", "--los", "bce"], /^loss-landscape train: unknown option --los; did you mean --loss\?\n$/],
    ["did you mean, plural", ["train", "--epoch", "3"], /unknown option --epoch; did you mean --epochs\?/],
    ["did you mean, single dash", ["grid", "-format", "csv"], /unknown option -format; did you mean --format\?/],
    ["did you mean, choice", ["train", "--optimizer", "adm"], /--optimizer must be one of sgd, momentum, adam \(got "adm"\); did you mean adam\?/],
    ["did you mean, command", ["gradchek"], /unknown command "gradchek"; did you mean gradcheck\?/],
    ["repeated value flag", ["train", "--lr", "1", "--lr=2"], /^loss-landscape train: --lr given twice \("1", then "2"\); give it once\n$/],
    ["repeated boolean flag", ["probe", "--json", "--json"], /--json given twice; give it once/],
    ["momentum without its optimizer", ["train", "--momentum", "0.5"], /--momentum applies only with --optimizer momentum \(got --optimizer sgd\)/],
    ["negative epsilon suggests a valid one", ["basins", "--epsilon", "-1"], /--epsilon must be a finite number > 0 \(got "-1"\), e\.g\. --epsilon 0\.0003/],
    ["missing value", ["grid", "--w"], /--w needs a value \(MIN:MAX:N: MIN < MAX, N ≥ 2\), e\.g\. --w=-10:20:121/],
    ["stray argument", ["probe", "extra"], /unexpected argument "extra"/],
    ["flag with a value", ["probe", "--json=yes"], /--json does not take a value/],
  ];
  for (const [name, args, re] of cases) {
    it(`${name}: exit 2, one line`, () => {
      const r = runCli(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(re);
      expect(r.stderr.split("\n")).toHaveLength(2);
    });
  }

  it("accepts --momentum with --optimizer momentum, and negative numbers without =", () => {
    expect(runCli(["train", "--optimizer", "momentum", "--momentum", "0.5", "--epochs", "1"]).status).toBe(0);
    expect(runCli(["probe", "--at", "-5,-10", "--json"]).stdout).toBe(runCli(["probe", "--at=-5,-10", "--json"]).stdout);
  });

  it("a repeatable flag may repeat", () => {
    const v = parseOptions(["--at=1,2", "--at", "-3,4"], gradcheckCommand.options);
    const at = gradcheckCommand.options.find((o) => o.name === "at");
    expect(v.get(at as NonNullable<typeof at>)).toEqual([[1, 2], [-3, 4]]);
  });

  it("--config keys go through the same parsers, with did-you-mean", () => {
    const read = (text: string) => () => text;
    const lr = (text: string): unknown => {
      const v = parseOptions(["--config", "c.json"], trainCommand.options, read(text));
      return trainConfigValue(v, "mse").optimizerOptions.lr;
    };
    expect(lr('{"lr": 0.25}')).toBe(0.25);
    expect(() => lr('{"lr": -1}')).toThrow(/^--lr must be a finite number > 0 \(got "-1"\), e\.g\. --lr 2$/);
    expect(() => lr('{"lrr": 1}')).toThrow(/unknown key "lrr" in "c\.json"; did you mean "lr"\?/);
    expect(() => parseOptions(["--config", "c.json", "--momentum", "0.5"], trainCommand.options, read("{}"))).not.toThrow();
  });
});

describe("echoed input", () => {
  it("is JSON-escaped and cut to MAX_ECHO characters", () => {
    expect(quote('a\nb\u001b[31m"\u2028')).toBe('"a\\nb\\u001b[31m\\"\\u2028"');
    const long = "x".repeat(1000);
    expect(quote(long)).toBe(`"${"x".repeat(MAX_ECHO)}…"`);
    // A surrogate pair is never cut in half.
    expect(quote("😀".repeat(100))).toBe(`"${"😀".repeat(MAX_ECHO)}…"`);
  });

  it("a newline, an escape sequence and a huge value stay one short line", () => {
    for (const args of [
      ["train", "--lr", "1\n2\u001b[2J"],
      ["train", "--init", "y".repeat(100_000)],
      ["grid", `--w${"\n".repeat(3)}=1`],
      ["probe", "\u001b]0;title\u0007"],
    ]) {
      const r = runCli(args);
      expect(r.status).toBe(2);
      expect(r.stderr.split("\n")).toHaveLength(2);
      expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      expect(r.stderr.length).toBeLessThan(400);
    }
  });

  it("names the bad value quoted in --config errors too", () => {
    expect(() => parseOptions(["--config", "x\ny"], trainCommand.options, () => "nope")).toThrow(/"x\\ny" is not valid JSON/);
  });

  it("throws UsageError, never a parse library's error", () => {
    expect(() => parseOptions(["--nope"], probeCommand.options)).toThrow(UsageError);
  });
});

describe("suggestions", () => {
  it("edit distance counts a swap as one edit", () => {
    expect(editDistance("loss", "loss")).toBe(0);
    expect(editDistance("los", "loss")).toBe(1);
    expect(editDistance("lsos", "loss")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
  it("suggests only near words", () => {
    expect(nearest("los", ["loss", "lr"])).toBe("loss");
    expect(nearest("study", ["study-samples", "seed"])).toBe("study-samples");
    expect(nearest("bogus", ["loss", "lr", "data"])).toBeUndefined();
  });
});

describe("init-study σ labels", () => {
  it("formats small σ with enough digits, keeping the table's four decimals", () => {
    expect(describeDistribution({ kind: "normal", std: 0.00001 })).toBe("N(0, 0.00001²)");
    expect(describeDistribution({ kind: "normal", std: 1.23456e-7 })).toBe("N(0, 1.2346e-7²)");
    expect(describeDistribution({ kind: "normal", std: Math.SQRT2 })).toBe("N(0, 1.4142²)");
    expect(describeDistribution({ kind: "uniform", bound: Math.sqrt(3) })).toBe("U(−1.7321, 1.7321)");
    expect(describeDistribution({ kind: "normal", std: 30 })).toBe("N(0, 30²)");
  });
  it("the command's table row for --sigmas 0.00001", () => {
    const r = runCli(["init-study", "--samples", "4", "--sigmas", "0.00001", "--epochs", "1"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("| normal σ=0.00001 | N(0, 0.00001²) |");
  });
});

describe("--version", () => {
  it("prints package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    const r = runCli(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });
});
