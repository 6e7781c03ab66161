#!/usr/bin/env python3
"""The PyTorch side of --param-names torch-sequential (needs torch; Debian's python3-torch 1.13).

  /usr/bin/python3 scripts/torch-sequential-fixture.py            # writes test/fixtures/torch-sequential/
  /usr/bin/python3 scripts/torch-sequential-fixture.py --check F  # loads F into the model

The first form builds the docs' kind of model, an nn.Sequential of Linear and Tanh modules
(2-5-3-1), in float64, and writes its state_dict as model.safetensors (the format written
by hand: u64 little-endian header length, JSON header, raw little-endian data, so the
safetensors package is not needed), data.csv, and reference.json: the state_dict's names
and shapes (what load_state_dict(strict=True) checks) and PyTorch's BCE and MSE losses on
data.csv. The second form reads a .safetensors file (e.g. one that
`loss-landscape train --save-params out.safetensors` wrote) and calls
model.load_state_dict on it: it prints "ok" and the model's BCE loss on data.csv, or fails.
"""
import json
import os
import struct
import sys

import torch

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "torch-sequential")


def model():
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Linear(2, 5), torch.nn.Tanh(), torch.nn.Linear(5, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1)
    ).double()


def write_safetensors(path, tensors, metadata):
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, t in tensors.items():
        raw = t.detach().contiguous().numpy().astype("<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    meta = header.pop("__metadata__", {})
    out = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        fmt = {"F64": "d", "F32": "f"}[info["dtype"]]
        values = struct.unpack("<%d%s" % ((end - begin) // struct.calcsize(fmt), fmt), data[8 + n + begin : 8 + n + end])
        out[name] = torch.tensor(values, dtype=torch.float64).reshape(info["shape"])
    return out, meta


def data():
    g = torch.Generator().manual_seed(1)
    x = torch.randn(12, 2, generator=g, dtype=torch.float64)
    y = (x[:, 0] * x[:, 1] > 0).double()
    return x, y


def losses(net, x, y):
    with torch.no_grad():
        z = net(x)[:, 0]
        p = torch.sigmoid(z)
        return {
            "bce": torch.nn.functional.binary_cross_entropy_with_logits(z, y).item(),
            "mse": torch.nn.functional.mse_loss(p, y).item(),
        }


def main():
    x, y = data()
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        net = model()
        tensors, meta = read_safetensors(sys.argv[2])
        net.load_state_dict(tensors, strict=True)
        print("ok", json.dumps(meta, sort_keys=True), "bce", repr(losses(net, x, y)["bce"]))
        return
    net = model()
    os.makedirs(HERE, exist_ok=True)
    sd = net.state_dict()
    write_safetensors(os.path.join(HERE, "model.safetensors"), sd, {"format": "pt"})
    with open(os.path.join(HERE, "data.csv"), "w") as f:
        f.write("x1,x2,y\n")
        for row, label in zip(x.tolist(), y.tolist()):
            f.write("%r,%r,%d\n" % (row[0], row[1], int(label)))
    ref = {
        "torch": torch.__version__,
        "stateDict": [{"name": k, "shape": list(v.shape)} for k, v in sd.items()],
        "losses": losses(net, x, y),
    }
    with open(os.path.join(HERE, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
