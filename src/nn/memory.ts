// What a network's passes over n samples hold in memory, from the sizes alone, so a job
// too large for the machine is refused before it allocates. forward.ts keeps, per layer
// and sample-major, the pre-activations z, the activations a and f′ (f″ too for H·v);
// backward adds two arrays of the widest fan-in; layers sorts copies for its percentiles.
// Counted high rather than low (6 arrays per unit): measured peaks were 1.84 GB RSS for
// `layers --hidden 1024,1024 --samples 20000` (counted 2.3 GB) and 1.35 GB for
// `probe --hidden 4096 --samples 20000 --no-hessian` (counted 5.5 GB).

import { parameterCount, widths, type Architecture } from "./architecture.js";

/** The working memory a network job may take, in bytes (4 GiB), documented in docs/reliability.md. */
export const MAX_WORKING_BYTES = 4 * 2 ** 30;

/**
 * Bytes held by one forward-and-backward pass (with second-order terms) of `arch` over
 * `samples` samples, plus a few parameter-sized vectors (θ, gradient, optimizer state).
 */
export function networkPassBytes(arch: Architecture, samples: number): number {
  const w = widths(arch);
  const units = w.slice(1).reduce((a, b) => a + b, 0);
  const widest = Math.max(...w);
  return 8 * samples * (6 * units + 2 * widest + 4) + 8 * 6 * parameterCount(arch);
}

/** Units of the hidden layers, for a message ("65,536 hidden units"). */
export function hiddenUnits(arch: Architecture): number {
  return arch.hidden.reduce((a, b) => a + b, 0);
}
