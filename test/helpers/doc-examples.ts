// The shell examples of README.md, CONTRIBUTING.md and docs/*.md, as the docs tests run
// them. Each ```sh block runs as one bash script in a fresh temp dir, with every spelling
// of the CLI (`loss-landscape`, `npx loss-landscape`, `npm run [-s] cli --`, `npm run
// landscape [--]`, `node dist/cli/main.js`) mapped to the built dist/cli/main.js.
//
// An HTML comment on the line right before the fence changes how a block is run
// (several comments may stand there, one per line):
//   <!-- test: skip REASON -->            not run; the reason is required
//   <!-- test: setup COMMAND -->          a shell command run first in the same dir
//                                         (e.g. to make the model file the example reads)
//   <!-- test: set --flag=V ... -->       in every CLI call of the block that has --flag,
//                                         its value becomes V (to shrink sizes)
//   <!-- test: add --flag[=V] ... -->     appended to every CLI call of the block that
//                                         lacks it
//   (a set or add item written CMD:--flag=V applies to the calls of that command only)
// After the block, each file it names with --out, --svg, --save-params,
// --save-trajectory or a `>` redirection must exist (a directory for `landscape --out`).

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface DocExample {
  /** e.g. "docs/slices.md:17" (the fence's line). */
  where: string;
  script: string;
  skip?: string;
  setup: string[];
  set: string[];
  add: string[];
}

/** The pages whose shell examples are tested, relative to the package root. */
export function docPages(root: string): string[] {
  const docs = readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`);
  return ["README.md", "CONTRIBUTING.md", ...docs];
}

/** Every ```sh (or bash, shell) block of a page, with its test comments. */
export function examplesOf(page: string, text: string): DocExample[] {
  const lines = text.split("\n");
  const out: DocExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(sh|bash|shell)\s*$/.test(lines[i])) {
      if (/^```/.test(lines[i])) i = closing(lines, i);
      continue;
    }
    const end = closing(lines, i);
    const ex: DocExample = { where: `${page}:${i + 1}`, script: lines.slice(i + 1, end).join("\n"), setup: [], set: [], add: [] };
    for (let k = i - 1; k >= 0; k--) {
      const m = /^<!-- test: (skip|setup|set|add)\b\s*(.*?)\s*-->$/.exec(lines[k]);
      if (!m) break;
      const [, what, arg] = m;
      if (what === "skip") ex.skip = arg;
      else if (what === "setup") ex.setup.unshift(arg);
      else ex[what as "set" | "add"].push(...arg.split(/\s+/).filter(Boolean));
    }
    out.push(ex);
    i = end;
  }
  return out;
}

function closing(lines: string[], open: number): number {
  for (let j = open + 1; j < lines.length; j++) if (/^```\s*$/.test(lines[j])) return j;
  return lines.length;
}

/** The block with every spelling of the CLI turned into the plain command `loss-landscape`. */
export function mapCli(script: string): string {
  return script
    .replace(/\bnpx loss-landscape\b/g, "loss-landscape")
    .replace(/\bnpm run (?:-s )?cli --(?= |$)/gm, "loss-landscape")
    .replace(/\bnpm run (?:-s )?landscape(?: --)?(?= |$)/gm, "loss-landscape landscape")
    .replace(/\bnode dist\/cli\/main\.js\b/g, "loss-landscape");
}

/** Commands other than the CLI that a block may run (the rest must be skipped with a reason). */
const ALLOWED = new Set(["loss-landscape", "for", "do", "done", "echo", "cat", "head", "tail", "ls", "cd", "mkdir", "rm", "wc", "grep"]);

/** The first word of each command of the block that is neither the CLI nor a plain shell tool. */
export function foreignCommands(script: string): string[] {
  const words: string[] = [];
  const text = script.replace(/\\\n/g, " ").replace(/#[^\n]*/g, "");
  for (const part of text.split(/\n|&&|\|\|?|;/)) {
    const w = part.trim().split(/\s+/)[0];
    if (w && !ALLOWED.has(w) && !/^[A-Za-z_]+=/.test(w)) words.push(w);
  }
  return words;
}

/** Files the block says it writes: --out, --svg, --save-params, --save-trajectory, `> FILE`. */
export function claimedOutputs(script: string): string[] {
  const text = script.replace(/\\\n/g, " ").replace(/#[^\n]*/g, "");
  const files = new Set<string>();
  for (const m of text.matchAll(/(?:--(?:out|svg|save-params|save-trajectory)[ =]|(?<![0-9&])> ?)([^\s|;&]+)/g)) {
    if (!m[1].includes("$")) files.add(m[1]);
  }
  return [...files];
}

export function readExamples(root: string): DocExample[] {
  return docPages(root).flatMap((p) => examplesOf(p, readFileSync(join(root, p), "utf8")));
}
