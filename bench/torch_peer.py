#!/usr/bin/env python3
"""PyTorch peer of bench/torch.mjs: the network workloads written the way a PyTorch user
writes them (float64 CPU, nn.Sequential, backward(), torch.autograd.grad double-backward
for H·v, torch.linalg.eigvalsh), on the data, parameters and directions bench/torch.mjs
wrote to a temp directory, so both sides compute the same numbers.

    /usr/bin/python3 bench/torch_peer.py DIR THREADS      (needs torch; scipy for eigsh)

Reads DIR/spec.json and its .f64 files; prints {"torch": version, "results": {id: {"seconds":
[...], "check": ...}}} as JSON, one entry per workload. The check values (a loss, a norm,
eigenvalues) let bench/torch.mjs confirm both sides did the same work."""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def read(path, shape=None):
    a = np.fromfile(path, dtype="<f8")
    return torch.from_numpy(a if shape is None else a.reshape(shape))


def model_for(widths, activation):
    act = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid}[activation]
    layers = []
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        layers.append(torch.nn.Linear(a, b))
        if i < len(widths) - 2:
            layers.append(act())
    return torch.nn.Sequential(*layers).double()


def load_theta(model, path):
    torch.nn.utils.vector_to_parameters(read(path), model.parameters())


# CPU seconds (all threads) of each timed run, beside the wall seconds timed() returns:
# on a loaded machine the CPU time of a one-thread run is the less load-sensitive figure.
CPU = []


def timed(runs, fn):
    out, seconds = None, []
    for _ in range(runs):
        c0, t0 = time.process_time(), time.perf_counter()
        out = fn()
        seconds.append(time.perf_counter() - t0)
        CPU.append(time.process_time() - c0)
    return seconds, out


def bce(model, x, y):
    return F.binary_cross_entropy_with_logits(model(x).squeeze(1), y)


def flat(ts):
    return torch.cat([t.reshape(-1) for t in ts])


def split_like(v, params):
    out, k = [], 0
    for p in params:
        out.append(v[k:k + p.numel()].view_as(p))
        k += p.numel()
    return out


def forward_backward(c, model, x, y):
    def step():
        model.zero_grad(set_to_none=True)
        loss = bce(model, x, y)
        loss.backward()
        return loss.item()
    step()
    return timed(c["runs"], step)


def hvp_one_shot(c, model, x, y, v):
    params = list(model.parameters())
    vs = split_like(v, params)

    def step():
        g = torch.autograd.grad(bce(model, x, y), params, create_graph=True)
        return flat(torch.autograd.grad(g, params, grad_outputs=vs))
    step()
    s, hv = timed(c["runs"], step)
    return s, hv.norm().item()


def hvp_shared(c, model, x, y, v):
    params = list(model.parameters())
    vs = split_like(v, params)
    g = torch.autograd.grad(bce(model, x, y), params, create_graph=True)

    def step():
        return flat(torch.autograd.grad(g, params, grad_outputs=vs, retain_graph=True))
    step()
    s, hv = timed(c["runs"], step)
    return s, hv.norm().item()


def top_eigen(c, model, x, y):
    # ARPACK's implicitly restarted Lanczos (scipy eigsh) on the double-backward H·v: what
    # a PyTorch user reaches for to get a few extreme eigenvalues to a set accuracy.
    from scipy.sparse.linalg import LinearOperator, eigsh
    params = list(model.parameters())
    P = sum(p.numel() for p in params)

    def run():
        g = torch.autograd.grad(bce(model, x, y), params, create_graph=True)

        def matvec(u):
            us = split_like(torch.from_numpy(np.ascontiguousarray(u, dtype=np.float64).reshape(-1)), params)
            return flat(torch.autograd.grad(g, params, grad_outputs=us, retain_graph=True)).numpy()
        op = LinearOperator((P, P), matvec=matvec, dtype=np.float64)
        v0 = np.ones(P) / np.sqrt(P)
        return np.sort(eigsh(op, k=c["k"], which="LA", tol=c["tol"], v0=v0, return_eigenvectors=False))[::-1]
    s, ev = timed(c["runs"], run)
    return s, ev.tolist()


def dense_hessian(c, model, x, y):
    # The exact Hessian of the mean loss, one row per double-backward product on the shared
    # gradient graph (torch.autograd.functional.hessian with vectorize=True, the vmap route,
    # was 5-10x slower than this loop here), then all eigenvalues.
    params = list(model.parameters())
    P = sum(p.numel() for p in params)

    build, eig = [], []
    ev = None
    for _ in range(c["runs"]):
        c0, t0 = time.process_time(), time.perf_counter()
        g = flat(torch.autograd.grad(bce(model, x, y), params, create_graph=True))
        H = torch.empty(P, P)
        for i in range(P):
            H[i] = flat(torch.autograd.grad(g[i], params, retain_graph=True))
        t1 = time.perf_counter()
        ev = torch.linalg.eigvalsh(H)
        t2 = time.perf_counter()
        build.append(t1 - t0)
        eig.append(t2 - t1)
        CPU.append(time.process_time() - c0)
    return [b + e for b, e in zip(build, eig)], {"lambdaMax": ev[-1].item(), "lambdaMin": ev[0].item(), "build": build, "eig": eig}


