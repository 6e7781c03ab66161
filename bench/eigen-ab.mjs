#!/usr/bin/env node
// The dense symmetric eigensolver next to NumPy's eigvalsh (LAPACK dsyevd, one OpenBLAS
// thread), alternating in one run so both see the same load, in wall and CPU time:
//
//   node bench/eigen-ab.mjs [--n=2000] [--rounds=3]
//
// Each round runs NumPy (bench/numpy_eigh.py, /usr/bin/python3), then ours
// (symmetricEigenvalues), then our two reductions alone on the same matrix: the blocked
// one (src/fast/eigen-blocked.ts) and the unblocked one it replaces from n = 1024
// (src/fast/eigen-fast.ts). The matrix is bench/torch.mjs's: uniform in [−0.5, 0.5),
// seed 7. Prints one line per round and the medians; needs `npm run build` first.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { tridiagonalizeBlocked } from "../dist/fast/eigen-blocked.js";
import { tridiagonalizeFast } from "../dist/fast/eigen-fast.js";
import { seededRandom } from "../dist/init/random.js";
import { symmetricEigenvalues } from "../dist/nn/symmetric-eigen.js";

const arg = (name, dflt) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt);
const n = arg("n", 2000), rounds = arg("rounds", 3);
const rng = seededRandom(7), a = new Float64Array(n * n);
for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng() - 0.5;
const dir = mkdtempSync(join(tmpdir(), "eigen-ab-"));
writeFileSync(join(dir, "a.bin"), new Uint8Array(a.buffer));

/** Wall and CPU seconds of f() (CPU: this process, user + system). */
function timed(f) {
  const c0 = process.cpuUsage(), t0 = performance.now();
  const value = f();
  const dc = process.cpuUsage(c0);
  return { wall: (performance.now() - t0) / 1000, cpu: (dc.user + dc.system) / 1e6, value };
}
function numpy() {
  const script = fileURLToPath(new URL("numpy_eigh.py", import.meta.url));
  const env = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" };
  const r = spawnSync("/usr/bin/python3", [script, join(dir, "a.bin"), String(n)], { encoding: "utf8", env, maxBuffer: 1 << 28 });
  if (r.status !== 0) return null;
  const out = JSON.parse(r.stdout);
  return { wall: out.seconds, cpu: out.cpuSeconds, value: Float64Array.from(out.eigenvalues) };
}
const reduce = (f) => () => f(a, n, new Float64Array(n), new Float64Array(n));
const rows = { numpy: [], ours: [], blocked: [], unblocked: [] };
const f3 = (t) => t.toFixed(3);
try {
  for (let r = 0; r < rounds; r++) {
    const np = numpy();
    const ours = timed(() => symmetricEigenvalues(a, n));
    const blocked = timed(reduce(tridiagonalizeBlocked));
    const unblocked = timed(reduce(tridiagonalizeFast));
    if (np) rows.numpy.push(np);
    rows.ours.push(ours), rows.blocked.push(blocked), rows.unblocked.push(unblocked);
    const diff = np ? Math.max(...ours.value.map((t, i) => Math.abs(t - np.value[i]))) : NaN;
    console.log(
      `round ${r + 1}: NumPy ${np ? `${f3(np.cpu)} s CPU (${f3(np.wall)} wall)` : "skipped (no /usr/bin/python3 with numpy)"}` +
        ` | ours ${f3(ours.cpu)} s CPU (${f3(ours.wall)} wall)${np ? `, ${(ours.cpu / np.cpu).toFixed(2)}× in CPU, max |Δλ| ${diff.toExponential(1)}` : ""}` +
        ` | reduction alone: blocked ${f3(blocked.cpu)}, unblocked ${f3(unblocked.cpu)} s CPU`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const med = (k, f) => (rows[k].length ? median(rows[k].map((t) => t[f])) : NaN);
console.log(
  `medians, n = ${n}: NumPy ${f3(med("numpy", "cpu"))} s CPU, ours ${f3(med("ours", "cpu"))} s CPU (${(med("ours", "cpu") / med("numpy", "cpu")).toFixed(2)}×); ` +
    `reductions ${f3(med("blocked", "cpu"))} (blocked) and ${f3(med("unblocked", "cpu"))} (unblocked) s CPU`,
);
