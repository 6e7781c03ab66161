// One training run as `train` makes it: a seeded stream draws the start (for a random
// init scheme) and then, with shuffling, every epoch's batch order. The CLI's `train`
// (seededStart, then its streaming trainer) and the explorer page (trainFromInit) both
// start here, so a run in the page is the run `train --json` prints for the same settings.
// A network's seeded θ₀ (seededNetworkStart) is drawn the same way for every command.

import type { Dataset } from "../data/dataset.js";
import { initialize, type InitSpec } from "../init/initializers.js";
import { seededRandom, type Random } from "../init/random.js";
import type { Architecture } from "../nn/architecture.js";
import { initializeNetwork, type NetworkInit } from "../nn/init.js";
import { train, type TrainConfig, type TrainResult } from "./train.js";

/** The start `init` gives under `seed`, and the stream positioned after drawing it. */
export function seededStart(init: InitSpec, seed: number): { start: [number, number]; rng: Random } {
  const rng = seededRandom(seed);
  return { start: initialize(init, rng), rng };
}

export function trainFromInit(data: Dataset, init: InitSpec, config: TrainConfig, seed: number): TrainResult {
  const { start, rng } = seededStart(init, seed);
  return train(data, start, config, rng);
}

/**
 * A network's θ₀ as `--init SCHEME --seed N` draws it: the scheme's draw from the stream
 * seeded by `seed` (data-dependent schemes read `data`), and the stream after the draw, which
 * `train` goes on to shuffle the batches with.
 */
export function seededNetworkStart(arch: Architecture, init: NetworkInit, seed: number, gain: Parameters<typeof initializeNetwork>[3], data: Parameters<typeof initializeNetwork>[4]): { theta: Float64Array; rng: Random } {
  const rng = seededRandom(seed);
  return { theta: initializeNetwork(arch, init, rng, gain, data).theta, rng };
}
