"""Reference numbers for `sharpness --model` and `connect --model`: two small models exported from
PyTorch 1.13 (Debian's python3-torch), their data, two solutions A and B each, and float64 autograd
numbers to reproduce.
Run: /usr/bin/python3 scripts/make-geometry-fixtures.py [OUTDIR]   (default: test/fixtures/geometry-onnx)
Needs torch, onnx (for the export) and numpy. Cases:
  cnn  Conv2d(1,2,3) + BatchNorm2d + ReLU + Flatten + Linear(18,3) on 5×5 images, 3 classes, ce
  mlp  Linear(1,2) + Tanh + Linear(2,1), bce: P = 7, small enough to enumerate the box corners
Each is exported from an eval() model with training=TrainingMode.PRESERVE (BatchNorm stays its own
node, in eval mode: running statistics), as docs/pytorch-models.md says. Per case NAME it writes
NAME.onnx, NAME.npz (X, y), NAME-test.npz, NAME-a/-b.safetensors (two solutions: Adam from two
seeds), NAME-delta.safetensors (a perturbation δ), NAME-bend.safetensors (a bend), and
reference.json: the loss and accuracy along (1−t)A + tB at fixed t (train and test), L and ∇L at
A + δ, the Bezier and polychain curves' loss at the bend, and at A the dense Hessian's λ_max and trace;
and the bend trained from NAME-bend by torch.optim (Bezier: Adam lr 0.01; polychain: SGD momentum 0.9,
lr 0.05) for 6 steps at the t that `connect --seed 0` draws (BEND_TIMES), each step on the whole data."""
import io, json, os, struct, sys
import numpy as np, torch, torch.nn as nn

torch.set_default_dtype(torch.float64)
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "geometry-onnx")
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


def f32_eps(m):
    # ONNX stores BatchNorm's epsilon as float32: give torch the same value
    for mod in m.modules():
        if isinstance(mod, nn.BatchNorm2d): mod.eps = float(np.float32(mod.eps))
    return m


