#!/usr/bin/env node
// `loss-landscape` as the docs' shell examples run it (test/docs-examples.slow.test.ts puts
// a `loss-landscape` shim calling this on PATH): the built CLI, with the example's
// `<!-- test: set/add -->` flags applied from DOC_TEST_SET and DOC_TEST_ADD (JSON arrays).
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const set = JSON.parse(process.env.DOC_TEST_SET ?? "[]");
const add = JSON.parse(process.env.DOC_TEST_ADD ?? "[]");
const argv = process.argv.slice(2);
// "CMD:--flag=V" applies to that command only, "--flag=V" to every one.
const mine = (items) => items.flatMap((s) => {
  const m = /^([a-z-]+):(--.*)$/.exec(s);
  return m === null ? [s] : m[1] === argv[0] ? [m[2]] : [];
});
for (const s of mine(set)) {
  const k = s.indexOf("=");
  const flag = s.slice(0, k), value = s.slice(k + 1);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === flag && i + 1 < argv.length) argv[i + 1] = value;
    else if (argv[i].startsWith(`${flag}=`)) argv[i] = `${flag}=${value}`;
  }
}
// Only where the command has no such flag yet (a flag given twice is an error).
for (const a of mine(add)) {
  const flag = a.split("=")[0];
  if (!argv.some((x) => x === flag || x.startsWith(`${flag}=`))) argv.push(a);
}
process.argv = [process.argv[0], MAIN, ...argv];
await import(MAIN);
