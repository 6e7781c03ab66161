"""NumPy reference for `npm run bench` (slices): loss, accuracy and full gradient norm of a
2-16-16-16-1 tanh network with BCE-from-logits over a 51 x 51 slice
theta(a, b) = theta* + a d1 + b d2, grid points batched into matmuls (a chunk of G
points is one stacked matmul per layer), float64. Same data, theta* and directions as
bench/slices.mjs (closed-form formulas, so nothing is shipped between the two).

Usage: python3 numpy_slice.py N_SAMPLES GRID REPEATS [HESSIAN_FILE]
Prints JSON: {"slice": [wall seconds...], "slice_cpu": [process CPU seconds...], "loss_checksum": float,
              "eigvalsh": [seconds...], "eigh": [seconds...] (when HESSIAN_FILE, a raw float64 P*P matrix, is given)}.
"""
import json
import sys
import time

import numpy as np

WIDTHS = [2, 16, 16, 16, 1]


def data(n):
    i = np.arange(n, dtype=np.float64)
    x = np.stack([2.0 * np.cos(0.7 * i + 0.1), 2.0 * np.sin(1.3 * i)], axis=1)
    y = ((x[:, 0] * x[:, 1] + 0.3 * x[:, 0]) > 0).astype(np.float64)
    return x, y


def vectors(P):
    k = np.arange(P, dtype=np.float64)
    return 0.4 * np.sin(k + 1.0), np.cos(0.5 * k), np.sin(0.37 * k + 1.0)


def unpack(T):
    """T: (G, P) -> list of (W (G, out, in), b (G, out)) in PyTorch's flat order."""
    layers, off = [], 0
    for fi, fo in zip(WIDTHS[:-1], WIDTHS[1:]):
        W = T[:, off:off + fi * fo].reshape(-1, fo, fi)
        off += fi * fo
        b = T[:, off:off + fo]
        off += fo
        layers.append((W, b))
    return layers


def slice_fields(x, y, theta, d1, d2, alpha, beta, chunk=64):
    n = x.shape[0]
    A, B = np.meshgrid(alpha, beta)           # rows: beta, columns: alpha
    a, b = A.ravel(), B.ravel()
    loss = np.empty(a.size)
    acc = np.empty(a.size)
    gnorm = np.empty(a.size)
    for s in range(0, a.size, chunk):
        T = theta[None, :] + a[s:s + chunk, None] * d1[None, :] + b[s:s + chunk, None] * d2[None, :]
        layers = unpack(T)
        acts = [np.broadcast_to(x, (T.shape[0],) + x.shape)]
        derivs = []
        h = acts[0]
        for li, (W, bb) in enumerate(layers):
            z = np.matmul(h, W.transpose(0, 2, 1)) + bb[:, None, :]
            if li < len(layers) - 1:
                h = np.tanh(z)
                derivs.append(1.0 - h * h)
                acts.append(h)
        z = z[:, :, 0]
        # BCE from logits: softplus(z) - y z, stable; dl/dz = sigmoid(z) - y.
        l = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
        loss[s:s + chunk] = l.mean(axis=1)
        p = np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
        acc[s:s + chunk] = ((p > 0.5) == (y > 0.5)).mean(axis=1)
        delta = (p - y)[:, :, None]            # (G, n, 1)
        sq = np.zeros(T.shape[0])
        for li in range(len(layers) - 1, -1, -1):
            W, _ = layers[li]
            gW = np.matmul(delta.transpose(0, 2, 1), acts[li]) / n
            gb = delta.sum(axis=1) / n
            sq += (gW * gW).sum(axis=(1, 2)) + (gb * gb).sum(axis=1)
            if li > 0:
                delta = np.matmul(delta, W) * derivs[li - 1]
        gnorm[s:s + chunk] = np.sqrt(sq)
    shape = (beta.size, alpha.size)
    return loss.reshape(shape), acc.reshape(shape), gnorm.reshape(shape)


def main():
    n, g, repeats = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    x, y = data(n)
    P = sum(fi * fo + fo for fi, fo in zip(WIDTHS[:-1], WIDTHS[1:]))
    theta, d1, d2 = vectors(P)
    axis = np.linspace(-1.0, 1.0, g)
    times, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        loss, acc, gnorm = slice_fields(x, y, theta, d1, d2, axis, axis)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    out = {"slice": times, "slice_cpu": cpu, "loss_checksum": float(loss.sum()), "gradnorm_checksum": float(gnorm.sum()), "accuracy_checksum": float(acc.sum())}
    if len(sys.argv) > 4:
        H = np.fromfile(sys.argv[4], dtype=np.float64).reshape(P, P)
        et = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            ev = np.linalg.eigvalsh(H)
            et.append(time.perf_counter() - t0)
        out["eigvalsh"] = et
        out["lambda_max"] = float(ev[-1])
        # eigh also returns the eigenvectors (what --eigenvectors or eigen directions need).
        vt = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            np.linalg.eigh(H)
            vt.append(time.perf_counter() - t0)
        out["eigh"] = vt
    print(json.dumps(out))


if __name__ == "__main__":
    main()
