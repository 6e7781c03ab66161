// exp, log and log1p computed the same way in every JavaScript engine: the algorithms and
// coefficients of fdlibm (Sun Microsystems, 1993; e_exp.c, e_log.c, s_log1p.c), written
// with float64 arithmetic only, which IEEE 754 fixes to the bit.
//
// Why not Math.exp and friends: ECMAScript leaves their last bit to the engine, and engines
// differ. V8 in Node 20 uses fdlibm's versions; current Chromium's V8 takes log and log1p
// (and, in its newest builds, exp) from LLVM's libc, whose results differ in the last bit for
// some arguments. Training from a bad start is chaotic enough to grow that bit into the
// third digit within tens of epochs, so the network explorer and the CLI agree only if both
// compute these functions here. Being fdlibm's, they return exactly what Node 20's Math.exp,
// Math.log and Math.log1p return (test/fdlibm.test.ts checks millions of arguments), so
// numbers computed with them in Node are the ones Math.* gave before.

// Reads and writes the two 32-bit halves of a float64 (the engine's byte order).
const WORDS = new Float64Array(1);
const HALVES = new Uint32Array(WORDS.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

const fromWords = (hi: number, lo: number): number => {
  HALVES[HI] = hi >>> 0;
  HALVES[LO] = lo >>> 0;
  return WORDS[0];
};

const LN2_HI = 6.93147180369123816490e-1; // 0x3FE62E42 FEE00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3DEA39EF 35793C76
const TWO54 = 1.8014398509481984e16; // 2^54

// exp: x = k·ln2 + r, |r| ≤ ln2/2; exp(r) from a degree-5 minimax fit of r·(e^r + 1)/(e^r − 1).
const INVLN2 = 1.44269504088896338700;
const O_THRESHOLD = 7.09782712893383973096e2;
const U_THRESHOLD = -7.45133219101941108420e2;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const TWO1023 = 8.98846567431157953865e307; // 2^1023
const TWOM1000 = 9.33263618503218878990e-302; // 2^-1000

export function exp(x: number): number {
  WORDS[0] = x;
  let hx = HALVES[HI];
  const sign = hx >>> 31;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78…: NaN, ±∞, overflow or underflow.
    if (hx >= 0x7ff00000) return ((hx & 0xfffff) | HALVES[LO]) !== 0 ? x + x : sign === 0 ? x : 0;
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0;
  }
  let hi = 0, lo = 0, k = 0;
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      // V8 returns e itself at 1 (the reduction below misses its last bit).
      if (x === 1) return Math.E;
      hi = sign === 0 ? x - LN2_HI : x + LN2_HI;
      lo = sign === 0 ? LN2_LO : -LN2_LO;
      k = 1 - sign - sign;
    } else {
      k = Math.trunc(INVLN2 * x + (sign === 0 ? 0.5 : -0.5));
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x; // |x| < 2^-28
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2) - x);
  const y = 1 - (lo - (x * c) / (2 - c) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2 * TWO1023;
    return y * fromWords(0x3ff00000 + k * 0x100000, 0);
  }
  return y * fromWords(0x3ff00000 + (k + 1000) * 0x100000, 0) * TWOM1000;
}

// log: x = 2^k·(1+f), √2/2 < 1+f < √2; log(1+f) = 2s + s·R(s²) with s = f/(2+f).
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;

export function log(x: number): number {
  WORDS[0] = x;
  let hx = HALVES[HI] | 0;
  const lx = HALVES[LO];
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    // Subnormal: scale up.
    k -= 54;
    x *= TWO54;
    WORDS[0] = x;
    hx = HALVES[HI] | 0;
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  WORDS[0] = x;
  HALVES[HI] = hx | (i ^ 0x3ff00000); // x or x/2 into [√2/2, √2)
  x = WORDS[0];
  k += i >> 20;
  const f = x - 1;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2^-20
    if (f === 0) return k === 0 ? 0 : k * LN2_HI + k * LN2_LO;
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - R : k * LN2_HI - (R - k * LN2_LO - f);
  }
  const s = f / (2 + f);
  const dk = k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}