def cases():
    rng = np.random.default_rng(5)
    # images: a bright 2×2 patch in one of three places (class), plus noise
    def images(n):
        y = rng.integers(0, 3, n); X = rng.normal(0, 0.3, (n, 1, 5, 5))
        for i, c in enumerate(y): X[i, 0, 2 * (c % 2) + (c // 2):2 * (c % 2) + (c // 2) + 2, c:c + 2] += 1.0
        return X, y.astype(np.int64)
    Xc, yc = images(48); Xct, yct = images(24)
    yield "cnn", "ce", lambda: nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten(), nn.Linear(18, 3)), Xc, yc, Xct, yct
    def line(n):
        X = rng.uniform(-2, 2, (n, 1)); y = ((np.abs(X[:, 0]) < 1) ^ (rng.uniform(size=n) < 0.1)).astype(np.float64)
        return X, y
    Xm, ym = line(40); Xmt, ymt = line(20)
    yield "mlp", "bce", lambda: nn.Sequential(nn.Linear(1, 2), nn.Tanh(), nn.Linear(2, 1)), Xm, ym, Xmt, ymt


# The first t's of --seed 0 (bendTimes(0, 6) of src/geometry/curve-train.ts, xoshiro128** draws).
BEND_TIMES = [0.8868539502021594, 0.012474988946590604, 0.032522145755498943, 0.024408060085556516, 0.6123124436552245, 0.9550787958662977]


def loss_fn(kind, out, y):
    if kind == "ce": return nn.functional.cross_entropy(out, y)
    return nn.functional.binary_cross_entropy_with_logits(out.reshape(-1), y)


def accuracy(kind, out, y):
    if kind == "ce": return (out.argmax(1) == y).double().mean().item()
    return ((out.reshape(-1) > 0).double() == y).double().mean().item()


def main():
    ref = {}
    for name, kind, make, X, y, Xt_, yt_ in cases():
        Xt, yt = torch.tensor(X), torch.tensor(y)
        Xtest, ytest = torch.tensor(Xt_), torch.tensor(yt_)
        sols = []
        for seed in (1, 2):
            torch.manual_seed(seed)
            m = f32_eps(make()); opt = torch.optim.Adam(m.parameters(), lr=0.05); m.train()
            for _ in range(60):
                opt.zero_grad(); loss_fn(kind, m(Xt), yt).backward(); opt.step()
            m.eval(); sols.append(m)
        m = sols[0]
        f = io.BytesIO()
        torch.onnx.export(m, Xt[:2], f, input_names=["input"], output_names=["output"], dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
                          training=torch.onnx.TrainingMode.PRESERVE, opset_version=13)
        open(os.path.join(OUT, name + ".onnx"), "wb").write(f.getvalue())
        np.savez(os.path.join(OUT, name + ".npz"), X=X, y=y)
        np.savez(os.path.join(OUT, name + "-test.npz"), X=Xt_, y=yt_)
        shapes = [(k, p.shape, p.numel()) for k, p in m.named_parameters()]
        flat = lambda mod: torch.cat([p.detach().reshape(-1) for p in mod.parameters()])
        A, B = flat(sols[0]), flat(sols[1])

        def unflat(v):
            out, o = {}, 0
            for k, s, n in shapes:
                out[k] = v[o:o + n].reshape(s); o += n
            return out

        def out_at(v, x):
            return torch.nn.utils.stateless.functional_call(m, unflat(v), (x,))

        L = lambda v, x=Xt, t=yt: loss_fn(kind, out_at(v, x), t)
        gen = torch.Generator().manual_seed(11)
        delta = torch.randn(A.numel(), generator=gen) * 0.05 * (A.abs() + 1)
        bend = 0.5 * (A + B) + torch.randn(A.numel(), generator=gen) * 0.1
        ts = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0]
        with torch.no_grad():
            lin = [L((1 - t) * A + t * B).item() for t in ts]
            lin_acc = [accuracy(kind, out_at((1 - t) * A + t * B, Xt), yt) for t in ts]
            lin_test = [L((1 - t) * A + t * B, Xtest, ytest).item() for t in ts]
            bez = [L((1 - t) ** 2 * A + 2 * t * (1 - t) * bend + t ** 2 * B).item() for t in ts]
            poly = [L(A + 2 * t * (bend - A) if t <= 0.5 else bend + (2 * t - 1) * (B - bend)).item() for t in ts]
            la, lb = L(A).item(), L(B).item()
        th = (A + delta).clone().requires_grad_(True)
        ld = L(th); gd = torch.autograd.grad(ld, th)[0]
        H = torch.autograd.functional.hessian(lambda v: L(v), A.clone())
        ev = torch.linalg.eigvalsh(H)
        trained = {}
        for curve, make_opt in (("bezier", lambda p: torch.optim.Adam([p], lr=0.01)), ("polychain", lambda p: torch.optim.SGD([p], lr=0.05, momentum=0.9))):
            tb = bend.clone().requires_grad_(True); opt = make_opt(tb); hist = []
            for t in BEND_TIMES:
                opt.zero_grad()
                if curve == "bezier": point = (1 - t) ** 2 * A + 2 * t * (1 - t) * tb + t ** 2 * B
                else: point = A + 2 * t * (tb - A) if t <= 0.5 else tb + (2 * t - 1) * (B - tb)
                l = L(point); l.backward(); opt.step(); hist.append(l.item())
            trained[curve] = {"history": hist, "bend": tb.detach().tolist()}
        safetensors(os.path.join(OUT, name + "-a.safetensors"), unflat(A))
        safetensors(os.path.join(OUT, name + "-b.safetensors"), unflat(B))
        safetensors(os.path.join(OUT, name + "-delta.safetensors"), unflat(delta))
        safetensors(os.path.join(OUT, name + "-bend.safetensors"), unflat(bend))
        ref[name] = {
            "loss": kind, "P": A.numel(), "parameters": [{"name": k, "shape": list(s)} for k, s, _ in shapes],
            "lossA": la, "lossB": lb, "t": ts,
            "linear": {"loss": lin, "accuracy": lin_acc, "test": lin_test},
            "bezier": bez, "polychain": poly,
            "delta": {"loss": ld.item(), "gradient": gd.tolist()},
            "lambdaMax": ev[-1].item(), "trace": torch.trace(H).item(),
            "bendTimes": BEND_TIMES, "trained": trained,
        }
        print(f"{name}: P={A.numel()} L(A)={la:.5f} L(B)={lb:.5f} lmax={ev[-1].item():.4g} onnx={len(f.getvalue())} B", flush=True)
    json.dump(ref, open(os.path.join(OUT, "reference.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
