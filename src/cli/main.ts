#!/usr/bin/env node
// The command-line entry point: the only place that reads process.argv, prints and
// sets the exit code. Commands are imported lazily so `probe` never loads d3 or jsdom.

import { DataError } from "../data/csv.js";
import { formatHelp, type Command, type CommandIO } from "./command.js";
import { mergeConfig } from "./config.js";
import { EXIT_PIPE, OutputError, StdoutClosed, UsageError } from "./errors.js";
import { Interrupted, SIGNAL_STATUS } from "./hold-signals.js";
import { MAX_CONFIG_BYTES, readTextCapped, writeStderr, writeStdout } from "./io.js";
import { parseCommandLine } from "./parse.js";
import { quote, safeLine } from "./quote.js";
import { nearest } from "./suggest.js";
import { packageVersion } from "./version.js";
import { hasModelFlag, MODEL_VARIANTS, modelHelpNote } from "./model/variants.js";

interface Entry {
  summary: string;
  load: () => Promise<Command>;
}

const COMMANDS: Record<string, Entry> = {
  train: { summary: "train from a start and print the run", load: async () => (await import("./commands/train.js")).trainCommand },
  probe: { summary: "loss, gradient, Hessian and accuracy at one point", load: async () => (await import("./commands/probe.js")).probeCommand },
  grid: { summary: "loss and gradient over a (w, b) grid as JSON or CSV", load: async () => (await import("./commands/grid.js")).gridCommand },
  gradcheck: { summary: "analytic derivatives against finite differences", load: async () => (await import("./commands/gradcheck.js")).gradcheckCommand },
  landscape: { summary: "write the SVG figure set, gallery and manifest", load: async () => (await import("./commands/landscape.js")).landscapeCommand },
  basins: { summary: "train from every start of a (w, b) grid: basin maps per loss", load: async () => (await import("./commands/basins.js")).basinsCommand },
  merge: { summary: "put the tiles of a --tile job together: the files of one run", load: async () => (await import("./commands/merge.js")).mergeCommand },
  slice: { summary: "loss of any model over a plane or line through parameter space", load: async () => (await import("./commands/slice.js")).sliceCommand },
  layers: { summary: "per-layer statistics of a network on data, per init scheme", load: async () => (await import("./commands/layers.js")).layersCommand },
  hessian: { summary: "Hessian eigenvalues (Lanczos), trace, density and per-layer curvature at one point", load: async () => (await import("./commands/hessian.js")).hessianCommand },
  sharpness: { summary: "Keskar, adaptive and average-case sharpness with λ_max and trace, runs side by side", load: async () => (await import("./commands/sharpness.js")).sharpnessCommand },
  connect: { summary: "mode connectivity of two solutions: line, aligned line, Bezier or chain curve, barriers", load: async () => (await import("./commands/connect.js")).connectCommand },
  init: { summary: "a network's initial parameters, drawn as train draws them (params JSON)", load: async () => (await import("./commands/init.js")).initCommand },
  params: { summary: "a model file's parameters (name, shape, offset, size) and buffers", load: async () => (await import("./commands/params.js")).paramsCommand },
  "init-study": { summary: "P(reach 95%) per init scheme, with Wilson 95% intervals", load: async () => (await import("./commands/init-study.js")).initStudyCommand },
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length)) + 2;
  return [
    "Usage: loss-landscape <command> [options]",
    "",
    "Exact loss landscapes, in float64: why a model started badly and trained with MSE",
    "stalls, first for the one neuron p = sigmoid(w·x + b), then layer by layer for a",
    "multi-layer perceptron (--hidden) or a PyTorch model exported to ONNX (--model):",
    "training, gradients, curvature, slices and per-layer statistics.",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([k, e]) => `  ${k.padEnd(width)}${e.summary}`),
    "",
    "Run 'loss-landscape <command> --help' for a command's options,",
    "'loss-landscape --version' for the version.",
    "",
  ].join("\n");
}

/** --config's reader: the text of a regular file of at most 1 MiB (never /dev/zero or a FIFO). */
const readConfig = (path: string): string => readTextCapped(path, "--config", MAX_CONFIG_BYTES);

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(mainHelp());
    return 0;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    const near = nearest(name.replace(/^-+/, ""), Object.keys(COMMANDS));
    const hint = near ? `; did you mean ${near}?` : ` (commands: ${Object.keys(COMMANDS).join(", ")})`;
    io.err(`loss-landscape: unknown command ${quote(name)}${hint}\n`);
    return 2;
  }
  // --model FILE.onnx: the command's model version (its own options and help)
  const variant = hasModelFlag(rest) && Object.hasOwn(MODEL_VARIANTS, name) ? MODEL_VARIANTS[name] : undefined;
  const cmd = variant ? await variant() : await entry.load();
  try {
    const line = parseCommandLine(rest, cmd.options, (raw) => mergeConfig(raw, cmd.options, readConfig));
    if (line.help) {
      io.out(formatHelp(cmd) + (variant ? "" : modelHelpNote(name)));
      return 0;
    }
    return await cmd.run(line.values, { ...io, errIsTTY: io.errIsTTY, argv: io.argv ?? rest, env: io.env ?? process.env });
  } catch (err) {
    // The reader of stdout went away (`| head`): stop quietly, as if by SIGPIPE.
    if (err instanceof StdoutClosed) return EXIT_PIPE;
    // A signal held while outputs were written: they are complete; exit as the signal asks.
    if (err instanceof Interrupted) return SIGNAL_STATUS[err.signal] ?? 1;
    // One line whatever the message quotes (a JSON parser's excerpt of a multi-line file,
    // a name read from a file), escaped and bounded.
    const oneLine = safeLine;
    if (err instanceof OutputError) {
      io.err(`loss-landscape ${name}: ${oneLine(err.message)}\n`);
      return 1;
    }
    if (err instanceof UsageError || err instanceof DataError) {
      io.err(`loss-landscape ${name}: ${oneLine(err.message)}\n`);
      return 2;
    }
    const msg = err instanceof Error ? err.message : String(err);
    io.err(`loss-landscape ${name}: internal error: ${oneLine(msg)}\n`);
    if (process.env.LOSS_LANDSCAPE_DEBUG && err instanceof Error) io.err(`${err.stack}\n`);
    return 1;
  }
}

// Synchronous writes: exact exit codes, and EPIPE or a full disk on stdout become
// errors main() handles instead of an unhandled 'error' event.
const io: CommandIO = { out: writeStdout, err: writeStderr, errIsTTY: process.stderr.isTTY === true };

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Only the top-level help can get here (its write is outside a command).
    if (err instanceof OutputError) writeStderr(`loss-landscape: ${err.message}\n`);
    process.exitCode = err instanceof StdoutClosed ? EXIT_PIPE : 1;
  },
);
