// Gaussian draws from a seeded uniform stream: d3-random's randomNormal (the polar
// Box–Muller method, each accepted pair giving two draws, the second kept for the next
// call) with fdlibm's log, so a seed gives the same numbers in Node and in every browser.
// In Node 20 these are bit for bit the draws of randomNormal.source(rng)(mu, sigma).

import { log } from "../numerics/fdlibm.js";
import type { Random } from "./random.js";

export function seededNormal(rng: Random, mu = 0, sigma = 1): () => number {
  let x: number | null = null;
  let r = 0;
  return () => {
    let y: number;
    if (x !== null) {
      y = x;
      x = null;
    } else {
      do {
        x = rng() * 2 - 1;
        y = rng() * 2 - 1;
        r = x * x + y * y;
      } while (!r || r > 1);
    }
    return mu + sigma * y * Math.sqrt((-2 * log(r)) / r);
  };
}
