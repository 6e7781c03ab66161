// Preloaded into a CLI run (node --import) by the large-model test: counts the bytes read from
// one file (COUNT_READS_FILE) through node:fs, sync, callback and promise forms, and the protobuf
// readers opened on buffers of over 1 MiB (each decode of the model opens one), and prints
// "count-reads {bytes, decodes}" on stderr at exit.

import fs from "node:fs";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { resolve } from "node:path";

const target = resolve(process.env.COUNT_READS_FILE ?? "");
let bytes = 0;
let decodes = 0;
const fds = new Set();
const isTarget = (p) => (typeof p === "string" || p instanceof URL || Buffer.isBuffer(p)) && resolve(String(p instanceof URL ? p.pathname : p)) === target;
const sizeOf = (r) => (typeof r === "string" ? Buffer.byteLength(r) : (r?.byteLength ?? 0));

const { openSync, open, readSync, read, readFileSync, readFile, closeSync } = fs;
fs.openSync = (p, ...a) => {
  const fd = openSync(p, ...a);
  if (isTarget(p)) fds.add(fd);
  return fd;
};
fs.open = (p, ...a) => {
  const cb = a.pop();
  open(p, ...a, (err, fd) => {
    if (!err && isTarget(p)) fds.add(fd);
    cb(err, fd);
  });
};
fs.closeSync = (fd) => (fds.delete(fd), closeSync(fd));
fs.readSync = (fd, ...a) => {
  const n = readSync(fd, ...a);
  if (fds.has(fd)) bytes += n;
  return n;
};
fs.read = (fd, ...a) => {
  const cb = a.pop();
  read(fd, ...a, (err, n, buf) => {
    if (!err && fds.has(fd)) bytes += n;
    cb(err, n, buf);
  });
};
fs.readFileSync = (p, ...a) => {
  const r = readFileSync(p, ...a);
  if (isTarget(p) || fds.has(p)) bytes += sizeOf(r);
  return r;
};
fs.readFile = (p, ...a) => {
  const cb = a.pop();
  readFile(p, ...a, (err, r) => {
    if (!err && isTarget(p)) bytes += sizeOf(r);
    cb(err, r);
  });
};
const pReadFile = fs.promises.readFile;
fs.promises.readFile = async (p, ...a) => {
  const r = await pReadFile(p, ...a);
  if (isTarget(p)) bytes += sizeOf(r);
  return r;
};
const pOpen = fs.promises.open;
fs.promises.open = async (p, ...a) => {
  const h = await pOpen(p, ...a);
  if (isTarget(p)) {
    const hr = h.read.bind(h), hf = h.readFile.bind(h);
    h.read = async (...b) => {
      const r = await hr(...b);
      bytes += r.bytesRead;
      return r;
    };
    h.readFile = async (...b) => {
      const r = await hf(...b);
      bytes += sizeOf(r);
      return r;
    };
  }
  return h;
};
syncBuiltinESMExports();

// the protobuf library the loader decodes with (the package's own entry, as dist/ imports it)
const protobuf = createRequire(resolve(process.env.COUNT_READS_ROOT ?? ".", "package.json"))("protobufjs");
const create = protobuf.Reader.create;
protobuf.Reader.create = (buf) => {
  if (buf && buf.length > 1 << 20) decodes++;
  return create(buf);
};

process.on("exit", () => process.stderr.write(`count-reads ${JSON.stringify({ bytes, decodes })}\n`));
