"""NumPy reference for `npm run bench`: loss and gradient of p = sigmoid(w*x + b) over a
(w, b) grid for MSE and BCE, written the way a user would (vectorized over the grid,
one pass per sample, stable sigmoid from one exp, in-place ufuncs).

Usage: python3 numpy_grid.py GRID_N N_SAMPLES REPEATS
Prints JSON: {"mse": [seconds...], "bce": [seconds...]}, one time per repeat.
"""
import json
import sys
import time

import numpy as np


def dataset(n):
    # The bench's data: x spread over [-2, 2), label x > 0.2 (the seed data's rule).
    x = -2.0 + 4.0 * (np.arange(n) + 0.5) / n
    return x, (x > 0.2).astype(np.float64)


def grid_loss_grad(loss, W, B, xs, ys):
    L = np.zeros_like(W)
    GW = np.zeros_like(W)
    GB = np.zeros_like(W)
    z = np.empty_like(W)
    e = np.empty_like(W)
    p = np.empty_like(W)
    t = np.empty_like(W)
    for x, y in zip(xs, ys):
        np.multiply(W, x, out=z)
        z += B
        np.abs(z, out=e)
        np.negative(e, out=e)
        np.exp(e, out=e)                      # e = exp(-|z|)
        np.add(e, 1.0, out=t)
        np.divide(1.0, t, out=p)              # 1 / (1 + e)
        np.multiply(e, p, out=t)              # e / (1 + e)
        np.copyto(p, t, where=z < 0)          # p = sigmoid(z)
        if loss == "mse":
            p -= y                            # r = p - y
            np.multiply(p, p, out=t)
            L += t                            # r^2
            # dl/dz = 2 r p (1 - p); recompute p (1 - p) = e / (1 + e)^2
            np.add(e, 1.0, out=t)
            np.multiply(t, t, out=t)
            np.divide(e, t, out=t)
            t *= p
            t *= 2.0
        else:
            np.log1p(e, out=t)
            np.maximum(z, 0.0, out=z) if y == 0 else np.maximum(-z, 0.0, out=z)
            L += z
            L += t
            np.subtract(p, y, out=t)          # dl/dz = p - y
        GB += t
        t *= x
        GW += t
    n = len(xs)
    return L / n, GW / n, GB / n


def main():
    g, n, reps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    w = np.linspace(-10, 20, g)
    b = np.linspace(-20, 10, g)
    W, B = np.meshgrid(w, b)
    xs, ys = dataset(n)
    out = {}
    for loss in ("mse", "bce"):
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            grid_loss_grad(loss, W, B, xs, ys)
            times.append(time.perf_counter() - t0)
        out[loss] = times
    print(json.dumps(out))


if __name__ == "__main__":
    main()
