#!/usr/bin/env python3
"""NumPy peer for the network benchmarks of bench/nn.mjs: forward + backward of an MLP
(tanh hidden layers, one sigmoid output, BCE from logits) on n samples in float64, written
the way a NumPy user batches it: one matmul per layer and direction.

    python3 bench/numpy_nn.py N RUNS WIDTHS...     e.g.  1000 20 2,16,1 2,64,64,1

Prints {"2,16,1": {"seconds": [...], "params": P}, ...} as JSON."""
import json
import sys
import time

import numpy as np


def make(widths, n, rng):
    x = rng.uniform(-2, 2, size=(n, widths[0]))
    y = (x[:, 0] > 0.2).astype(np.float64)
    layers = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        bound = np.sqrt(6 / (fan_in + fan_out))
        layers.append((rng.uniform(-bound, bound, size=(fan_out, fan_in)), np.zeros(fan_out)))
    return x, y, layers


def forward_backward(x, y, layers):
    acts = [x]
    a = x
    for i, (w, b) in enumerate(layers):
        z = a @ w.T + b
        a = np.tanh(z) if i < len(layers) - 1 else z
        acts.append(a)
    z = acts[-1][:, 0]
    loss = np.mean(np.logaddexp(0, z) - y * z)
    delta = ((1 / (1 + np.exp(-z))) - y)[:, None]
    n = x.shape[0]
    grads = []
    for i in range(len(layers) - 1, -1, -1):
        w, _ = layers[i]
        grads.append((delta.T @ acts[i] / n, delta.sum(0) / n))
        if i > 0:
            delta = (delta @ w) * (1 - acts[i] ** 2)
    return loss, grads


def main():
    n, runs = int(sys.argv[1]), int(sys.argv[2])
    out = {}
    rng = np.random.default_rng(0)
    for spec in sys.argv[3:]:
        widths = [int(v) for v in spec.split(",")]
        x, y, layers = make(widths, n, rng)
        params = sum(w.size + b.size for w, b in layers)
        forward_backward(x, y, layers)
        seconds = []
        for _ in range(runs):
            t0 = time.perf_counter()
            forward_backward(x, y, layers)
            seconds.append(time.perf_counter() - t0)
        out[spec] = {"seconds": seconds, "params": params}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
