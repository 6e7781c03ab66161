#!/usr/bin/env python3
"""Checks that Li et al.'s own scripts read our surface files unchanged.

Usage: /usr/bin/python3 scripts/check-li-formats.py LI_REPO SLICE.h5 SLICE.json
  LI_REPO    a checkout of https://github.com/tomgoldstein/loss-landscape (not vendored)
  SLICE.h5   written by `loss-landscape slice … --format h5 --out SLICE.h5`
  SLICE.json the same slice as JSON (`--format json`), the reference values
Needs h5py, numpy, matplotlib and scipy (Debian: python3-h5py python3-matplotlib
python3-scipy). seaborn, which plot_2D.py imports for its heatmap only, is stubbed
with matplotlib's imshow when missing.

It reads the file as their plot_2D.py does (X, Y = meshgrid(x, y); Z = f['train_loss'])
and checks Z[i][k] is the JSON's loss at (alpha[k], beta[i]) and train_acc is 100 × the
accuracy; then runs their plot_2d_contour (contours, heatmap, 3-D surface) and
h5_to_vtp on the file and checks their outputs exist. Prints one line per check.
"""
import json
import os
import shutil
import sys
import tempfile
import types

import numpy as np
import h5py
import matplotlib

matplotlib.use("Agg")


def main():
    repo, h5, ref = sys.argv[1:4]
    doc = json.load(open(ref))
    with h5py.File(h5, "r") as f:
        x = f["xcoordinates"][:]
        y = f["ycoordinates"][:]
        Z = np.array(f["train_loss"][:])
        A = np.array(f["train_acc"][:])
    X, Y = np.meshgrid(x, y)
    assert X.shape == Z.shape, (X.shape, Z.shape)
    assert list(x) == doc["alpha"] and list(y) == doc["beta"]
    for i in range(len(y)):
        for k in range(len(x)):
            assert Z[i][k] == doc["fields"]["loss"][i][k]
            assert abs(A[i][k] - 100 * doc["fields"]["accuracy"][i][k]) < 1e-9
    print(f"h5py: Z[i][k] is the loss at (x[k], y[i]) for all {Z.size} points ({len(y)} rows × {len(x)} columns); train_acc in percent")

    if "seaborn" not in sys.modules:
        try:
            import seaborn  # noqa: F401
        except ImportError:
            import matplotlib.pyplot as plt

            sns = types.ModuleType("seaborn")

            def heatmap(Z, **kw):
                ax = plt.gca()
                ax.imshow(Z, cmap=kw.get("cmap"), vmin=kw.get("vmin"), vmax=kw.get("vmax"))
                return ax

            sns.heatmap = heatmap
            sys.modules["seaborn"] = sns
    sys.path.insert(0, repo)
    import plot_2D
    import h52vtp

    work = tempfile.mkdtemp()
    surf = os.path.join(work, "surface.h5")
    shutil.copy(h5, surf)
    lo, hi = float(Z.min()), float(Z.max())
    plot_2D.plot_2d_contour(surf, "train_loss", lo, hi + (hi - lo) / 10, (hi - lo) / 10)
    made = sorted(p for p in os.listdir(work) if p.endswith(".pdf"))
    assert len(made) == 4, made
    print(f"plot_2D.plot_2d_contour wrote {', '.join(made)}")
    h52vtp.h5_to_vtp(surf, "train_loss", log=False)
    vtp = surf + "_train_loss.vtp"
    assert os.path.getsize(vtp) > 0
    print(f"h52vtp.h5_to_vtp wrote {os.path.basename(vtp)} ({os.path.getsize(vtp)} bytes)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
