#!/usr/bin/env python3
"""Files written by the reference tools, for test/formats-reference.test.ts.

  PYTHONPATH=DIR /usr/bin/python3 scripts/make-format-fixtures.py   # writes test/fixtures/formats/

Needs torch (Debian's python3-torch 1.13), h5py (python3-h5py) and the safetensors package
(`pip install safetensors`, or a safetensors wheel unpacked into DIR and named by PYTHONPATH).
Writes:
  torch-sequential.safetensors  safetensors.torch.save_file of an nn.Sequential's state_dict
                                (2-4-3-1 Tanh, float64) with "__metadata__" {"activation": "tanh"};
  mixed-dtypes.safetensors      safetensors.torch.save_file of F32 and F64 tensors (keyed by name);
  li-surface-2d.h5              a surface file in Li et al.'s layout, as their plot_surface.py
                                writes it with h5py: xcoordinates (5), ycoordinates (3),
                                train_loss and train_acc declared [len(x), len(y)] and filled
                                through losses.ravel()[k] at meshgrid(x, y).ravel()[k], dir_file
                                as a string dataset;
  li-surface-1d.h5              the same for a 1-D scan (xcoordinates only);
  reference.json                every tensor's values (flattened) and the formulas' inputs.
"""
import json
import os

import h5py
import numpy as np
import torch
from safetensors.torch import save_file

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "formats")


def loss_at(x, y):
    # Any function the test can recompute exactly from (x, y): double arithmetic in both.
    return x * x + 3.0 * y + 0.25 * x * y


def acc_at(x, y):
    return 50.0 + 10.0 * x - 5.0 * y


def li_surface(path, x, y):
    # setup_surface_file + crunch from Li et al.'s plot_surface.py, minus the network.
    with h5py.File(path, "w") as f:
        f["dir_file"] = "model_300.t7_weights_xignore=biasbn_xnorm=filter.h5"
        f["xcoordinates"] = x
        shape = x.shape if y is None else (len(x), len(y))
        if y is not None:
            f["ycoordinates"] = y
        losses = -np.ones(shape=shape)
        accuracies = -np.ones(shape=shape)
        if y is None:
            xs, ys = x, np.zeros_like(x)
        else:
            xm, ym = np.meshgrid(x, y)
            xs, ys = xm.ravel(), ym.ravel()
        for k in range(len(xs)):
            losses.ravel()[k] = loss_at(xs[k], ys[k])
            accuracies.ravel()[k] = acc_at(xs[k], ys[k])
        f["train_loss"] = losses
        f["train_acc"] = accuracies


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(7)
    net = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Tanh(), torch.nn.Linear(4, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1)).double()
    state = {k: v.contiguous() for k, v in net.state_dict().items()}
    save_file(state, os.path.join(OUT, "torch-sequential.safetensors"), metadata={"activation": "tanh"})
    mixed = {"conv.weight": torch.randn(2, 1, 3, dtype=torch.float32), "fc.bias": torch.randn(3, dtype=torch.float64), "scale": torch.tensor([0.1, -2.5], dtype=torch.float32)}
    save_file(mixed, os.path.join(OUT, "mixed-dtypes.safetensors"))
    x2, y2 = np.linspace(-1.0, 1.0, 5), np.linspace(-0.5, 0.5, 3)
    li_surface(os.path.join(OUT, "li-surface-2d.h5"), x2, y2)
    x1 = np.linspace(-0.5, 1.5, 7)
    li_surface(os.path.join(OUT, "li-surface-1d.h5"), x1, None)
    ref = {
        "torchSequential": {k: {"shape": list(v.shape), "values": v.flatten().tolist()} for k, v in state.items()},
        "mixed": {k: {"dtype": str(v.dtype), "shape": list(v.shape), "values": v.double().flatten().tolist()} for k, v in mixed.items()},
        "surface2d": {"x": x2.tolist(), "y": y2.tolist()},
        "surface1d": {"x": x1.tolist()},
    }
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
