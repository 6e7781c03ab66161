// x^n for a whole n ≥ 0, correctly rounded, the same in every JavaScript engine.
//
// Why not x ** n: ECMAScript leaves Math.pow's last bit to the engine. Node 20's V8 returns
// 0.9 ** 4 = 0.6561000000000001 while current Chromium (and glibc's pow, which PyTorch's
// Adam uses through Python's float power) return the correctly rounded 0.6561. Adam's bias
// corrections 1 − β1ᵗ and 1 − β2ᵗ feed every step, so a network trained with Adam in the page
// and in the CLI would drift apart. Here the power is formed by binary exponentiation in
// double-double arithmetic (a value held as hi + lo, ~106 significant bits; Dekker 1971,
// products exact through Veltkamp's split), and hi + lo is rounded once at the end. Each of
// the ≤ 2·log2(n) products adds a relative error of at most ~2⁻¹⁰⁴, so the result is the
// correctly rounded one unless x^n lies within ~2⁻⁹⁸ (relative) of a rounding midpoint.
// Only IEEE 754 float64 operations are used, so every engine gives the same bits.
//
// Exact products need |factors| below ~2⁹⁹⁶ and results above ~2⁻⁹⁶⁹; outside that range
// (where the powers over- or underflow anyway) it falls back to the engine's x ** n.

const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter for 53-bit significands
const BIG = 2 ** 996;
const TINY = 2 ** -969;

/** The rounding error of p = fl(a·b): a·b − p exactly (Dekker's TwoProduct). */
function productError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** x^n for a whole n ≥ 0, correctly rounded (but for results within ~2⁻⁹⁸ of a midpoint). */
export function powInt(x: number, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`powInt: the exponent must be a whole number ≥ 0, got ${n}`);
  if (n === 0) return 1;
  if (!Number.isFinite(x) || x === 0 || n === 1) return x ** n;
  // The result rh + rl and the running square bh + bl, each a normalized double-double.
  let rh = 1;
  let rl = 0;
  let bh = x;
  let bl = 0;
  for (let k = n; ; ) {
    if (k % 2 === 1) {
      const p = rh * bh;
      const lo = productError(rh, bh, p) + (rh * bl + rl * bh);
      rh = p + lo;
      rl = lo - (rh - p);
    }
    k = Math.floor(k / 2);
    if (k === 0) break;
    const p = bh * bh;
    const lo = productError(bh, bh, p) + 2 * (bh * bl);
    bh = p + lo;
    bl = lo - (bh - p);
    const a = Math.abs(bh);
    if (a > BIG || a < TINY || Math.abs(rh) < TINY) return x ** n;
  }
  const a = Math.abs(rh);
  return a > BIG || a < TINY ? x ** n : rh;
}
