// Seeded pseudo-random numbers. All randomness in the toolkit flows from a Random
// passed in explicitly; nothing reads Math.random.
//
// Generator: xoshiro128** 1.1 (Blackman & Vigna, https://prng.di.unimi.it/), state
// seeded from the integer seed by SplitMix32. Doubles in [0, 1) take 53 bits from two
// outputs. Uniform draws come from d3-random via `.source(rng)`, normal ones from normal.ts (d3-random's method with an engine-independent log).

export type Random = () => number;

/** A uniform [0, 1) generator whose whole stream is fixed by `seed` (a safe integer). */
export function seededRandom(seed: number): Random {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer (got ${seed})`);
  // SplitMix32 over the seed's low and high words fills the 128-bit state.
  let sm = (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) | 0, 0x9e3779b9);
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) | 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let s0 = splitmix(), s1 = splitmix(), s2 = splitmix(), s3 = splitmix();
  // Stryker disable next-line all: unreachable: SplitMix32 is a bijection of its counter, so four consecutive outputs are never all 0
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is the generator's only fixed point
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  return () => {
    const hi = next() >>> 5; // 27 bits
    const lo = next() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
