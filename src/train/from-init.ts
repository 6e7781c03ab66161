// One training run as `train` makes it: a seeded stream draws the start (for a random
// init scheme) and then, with shuffling, every epoch's batch order. The CLI's `train`
// and the explorer page both call this, so a run in the page is the run `train --json`
// prints for the same settings.

import type { Dataset } from "../data/dataset.js";
import { initialize, type InitSpec } from "../init/initializers.js";
import { seededRandom } from "../init/random.js";
import { train, type TrainConfig, type TrainResult } from "./train.js";

export function trainFromInit(data: Dataset, init: InitSpec, config: TrainConfig, seed: number): TrainResult {
  const rng = seededRandom(seed);
  const start = initialize(init, rng);
  return train(data, start, config, rng);
}
