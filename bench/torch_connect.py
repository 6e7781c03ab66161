#!/usr/bin/env python3
"""Peer of bench/geometry.mjs: train a quadratic Bezier bend between two MLP solutions
in PyTorch, CPU, float64, the same loop as `connect --curve bezier`: one t per step
(the t sequence is read from the job file), the full-batch BCE-with-logits loss at
phi(t) = (1-t)^2 A + 2t(1-t) bend + t^2 B, torch.optim.Adam on the bend.

Usage: /usr/bin/python3 bench/torch_connect.py JOB.json   (needs torch; prints JSON)
"""
import json
import sys
import time

import torch

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

job = json.load(open(sys.argv[1]))
x = torch.tensor(job["x"], dtype=torch.float64).reshape(-1, job["inputs"])
y = torch.tensor(job["y"], dtype=torch.float64).reshape(-1, 1)
A = [(torch.tensor(l["weight"], dtype=torch.float64), torch.tensor(l["bias"], dtype=torch.float64)) for l in job["a"]["layers"]]
B = [(torch.tensor(l["weight"], dtype=torch.float64), torch.tensor(l["bias"], dtype=torch.float64)) for l in job["b"]["layers"]]
bend = [(((w1 + w2) / 2).clone().requires_grad_(True), ((b1 + b2) / 2).clone().requires_grad_(True)) for (w1, b1), (w2, b2) in zip(A, B)]
opt = torch.optim.Adam([p for pair in bend for p in pair], lr=job["lr"])
act = torch.tanh
lossf = torch.nn.BCEWithLogitsLoss()
ts = job["t"]


def run():
    for t in ts:
        ca, cm, cb = (1 - t) ** 2, 2 * t * (1 - t), t * t
        h = x
        for k, ((wa, ba), (wm, bm), (wb, bb)) in enumerate(zip(A, bend, B)):
            w = ca * wa + cm * wm + cb * wb
            b = ca * ba + cm * bm + cb * bb
            h = h @ w.T + b
            if k < len(A) - 1:
                h = act(h)
        loss = lossf(h, y)
        opt.zero_grad()
        loss.backward()
        opt.step()


t0 = time.perf_counter()
run()
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "steps": len(ts), "bend": [{"weight": w.detach().tolist(), "bias": b.detach().tolist()} for w, b in bend], "torch": torch.__version__}))
