#!/usr/bin/env python3
"""Fixtures for every op the ONNX loader supports, exported by torch.onnx.export (opsets 13-17)
from small PyTorch models, with float64 autograd reference numbers.
Run: /usr/bin/python3 scripts/make-onnx-fixtures.py [OUTDIR]   (default: test/fixtures/onnx-ops)
Needs Debian's python3-torch (1.13) and python3-numpy. Writes per case NAME.onnx, NAME.npz (X, y),
NAME-v.safetensors (a vector for H·v, keyed by parameter name) and ops-reference.json with, per case,
the loss, the parameter list, value, accuracy, gradient and H·v by name, the dense Hessian's three
largest and smallest eigenvalues and trace, each parameter tensor's diagonal block's extreme
eigenvalues and trace, a 1-D slice along v (1-D entries zeroed), and one epoch
of SGD (lr 0.05, batches of 16 in file order). Models run in eval mode (BatchNorm running
statistics, Dropout off). A trailing Softmax is read by the loss as -log p_y (NLL of its log)."""
import io, json, os, struct, sys
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F

torch.set_default_dtype(torch.float64)
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "onnx-ops")
os.makedirs(OUT, exist_ok=True)


def safetensors(path, tensors):
    meta, off, blobs = {}, 0, []
    for k, t in tensors.items():
        b = t.detach().to(torch.float64).contiguous().numpy().astype("<f8").tobytes()
        meta[k] = {"dtype": "F64", "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        off += len(b); blobs.append(b)
    h = json.dumps(meta).encode(); h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h))); f.write(h); [f.write(b) for b in blobs]


class Residual(nn.Module):
    def __init__(self, d):
        super().__init__(); self.fc = nn.Linear(d, d)
    def forward(self, h):
        return h + torch.tanh(self.fc(h))


class MatMulLinear(nn.Module):
    """x @ Wᵀ + b written out: exported as Transpose, MatMul and Add."""
    def __init__(self, i, o):
        super().__init__(); self.weight = nn.Parameter(torch.randn(o, i) / i ** 0.5); self.bias = nn.Parameter(torch.zeros(o) + 0.1)
    def forward(self, x):
        return torch.matmul(x, self.weight.t()) + self.bias


class Arith(nn.Module):
    """Sub, Mul, Div with broadcasting against parameters; view(x.size(0), -1) gives the Shape chain."""
    def __init__(self, d):
        super().__init__()
        self.shift = nn.Parameter(torch.randn(d) * 0.1); self.scale = nn.Parameter(torch.ones(d) + 0.1 * torch.randn(d))
        self.denom = nn.Parameter(torch.ones(1, d) * 1.5); self.fc = nn.Linear(d, 2)
    def forward(self, x):
        h = (x - self.shift) * self.scale
        h = h / (self.denom + h * h)
        return self.fc(h.view(h.size(0), -1))


class ViewCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 2, 3, dilation=2, padding=1)
        self.dw = nn.Conv2d(2, 2, 3, groups=2, padding=1, stride=2)
        self.pool = nn.MaxPool2d(2, stride=1, ceil_mode=True)
        self.fc = nn.Linear(2 * 2 * 2, 1)
    def forward(self, x):
        h = self.pool(torch.relu(self.dw(F.leaky_relu(self.c1(x), 0.2))))
        return self.fc(h.view(h.size(0), -1))


def data_tab(n, d, seed):
    g = np.random.RandomState(seed); return g.randn(n, d)


def data_img(n, s, seed):
    g = np.random.RandomState(seed); return g.rand(n, 1, s, s)


