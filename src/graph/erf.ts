// erf in float64 without tables. For |x| ≤ 3 the all-positive series
//   erf(x) = (2/√π) e^{−x²} Σₙ 2ⁿ x^{2n+1} / (1·3·…·(2n+1))
// (Abramowitz & Stegun 7.1.6) has no cancellation, so every term adds a few ulps at most;
// above 3, erfc's continued fraction (A&S 7.1.14) converges in a few dozen steps, evaluated
// with the modified Lentz method; from 6 on, erf is ±1 to the last bit.

const TWO_OVER_SQRT_PI = 1.1283791670955126;

function erfcLarge(x: number): number {
  // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 200; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-17) break;
  }
  return (TWO_OVER_SQRT_PI / 2) * Math.exp(-x * x) / f;
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  if (ax > 3) return Math.sign(x) * (1 - erfcLarge(ax));
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= Math.abs(sum) * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}
