// The small template language of src/fast/wat/: every block written more than once in the
// kernel (the exp block, the two vectors A and B of a loop, the MSE/BCE sum kernels) has
// one definition, and this expands it. V8 does not inline wasm calls, so the repetition
// has to exist in the binary; it need not exist in the source.
//
// Directives are whole-line comments (their indentation is kept):
//   ;; @use NAME k=v …     the part src/fast/wat/parts/NAME.wat with {{k}} replaced by v
//   ;; @if COND / @else / @end   COND is `k`, `!k` (v other than "" or "0") or `k=v`
//   ;; @ab … @end          the block twice: % → A, then % → B
//   ;; @exp_neg S          the exp block (parts/exp-neg.wat): $e<S> = exp($ex<S>), $ex<S> ≤ 0
//   ;; @locals exp_neg S…  declarations of the exp block's temporaries for each suffix S
// Outside these, a line containing % is written twice (A, then B): the two vectors'
// statements interleave as in hand-written code. In the B copy, <N> becomes N + 112 (the
// second vector's half of the sums scratch), in the A copy N.

import { readFileSync } from "node:fs";

const DIRECTIVE = /^(\s*);; @(\w+)\s*(.*)$/;
/** Byte offset of vector B's sums in the scratch (7 sums × 16 bytes). */
const B_OFFSET = 112;

/** Substitutes the vector suffix s (A or B) for % and the scratch offsets <N>. */
function vector(line, s) {
  return line.replaceAll("%", s).replace(/<(\d+)>/g, (_, n) => String(Number(n) + (s === "B" ? B_OFFSET : 0)));
}

function holds(cond, vars) {
  const m = /^(!?)(\w+)(?:=(\S+))?$/.exec(cond.trim());
  if (!m) throw new Error(`wat-expand: bad condition "${cond}"`);
  const [, not, key, value] = m;
  if (!(key in vars)) throw new Error(`wat-expand: condition on unknown variable "${key}"`);
  const v = vars[key];
  const yes = value === undefined ? v !== "" && v !== "0" : v === value;
  return not ? !yes : yes;
}

/** Index of the @else and the matching @end of the block opened before `start`. */
function blockEnd(lines, start) {
  let depth = 0;
  let elseAt = -1;
  for (let i = start; i < lines.length; i++) {
    const d = DIRECTIVE.exec(lines[i]);
    if (!d) continue;
    if (d[2] === "if" || d[2] === "ab") depth++;
    else if (d[2] === "else" && depth === 0) elseAt = i;
    else if (d[2] === "end") {
      if (depth === 0) return { elseAt, endAt: i };
      depth--;
    }
  }
  throw new Error(`wat-expand: a block has no @end (after line: ${lines[start - 1]})`);
}

/** Expands the template language in `text`; parts are read from `partsDir`. */
export function expandWat(text, partsDir, vars = {}) {
  const part = (name) => readFileSync(`${partsDir}${name}.wat`, "utf8").replace(/\n$/, "");
  const expLines = () => part("exp-neg").split("\n");
  const expTemps = () => [...new Set(part("exp-neg").match(/\$ex_\w+%/g))];

  const run = (lines, vars) => {
    const out = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].replace(/\{\{(\w+)\}\}/g, (_, k) => {
        if (!(k in vars)) throw new Error(`wat-expand: unknown variable {{${k}}}`);
        return vars[k];
      });
      const d = DIRECTIVE.exec(line);
      if (!d) {
        if (line.includes("%")) out.push(vector(line, "A"), vector(line, "B"));
        else out.push(line);
        continue;
      }
      const [, indent, name, arg] = d;
      if (name === "if" || name === "ab") {
        const { elseAt, endAt } = blockEnd(lines, i + 1);
        const body = lines.slice(i + 1, elseAt < 0 ? endAt : elseAt);
        if (name === "ab") {
          for (const s of ["A", "B"]) out.push(...run(body.map((l) => vector(l, s)), vars));
        } else if (holds(arg, vars)) out.push(...run(body, vars));
        else if (elseAt >= 0) out.push(...run(lines.slice(elseAt + 1, endAt), vars));
        i = endAt;
      } else if (name === "use") {
        const [partName, ...pairs] = arg.trim().split(/\s+/);
        const partVars = Object.fromEntries(pairs.map((p) => p.split("=")));
        out.push(...run(part(partName).split("\n"), partVars).map((l) => (l ? indent + l : l)));
      } else if (name === "exp_neg") {
        const s = arg.trim();
        out.push(...expLines().map((l) => (l ? indent + l.replaceAll("%", s) : l)));
      } else if (name === "locals") {
        const [what, ...given] = arg.trim().split(/\s+/);
        if (what !== "exp_neg") throw new Error(`wat-expand: unknown @locals "${what}"`);
        const suffixes = given.length > 0 ? given : [""];
        out.push(indent + suffixes.flatMap((s) => expTemps().map((t) => `(local ${t.replace("%", s)} v128)`)).join(" "));
      } else throw new Error(`wat-expand: unknown directive @${name} (line: ${line.trim()})`);
    }
    return out;
  };
  return run(text.split("\n"), vars).join("\n");
}
