#!/usr/bin/env python3
"""PyTorch peer of bench/onnx.mjs: the ONNX model workloads written the way a PyTorch user
writes them (float64 CPU, backward(), a no-frills slice loop), one thread.

    /usr/bin/python3 bench/onnx_peer.py DIR export        writes the models and the data
    /usr/bin/python3 bench/onnx_peer.py DIR time [--threads=T] [ID …]
                                                     times the workloads in DIR/spec.json on T threads (1)

Needs torch (Debian's python3-torch 1.13) and scikit-learn (the digits data set).
`export` writes DIR/digits.npz (X: 1797x1x8x8 float64 in [0, 1], y: int64 labels), and per model
DIR/NAME.onnx (training=PRESERVE on an eval() model, batch axis dynamic) and DIR/NAME.pt (its
state_dict, BatchNorm running statistics included). `time` prints {"torch", "results": {id:
{"seconds": [...], "cpu": [...], "check": ...}}} as JSON; the checks (the loss, the slice's loss
sum) let bench/onnx.mjs confirm both sides did the same work."""
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def cnn():
    # digits-sized: 1x8x8 -> two 3x3 convs with pooling -> a linear head over 10 classes
    return nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(64, 10))


def bn_mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.BatchNorm1d(64), nn.ReLU(),
                         nn.Linear(64, 64), nn.BatchNorm1d(64), nn.ReLU(), nn.Linear(64, 10))


MODELS = {"cnn": cnn, "bnmlp": bn_mlp}


def digits():
    from sklearn.datasets import load_digits
    d = load_digits()
    return torch.tensor(d.data.reshape(-1, 1, 8, 8) / 16.0), torch.tensor(d.target, dtype=torch.int64)


def export(d):
    X, y = digits()
    np.savez(os.path.join(d, "digits.npz"), X=X.numpy(), y=y.numpy())
    for k, (name, make) in enumerate(MODELS.items()):
        torch.manual_seed(k)
        m = make().double()
        # BatchNorm running statistics of the data (train-mode passes), then eval: what is analysed
        m.train()
        with torch.no_grad():
            for _ in range(3):
                m(X)
        m.eval()
        torch.save(m.state_dict(), os.path.join(d, f"{name}.pt"))
        torch.onnx.export(m, X[:2], os.path.join(d, f"{name}.onnx"), training=torch.onnx.TrainingMode.PRESERVE,
                          input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, opset_version=13)


CPU = []


def timed(runs, fn):
    out, seconds = None, []
    for _ in range(runs):
        c0, t0 = time.process_time(), time.perf_counter()
        out = fn()
        seconds.append(time.perf_counter() - t0)
        CPU.append(time.process_time() - c0)
    return seconds, out


def forward_backward(c, m, X, y):
    def step():
        m.zero_grad(set_to_none=True)
        loss = F.cross_entropy(m(X), y)
        loss.backward()
        return loss.item()
    step()
    return timed(c["runs"], step)


def slice_fields(c, m, X, y, d):
    # what `slice` computes per point: the loss, the accuracy and the gradient norm
    params = list(m.parameters())
    theta = torch.nn.utils.parameters_to_vector(params).detach().clone()
    d1 = torch.from_numpy(np.fromfile(os.path.join(d, c["d1"]), dtype="<f8"))
    d2 = torch.from_numpy(np.fromfile(os.path.join(d, c["d2"]), dtype="<f8"))
    axis = torch.linspace(-1, 1, c["grid"])

    def run():
        loss = torch.empty(c["grid"], c["grid"])
        acc = torch.empty(c["grid"], c["grid"])
        gn = torch.empty(c["grid"], c["grid"])
        for i, b in enumerate(axis):
            for j, a in enumerate(axis):
                with torch.no_grad():
                    torch.nn.utils.vector_to_parameters(theta + a * d1 + b * d2, params)
                m.zero_grad(set_to_none=True)
                out = m(X)
                l = F.cross_entropy(out, y)
                l.backward()
                loss[i, j] = l.item()
                acc[i, j] = (out.argmax(1) == y).double().mean().item()
                gn[i, j] = torch.sqrt(sum((p.grad ** 2).sum() for p in params)).item()
        with torch.no_grad():
            torch.nn.utils.vector_to_parameters(theta, params)
        return loss.sum().item()
    return timed(c["runs"], run)


def main():
    d, mode = sys.argv[1], sys.argv[2]
    threads = int(next((a[10:] for a in sys.argv[3:] if a.startswith("--threads=")), "1"))
    torch.set_num_threads(threads)
    if mode == "export":
        export(d)
        return
    spec = json.load(open(os.path.join(d, "spec.json")))
    only = set(a for a in sys.argv[3:] if not a.startswith("--"))
    X, y = digits()
    results = {}
    for c in spec["cases"]:
        if only and c["id"] not in only:
            continue
        m = MODELS[c["model"]]().double()
        m.load_state_dict(torch.load(os.path.join(d, c["model"] + ".pt")))
        m.eval()
        CPU.clear()
        if c["kind"] == "fb":
            s, check = forward_backward(c, m, X, y)
        else:
            s, check = slice_fields(c, m, X, y, d)
        results[c["id"]] = {"seconds": s, "cpu": CPU[:len(s)], "check": check}
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "results": results}))


if __name__ == "__main__":
    main()
