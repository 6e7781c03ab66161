// The commands that run on a model file: with --model on the command line, main.ts runs these
// instead of the network/one-neuron versions (each with its own options and help).

import type { Command } from "../command.js";

export const MODEL_VARIANTS: Record<string, () => Promise<Command>> = {
  probe: async () => (await import("./probe.js")).modelProbeCommand,
  hessian: async () => (await import("./hessian.js")).modelHessianCommand,
  slice: async () => (await import("./slice.js")).modelSliceCommand,
  train: async () => (await import("./train.js")).modelTrainCommand,
  gradcheck: async () => (await import("./gradcheck.js")).modelGradcheckCommand,
  layers: async () => (await import("./layers.js")).modelLayersCommand,
  sharpness: async () => (await import("./sharpness.js")).modelSharpnessCommand,
  connect: async () => (await import("./connect.js")).modelConnectCommand,
};

/** Whether the arguments name a model file (--model FILE or --model=FILE). */
export const hasModelFlag = (args: readonly string[]): boolean => args.some((a) => a === "--model" || a.startsWith("--model="));

/** The line plain --help ends with for a command that also runs on a model file. */
export const modelHelpNote = (name: string): string =>
  Object.hasOwn(MODEL_VARIANTS, name) ? `\nWith a model file: 'loss-landscape ${name} --model FILE.onnx --help'.\n` : "";