def cases():
    g = np.random.RandomState(0)
    X = data_tab(64, 4, 1); y3 = (X[:, 0] + X[:, 1] > 0).astype(int) + (X[:, 2] > 0.5).astype(int)
    yield dict(name="gelu-matmul", loss="ce", opset=13, make=lambda: nn.Sequential(MatMulLinear(4, 6), nn.GELU(), nn.Linear(6, 3)), X=X, y=y3)
    Xb = data_tab(64, 3, 2); yb = (Xb[:, 0] * Xb[:, 1] > 0).astype(np.float64)
    yield dict(name="leaky-softplus", loss="bce", opset=14, make=lambda: nn.Sequential(nn.Linear(3, 6), nn.LeakyReLU(0.1), nn.Linear(6, 5), nn.Softplus(), nn.Linear(5, 1)), X=Xb, y=yb)
    Xr = data_tab(48, 3, 3); yr = np.stack([np.sin(Xr[:, 0]) + Xr[:, 1], Xr[:, 2] * Xr[:, 0]], 1)
    yield dict(name="elu-softsign-regression", loss="mse", opset=15, make=lambda: nn.Sequential(nn.Linear(3, 6), nn.ELU(0.7), nn.Linear(6, 5), nn.Softsign(), nn.Linear(5, 2)), X=Xr, y=yr)
    Xres = data_tab(64, 5, 4); yres = (Xres.sum(1) > 0).astype(int) + 2 * (Xres[:, 0] > 0).astype(int)
    yield dict(name="residual-logsoftmax", loss="ce", opset=16, make=lambda: nn.Sequential(nn.Linear(5, 6), Residual(6), nn.Dropout(0.3), Residual(6), nn.Linear(6, 4), nn.LogSoftmax(dim=1)), X=Xres, y=yres, compressed=True)
    Xs = data_tab(64, 3, 5); ys = (Xs[:, 0] > 0).astype(int) + (Xs[:, 1] > 0).astype(int)
    yield dict(name="sigmoid-softmax", loss="ce", opset=17, make=lambda: nn.Sequential(nn.Linear(3, 5), nn.Sigmoid(), nn.Linear(5, 3), nn.Softmax(dim=1)), X=Xs, y=ys)
    Xi = data_img(40, 6, 6); yi = (Xi[:, 0, :3].mean((1, 2)) > Xi[:, 0, 3:].mean((1, 2))).astype(int) + (Xi[:, 0, :, :3].mean((1, 2)) > 0.5).astype(int)
    yield dict(name="cnn-bn-avgpool", loss="ce", opset=13, make=lambda: nn.Sequential(nn.Conv2d(1, 3, 3, padding=1), nn.BatchNorm2d(3), nn.ReLU(), nn.AvgPool2d(2, padding=1), nn.Conv2d(3, 3, 2, stride=1), nn.Tanh(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(3, 3)), X=Xi, y=yi, compressed=True)
    Xv = data_img(40, 8, 7); yv = (Xv[:, 0].mean((1, 2)) > 0.5).astype(np.float64)
    yield dict(name="cnn-view-depthwise", loss="bce", opset=15, make=ViewCNN, X=Xv, y=yv)
    Xa = data_tab(48, 3, 8); ya = np.stack([Xa[:, 0] - Xa[:, 1], np.tanh(Xa[:, 2])], 1)
    yield dict(name="arith-broadcast", loss="mse", opset=14, make=lambda: Arith(3), X=Xa, y=ya)
    Xf = data_img(40, 5, 9).astype(np.float32); yf = (Xf[:, 0, 0].mean(1) > 0.5).astype(int) + (Xf[:, 0, :, 0].mean(1) > 0.5).astype(int)
    yield dict(name="cnn-bn-float32", loss="ce", opset=17, dtype="f32", make=lambda: nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ELU(), nn.MaxPool2d(2, ceil_mode=True), nn.Flatten(), nn.Linear(8, 3)), X=Xf, y=yf, compressed=True)
    # untrained: both BatchNorms hold weights of ones, biases and running means of zeros and variances of
    # ones, which the exporter deduplicates into Identity nodes of the first BatchNorm's initializers
    Xu = data_tab(48, 4, 10); yu = (Xu[:, 0] > 0).astype(int) + (Xu[:, 1] > 0.3).astype(int)
    yield dict(name="two-bn-untrained", loss="ce", opset=13, steps=0, make=lambda: nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 3)), X=Xu, y=yu)


def f32_attributes(m):
    for mod in m.modules():
        if isinstance(mod, (nn.BatchNorm1d, nn.BatchNorm2d)): mod.eps = float(np.float32(mod.eps))
        if isinstance(mod, nn.LeakyReLU): mod.negative_slope = float(np.float32(mod.negative_slope))
        if isinstance(mod, nn.ELU): mod.alpha = float(np.float32(mod.alpha))
    return m


