// The README's command reference as generated help: each command's --help text, in a
// fenced block between <!-- help:NAME --> and <!-- /help:NAME --> markers.

import { formatHelp, type Command } from "./command.js";

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
  ];
}

/** Command name → the README block (markers included). */
export async function helpBlocks(): Promise<Map<string, string>> {
  const blocks = new Map<string, string>();
  for (const cmd of await allCommands()) {
    blocks.set(cmd.name, `<!-- help:${cmd.name} -->\n\`\`\`text\n$ loss-landscape ${cmd.name} --help\n${formatHelp(cmd, false)}\`\`\`\n<!-- /help:${cmd.name} -->`);
  }
  return blocks;
}

/** The README with every marked block replaced by the current help. */
export function replaceHelpBlocks(readme: string, blocks: Map<string, string>): string {
  let text = readme;
  for (const [name, block] of blocks) {
    const re = new RegExp(`<!-- help:${name} -->[\\s\\S]*?<!-- /help:${name} -->`);
    text = text.replace(re, () => block);
  }
  return text;
}
