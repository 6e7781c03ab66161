// The command reference (docs/commands.md) as generated help: each command's --help text,
// in a fenced block between <!-- help:NAME --> and <!-- /help:NAME --> markers, so the
// reference cannot drift from the option tables. scripts/readme-help.mjs writes it;
// test/readme-help.test.ts checks it.

import { formatHelp, type Command } from "./command.js";

/** The page the blocks live in, relative to the package root. */
export const COMMAND_REFERENCE = "docs/commands.md";

export async function allCommands(): Promise<Command[]> {
  return [
    (await import("./commands/train.js")).trainCommand,
    (await import("./commands/probe.js")).probeCommand,
    (await import("./commands/grid.js")).gridCommand,
    (await import("./commands/gradcheck.js")).gradcheckCommand,
    (await import("./commands/landscape.js")).landscapeCommand,
    (await import("./commands/basins.js")).basinsCommand,
    (await import("./commands/init-study.js")).initStudyCommand,
    (await import("./commands/init.js")).initCommand,
    (await import("./commands/layers.js")).layersCommand,
    (await import("./commands/slice.js")).sliceCommand,
    (await import("./commands/hessian.js")).hessianCommand,
    (await import("./commands/sharpness.js")).sharpnessCommand,
    (await import("./commands/connect.js")).connectCommand,
    (await import("./commands/params.js")).paramsCommand,
    (await import("./commands/merge.js")).mergeCommand,
  ];
}

/** The `--model FILE.onnx` versions of commands, each with its own options. */
export async function modelCommands(): Promise<Command[]> {
  const { MODEL_VARIANTS } = await import("./model/variants.js");
  return Promise.all(Object.values(MODEL_VARIANTS).map((load) => load()));
}

/** Command name (`probe`, or `probe --model` for a model version) → its block in the reference (markers included). */
export async function helpBlocks(): Promise<Map<string, string>> {
  const blocks = new Map<string, string>();
  const add = (key: string, call: string, cmd: Command): void => {
    blocks.set(key, `<!-- help:${key} -->\n\`\`\`text\n$ loss-landscape ${call} --help\n${formatHelp(cmd, false)}\`\`\`\n<!-- /help:${key} -->`);
  };
  for (const cmd of await allCommands()) add(cmd.name, cmd.name, cmd);
  for (const cmd of await modelCommands()) add(`${cmd.name} --model`, `${cmd.name} --model FILE.onnx`, cmd);
  return blocks;
}

/**
 * The page with every marked block replaced by the current help; a command without a
 * block yet gets a new `## \`NAME\`` section at the end, so a new command needs no
 * hand edit to appear.
 */
export function replaceHelpBlocks(page: string, blocks: Map<string, string>): string {
  let text = page;
  for (const [name, block] of blocks) {
    const re = new RegExp(`<!-- help:${name} -->[\\s\\S]*?<!-- /help:${name} -->`);
    text = re.test(text) ? text.replace(re, () => block) : `${text.replace(/\n*$/, "\n")}\n## \`${name}\`\n\n${block}\n`;
  }
  return text;
}