/** log(1 + x), accurate for small x: the same reduction as log with a correction for 1 + x's rounding. */
export function log1p(x: number): number {
  WORDS[0] = x;
  const hx = HALVES[HI] | 0;
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0, c = 0, hu = 0;
  if (hx < 0x3fda827a) {
    // 1 + x < √2
    if (ax >= 0x3ff00000) return x === -1 ? -Infinity : NaN; // x ≤ −1
    if (ax < 0x3e200000) return ax < 0x3c900000 ? x : x - x * x * 0.5; // |x| < 2^-29
    if (hx > 0 || hx <= (0xbfd2bec4 | 0)) {
      // √2/2 ≤ 1 + x < √2: f = x exactly.
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1 + x;
      WORDS[0] = u;
      hu = HALVES[HI] | 0;
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1 - (u - x) : x - (u - 1); // the rounding of 1 + x
      c /= u;
    } else {
      u = x;
      WORDS[0] = u;
      hu = HALVES[HI] | 0;
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    WORDS[0] = u;
    if (hu < 0x6a09e) {
      HALVES[HI] = hu | 0x3ff00000; // u
    } else {
      k += 1;
      HALVES[HI] = hu | 0x3fe00000; // u/2
      hu = (0x00100000 - hu) >> 2;
    }
    u = WORDS[0];
    f = u - 1;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      c += k * LN2_LO;
      return k * LN2_HI + c;
    }
    const R = hfsq * (1 - 0.66666666666666666 * f);
    return k === 0 ? f - R : k * LN2_HI - (R - (k * LN2_LO + c) - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  const R = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  return k === 0 ? f - (hfsq - s * (hfsq + R)) : k * LN2_HI - (hfsq - (s * (hfsq + R) + (k * LN2_LO + c)) - f);
}

// expm1: the same reduction as exp, with a correction term, and exp(r) − 1 from a degree-5
// fit of r·(e^r + 1)/(e^r − 1) (coefficients scaled for z = r²/2).
const Q1 = -3.33333333333331316428e-2;
const Q2 = 1.58730158725481460165e-3;
const Q3 = -7.93650757867487942473e-5;
const Q4 = 4.00821782732936239552e-6;
const Q5 = -2.01099218183624371326e-7;

export function expm1(x: number): number {
  WORDS[0] = x;
  let hx = HALVES[HI];
  const negative = hx >>> 31 === 1;
  hx &= 0x7fffffff;
  if (hx >= 0x4043687a) {
    // |x| ≥ 56·ln2
    if (hx >= 0x40862e42) {
      if (hx >= 0x7ff00000) return ((hx & 0xfffff) | HALVES[LO]) !== 0 ? x + x : negative ? -1 : x;
      if (x > O_THRESHOLD) return Infinity;
    }
    if (negative) return -1;
  }
  let k = 0, c = 0;
  if (hx > 0x3fd62e42) {
    let hi: number, lo: number;
    if (hx < 0x3ff0a2b2) {
      if (!negative) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = Math.trunc(INVLN2 * x + (negative ? -0.5 : 0.5));
      hi = x - k * LN2_HI;
      lo = k * LN2_LO;
    }
    x = hi - lo;
    c = hi - x - lo;
  } else if (hx < 0x3c900000) {
    return x; // |x| < 2^-54
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
  let t = 3 - r1 * hfx;
  let e = hxs * ((r1 - t) / (6 - x * t));
  if (k === 0) return x - (x * e - hxs);
  const twopk = fromWords(0x3ff00000 + k * 0x100000, 0);
  e = x * (e - c) - c;
  e -= hxs;
  if (k === -1) return 0.5 * (x - e) - 0.5;
  if (k === 1) return x < -0.25 ? -2 * (e - (x + 0.5)) : 1 + 2 * (x - e);
  let y: number;
  if (k <= -2 || k > 56) {
    y = 1 - (e - x);
    y = k === 1024 ? y * 2 * TWO1023 : y * twopk;
    return y - 1;
  }
  if (k < 20) {
    t = fromWords(0x3ff00000 - (0x200000 >> k), 0); // 1 − 2^-k
    y = t - (e - x);
    return y * twopk;
  }
  t = fromWords((0x3ff - k) << 20, 0); // 2^-k
  y = x - (e + t);
  y += 1;
  return y * twopk;
}

/** tanh from expm1: 1 − 2/(e^{2|x|} + 1) for |x| ≥ 1, −expm1(−2|x|)/(expm1(−2|x|) + 2) below, ±1 past 22. */
export function tanh(x: number): number {
  WORDS[0] = x;
  const jx = HALVES[HI] | 0;
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7ff00000) return jx >= 0 ? 1 / x + 1 : 1 / x - 1;
  let z: number;
  if (ix < 0x40360000) {
    if (ix < 0x3e300000) return x; // |x| < 2^-28
    if (ix >= 0x3ff00000) {
      const t = expm1(2 * Math.abs(x));
      z = 1 - 2 / (t + 2);
    } else {
      const t = expm1(-2 * Math.abs(x));
      z = -t / (t + 2);
    }
  } else {
    z = 1;
  }
  return jx >= 0 ? z : -z;
}

// sin and cos: x reduced to y0 + y1 in [−π/4, π/4] by n·π/2 (fdlibm's __ieee754_rem_pio2
// for |x| ≤ 2^19·π/2, with π/2 in three 33-bit pieces), then degree-13/14 kernels.
// Beyond 2^19·π/2 (no data set or init here comes near) Math.sin and Math.cos are used.
const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;
const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.08757232129817482790e-9;
const C6 = -1.13596475577881948265e-11;
const INVPIO2 = 6.36619772367581382433e-1;
const PIO2_1 = 1.57079632673412561417;
const PIO2_1T = 6.07710050650619224932e-11;
const PIO2_2 = 6.07710050630396597660e-11;
const PIO2_2T = 2.02226624879595063154e-21;
const PIO2_3 = 2.02226624871116645580e-21;
const PIO2_3T = 8.47842766036889956997e-32;
/** High words of n·π/2, n = 1 … 32: where the reduction may cancel. */
const NPIO2_HW = [
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb, 0x402c463a, 0x402f6a7a, 0x4031475c, 0x4032d97c,
  0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb, 0x403ab41b, 0x403c463a, 0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c,
  0x4043a28c, 0x40446b9c, 0x404534ac, 0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
];

function kernelSin(x: number, y: number, iy: number): number {
  WORDS[0] = x;
  if ((HALVES[HI] & 0x7fffffff) < 0x3e400000 && Math.trunc(x) === 0) return x;
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return iy === 0 ? x + v * (S1 + z * r) : x - (z * (0.5 * y - v * r) - y - v * S1);
}

function kernelCos(x: number, y: number): number {
  WORDS[0] = x;
  const ix = HALVES[HI] & 0x7fffffff;
  if (ix < 0x3e400000 && Math.trunc(x) === 0) return 1;
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y));
  const qx = ix > 0x3fe90000 ? 0.28125 : fromWords(ix - 0x00200000, 0);
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

/** n with x = n·π/2 + y[0] + y[1], for π/4 < |x| ≤ 2^19·π/2. */
function remPio2(x: number, y: Float64Array): number {
  WORDS[0] = x;
  const hx = HALVES[HI] | 0;
  const ix = hx & 0x7fffffff;
  if (ix < 0x4002d97c) {
    // |x| < 3π/4: n = ±1.
    if (hx > 0) {
      let z = x - PIO2_1;
      if (ix !== 0x3ff921fb) {
        y[0] = z - PIO2_1T;
        y[1] = z - y[0] - PIO2_1T;
      } else {
        z -= PIO2_2;
        y[0] = z - PIO2_2T;
        y[1] = z - y[0] - PIO2_2T;
      }
      return 1;
    }
    let z = x + PIO2_1;
    if (ix !== 0x3ff921fb) {
      y[0] = z + PIO2_1T;
      y[1] = z - y[0] + PIO2_1T;
    } else {
      z += PIO2_2;
      y[0] = z + PIO2_2T;
      y[1] = z - y[0] + PIO2_2T;
    }
    return -1;
  }
  let t = Math.abs(x);
  const n = Math.trunc(t * INVPIO2 + 0.5);
  const fn = n;
  let r = t - fn * PIO2_1;
  let w = fn * PIO2_1T;
  if (n < 32 && ix !== NPIO2_HW[n - 1]) {
    y[0] = r - w;
  } else {
    const j = ix >> 20;
    y[0] = r - w;
    WORDS[0] = y[0];
    let i = j - ((HALVES[HI] >> 20) & 0x7ff);
    if (i > 16) {
      t = r;
      w = fn * PIO2_2;
      r = t - w;
      w = fn * PIO2_2T - (t - r - w);
      y[0] = r - w;
      WORDS[0] = y[0];
      i = j - ((HALVES[HI] >> 20) & 0x7ff);
      if (i > 49) {
        t = r;
        w = fn * PIO2_3;
        r = t - w;
        w = fn * PIO2_3T - (t - r - w);
        y[0] = r - w;
      }
    }
  }
  y[1] = r - y[0] - w;
  if (hx < 0) {
    y[0] = -y[0];
    y[1] = -y[1];
    return -n;
  }
  return n;
}

const REDUCED = new Float64Array(2);

export function sin(x: number): number {
  WORDS[0] = x;
  const ix = HALVES[HI] & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, 0);
  if (ix >= 0x7ff00000) return NaN;
  if (ix > 0x413921fb) return Math.sin(x);
  const n = remPio2(x, REDUCED);
  const [y0, y1] = REDUCED;
  switch (n & 3) {
    case 0:
      return kernelSin(y0, y1, 1);
    case 1:
      return kernelCos(y0, y1);
    case 2:
      return -kernelSin(y0, y1, 1);
    default:
      return -kernelCos(y0, y1);
  }
}

export function cos(x: number): number {
  WORDS[0] = x;
  const ix = HALVES[HI] & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0);
  if (ix >= 0x7ff00000) return NaN;
  if (ix > 0x413921fb) return Math.cos(x);
  const n = remPio2(x, REDUCED);
  const [y0, y1] = REDUCED;
  switch (n & 3) {
    case 0:
      return kernelCos(y0, y1);
    case 1:
      return -kernelSin(y0, y1, 1);
    case 2:
      return -kernelCos(y0, y1);
    default:
      return kernelSin(y0, y1, 1);
  }
}