def blocks_of(H, shapes):
    """Each parameter tensor's diagonal block of the dense Hessian: its extreme eigenvalues and trace."""
    out, o = {}, 0
    for k, _, n in shapes:
        B = H[o:o + n, o:o + n]; e = torch.linalg.eigvalsh(B)
        out[k] = {"lambda_max": e[-1].item(), "lambda_min": e[0].item(), "trace": torch.trace(B).item()}
        o += n
    return out


def loss_fn(kind, out, y, softmax):
    if kind == "ce":
        return F.nll_loss(torch.log(out), y) if softmax else F.cross_entropy(out, y)
    if kind == "bce":
        return F.binary_cross_entropy_with_logits(out.reshape(-1), y)
    return F.mse_loss(out.reshape(y.shape[0], -1), y.reshape(y.shape[0], -1))


def main():
    ref = {}
    for c in cases():
        name, kind = c["name"], c["loss"]; dtype = c.get("dtype", "f64")
        torch.manual_seed(len(name))
        m = f32_attributes(c["make"]())
        softmax = isinstance(list(m.modules())[-1], nn.Softmax)
        X, y = c["X"], c["y"]
        Xt = torch.tensor(np.asarray(X, dtype=np.float64)); yt = torch.tensor(y, dtype=torch.long) if kind == "ce" else torch.tensor(np.asarray(y, dtype=np.float64))
        opt = torch.optim.Adam(m.parameters(), lr=0.02); m.train()
        for _ in range(c.get("steps", 10)):
            opt.zero_grad(); loss_fn(kind, m(Xt), yt, softmax).backward(); opt.step()
        m.eval()
        if dtype == "f32":
            m = m.float(); m = m.double()
        mx = m.float() if dtype == "f32" else m
        xex = Xt[:2].float() if dtype == "f32" else Xt[:2]
        f = io.BytesIO()
        torch.onnx.export(mx, xex, f, input_names=["input"], output_names=["output"], dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
                          training=torch.onnx.TrainingMode.PRESERVE, opset_version=c["opset"])
        m = m.double(); m.eval()
        open(os.path.join(OUT, name + ".onnx"), "wb").write(f.getvalue())
        (np.savez_compressed if c.get("compressed") else np.savez)(os.path.join(OUT, name + ".npz"), X=X, y=y)
        params = dict(m.named_parameters()); flat0 = torch.cat([p.detach().reshape(-1) for p in params.values()])
        shapes = [(k, p.shape, p.numel()) for k, p in params.items()]

        def unflat(v):
            out, o = {}, 0
            for k, s, n in shapes:
                out[k] = v[o:o + n].reshape(s); o += n
            return out

        def L(flat, Xb=Xt, yb=yt):
            return loss_fn(kind, torch.func.functional_call(m, unflat(flat), (Xb,)) if hasattr(torch, "func") else torch.nn.utils.stateless.functional_call(m, unflat(flat), (Xb,)), yb, softmax)

        th = flat0.clone().requires_grad_(True)
        loss = L(th); gr = torch.autograd.grad(loss, th, create_graph=True)[0]
        gen = torch.Generator().manual_seed(11)
        v = torch.randn(th.numel(), generator=gen)
        hv = torch.autograd.grad(gr, th, v)[0]
        H = torch.autograd.functional.hessian(L, flat0.clone()); ev = torch.linalg.eigvalsh(H)
        d = v.clone() * 0.1; o = 0
        for _, shp, n in shapes:
            if len(shp) <= 1: d[o:o + n] = 0
            o += n
        with torch.no_grad():
            out = m(Xt); acc = None
            if kind == "ce": acc = (out.argmax(1) == yt).double().mean().item()
            if kind == "bce": acc = ((out.reshape(-1) > 0).double() == yt).double().mean().item()
            alphas = [-1.0, -0.5, 0.0, 0.5, 1.0]; sl = [L(flat0 + a * d).item() for a in alphas]
        safetensors(os.path.join(OUT, name + "-v.safetensors"), unflat(v))
        safetensors(os.path.join(OUT, name + "-d.safetensors"), unflat(d))
        w = flat0.clone()
        for s in range(0, len(Xt), 16):
            wg = w.clone().requires_grad_(True); lb = L(wg, Xt[s:s + 16], yt[s:s + 16])
            w = w - 0.05 * torch.autograd.grad(lb, wg)[0]
        byname = lambda t: {k: x.detach().reshape(-1).tolist() for k, x in unflat(t).items()}
        ops = sorted({n.op_type for n in __import__("onnx").load_from_string(f.getvalue()).graph.node})
        ref[name] = {
            "loss": kind, "opset": c["opset"], "export_dtype": dtype, "npz_compressed": bool(c.get("compressed")), "ops": ops, "P": th.numel(),
            "parameters": [{"name": k, "shape": list(s), "size": n} for k, s, n in shapes],
            "buffers": [k for k, _ in m.named_buffers() if "num_batches" not in k],
            "value": loss.item(), "accuracy": acc, "gradient": byname(gr), "hvp": byname(hv),
            "eig_top3": ev[-3:].flip(0).tolist(), "eig_bottom3": ev[:3].tolist(), "trace": torch.trace(H).item(),
            "blocks": blocks_of(H, shapes),
            "slice": {"alphas": alphas, "values": sl},
            "sgd": {"lr": 0.05, "batch": 16, "epochs": 1, "final_loss": L(w).item(), "final": byname(w)},
        }
        print(f"{name}: P={th.numel()} loss={loss.item():.6f} ops={ops}", flush=True)
    json.dump(ref, open(os.path.join(OUT, "ops-reference.json"), "w"))
    optimizers()


