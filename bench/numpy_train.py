"""NumPy reference for `npm run bench`: many-start mini-batch SGD on the seed data,
vectorized over the starts (what a user would write), MSE and BCE.

Usage: python3 numpy_train.py STARTS STEPS_PER_EPOCH_BATCH EPOCHS REPEATS
Prints JSON: {"mse": [seconds...], "bce": [seconds...]}.
"""
import json
import sys
import time

import numpy as np


def seed_data():
    i = np.arange(40)
    return (i - 20) / 10.0, (i - 20 > 2).astype(np.float64)


def train(loss, w, b, x, y, batch, epochs, lr):
    n = len(x)
    for _ in range(epochs):
        for s in range(0, n, batch):
            xb, yb = x[s:s + batch], y[s:s + batch]
            z = w[:, None] * xb[None, :] + b[:, None]
            e = np.exp(-np.abs(z))
            a = 1.0 / (1.0 + e)
            p = np.where(z >= 0, a, e * a)
            if loss == "mse":
                d = 2.0 * (p - yb) * p * (1.0 - p)
            else:
                d = p - yb
            gw = (d * xb).mean(axis=1)
            gb = d.mean(axis=1)
            w -= lr * gw
            b -= lr * gb
    return w, b


def main():
    S, batch, epochs, reps = (int(v) for v in sys.argv[1:5])
    x, y = seed_data()
    rng = np.random.default_rng(5)
    out = {}
    for loss in ("mse", "bce"):
        times = []
        for _ in range(reps):
            w = rng.uniform(-20, 20, S)
            b = rng.uniform(-20, 20, S)
            t0 = time.perf_counter()
            train(loss, w, b, x, y, batch, epochs, 2.0)
            times.append(time.perf_counter() - t0)
        out[loss] = times
    print(json.dumps(out))


if __name__ == "__main__":
    main()