def slice_loss(c, model, x, y, d1, d2, theta):
    alphas = torch.linspace(-1, 1, c["grid"])
    params = list(model.parameters())

    def run():
        out = torch.empty(c["grid"], c["grid"])
        with torch.no_grad():
            for i, b in enumerate(alphas):
                for j, a in enumerate(alphas):
                    torch.nn.utils.vector_to_parameters(theta + a * d1 + b * d2, params)
                    out[i, j] = bce(model, x, y)
        return out
    s, out = timed(c["runs"], run)
    return s, out.sum().item()


def adam(c, model, x, y, theta):
    n = x.shape[0]
    params = list(model.parameters())

    def run():
        torch.nn.utils.vector_to_parameters(theta, params)
        opt = torch.optim.Adam(params, lr=c["lr"])
        gen = torch.Generator().manual_seed(0)
        for _ in range(c["epochs"]):
            perm = torch.randperm(n, generator=gen)
            for s in range(0, n, c["batch"]):
                idx = perm[s:s + c["batch"]]
                opt.zero_grad(set_to_none=True)
                bce(model, x[idx], y[idx]).backward()
                opt.step()
            with torch.no_grad():
                last = bce(model, x, y).item()
        return last
    return timed(c["runs"], run)


def layer_stats(c, model, x, y):
    # What `layers` reports, per layer: mean/std of pre-activations, activations and
    # ∂ℓ_i/∂z, saturation, gradient norms and activation percentiles.
    q = torch.tensor([0.02, 0.25, 0.5, 0.75, 0.98])

    def run():
        model.zero_grad(set_to_none=True)
        zs, h = [], x
        mods = list(model)
        for m in mods:
            h = m(h)
            if isinstance(m, torch.nn.Linear):
                h.retain_grad()
                zs.append(h)
        loss = F.binary_cross_entropy_with_logits(h.squeeze(1), y, reduction="sum")
        loss.backward()
        stats = []
        with torch.no_grad():
            for i, z in enumerate(zs):
                a = torch.relu(z) if i < len(zs) - 1 else torch.sigmoid(z)
                sat = (z <= 0).double().mean() if i < len(zs) - 1 else ((a < 0.01) | (a > 0.99)).double().mean()
                lin = [m for m in mods if isinstance(m, torch.nn.Linear)][i]
                stats.append([z.mean(), z.std(unbiased=False), a.mean(), a.std(unbiased=False), sat,
                              z.grad.mean(), z.grad.std(unbiased=False),
                              (lin.weight.grad / x.shape[0]).norm(), (lin.bias.grad / x.shape[0]).norm(),
                              *torch.quantile(a.reshape(-1), q)])
        return torch.tensor(stats)
    s, st = timed(c["runs"], run)
    return s, st[:, 1].sum().item()


def eigvalsh(c):
    n = c["n"]
    a = read(os.path.join(c["dir"], c["matrix"]), (n, n))
    s, ev = timed(c["runs"], lambda: torch.linalg.eigvalsh(a))
    s_np, _ = timed(c["runs"], lambda: np.linalg.eigvalsh(a.numpy()))
    return s, {"lambdaMax": ev[-1].item(), "numpy": s_np}


def main():
    d, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    spec = json.load(open(os.path.join(d, "spec.json")))
    n, k = spec["n"], spec["inputs"]
    x = read(os.path.join(d, "x.f64"), (n, k))
    y = read(os.path.join(d, "y.f64"))
    only = set(sys.argv[3:])
    results = {}
    for c in spec["cases"]:
        if only and c["id"] not in only:
            continue
        f = lambda key: read(os.path.join(d, c[key]))
        c["dir"] = d
        CPU.clear()
        if c["kind"] == "eigvalsh":
            s, check = eigvalsh(c)
        else:
            model = model_for(c["widths"], c["activation"])
            load_theta(model, os.path.join(d, c["theta"]))
            kind = c["kind"]
            if kind == "fb":
                s, check = forward_backward(c, model, x, y)
            elif kind == "hvp":
                s, check = hvp_one_shot(c, model, x, y, f("v"))
            elif kind == "hvp-shared":
                s, check = hvp_shared(c, model, x, y, f("v"))
            elif kind == "top":
                s, check = top_eigen(c, model, x, y)
            elif kind == "dense":
                s, check = dense_hessian(c, model, x, y)
            elif kind == "slice":
                s, check = slice_loss(c, model, x, y, f("d1"), f("d2"), f("theta"))
            elif kind == "adam":
                s, check = adam(c, model, x, y, f("theta"))
            elif kind == "layers":
                s, check = layer_stats(c, model, x, y)
            else:
                raise ValueError(kind)
        results[c["id"]] = {"seconds": s, "cpu": CPU[:len(s)], "check": check}
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}))


if __name__ == "__main__":
    main()