def optimizers():
    """torch.optim runs on leaky-softplus (its file and data): 3 epochs, batches of 16 in file order."""
    import onnx
    from onnx import numpy_helper
    m0 = onnx.load(os.path.join(OUT, "leaky-softplus.onnx"))
    inits = {t.name: torch.tensor(numpy_helper.to_array(t), dtype=torch.float64) for t in m0.graph.initializer}
    d = np.load(os.path.join(OUT, "leaky-softplus.npz")); X = torch.tensor(d["X"]); y = torch.tensor(d["y"])
    runs = {
        "momentum-nesterov-wd": (lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01), None),
        "momentum-step": (lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.8), ("step", 1, 0.5)),
        "sgd-cosine": (lambda ps: torch.optim.SGD(ps, lr=0.2, weight_decay=0.001), ("cosine", 3)),
        "adam-wd": (lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=0.01), None),
        "adamw": (lambda ps: torch.optim.AdamW(ps, lr=0.02, weight_decay=0.05), ("cosine", 2)),
    }
    out = {}
    for name, (make, sched) in runs.items():
        m = nn.Sequential(nn.Linear(3, 6), nn.LeakyReLU(float(np.float32(0.1))), nn.Linear(6, 5), nn.Softplus(), nn.Linear(5, 1))
        with torch.no_grad():
            for k, p in m.named_parameters(): p.copy_(inits[k])
        m.eval(); opt = make(m.parameters())
        sch = torch.optim.lr_scheduler.StepLR(opt, sched[1], sched[2]) if sched and sched[0] == "step" else torch.optim.lr_scheduler.CosineAnnealingLR(opt, sched[1]) if sched else None
        for ep in range(3):
            for s in range(0, len(X), 16):
                opt.zero_grad(); F.binary_cross_entropy_with_logits(m(X[s:s + 16]).reshape(-1), y[s:s + 16]).backward(); opt.step()
            if sch: sch.step()
        with torch.no_grad(): fl = F.binary_cross_entropy_with_logits(m(X).reshape(-1), y).item()
        out[name] = {"final_loss": fl, "final": {k: p.detach().reshape(-1).tolist() for k, p in m.named_parameters()}}
        print(f"optimizer {name}: final loss {fl:.6f}", flush=True)
    json.dump(out, open(os.path.join(OUT, "optimizers-reference.json"), "w"))


if __name__ == "__main__":
    main()
