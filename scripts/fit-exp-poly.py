"""Coefficients of the exp polynomial in src/fast/wat/ (the exp_neg block, constants E0..E9 in 1-constants.wat).

e^r = 1 + r + r^2 * P(r) on |r| <= ln2/2 (slightly widened), P of degree 9: a
near-minimax fit (Chebyshev interpolation, mpmath.chebyfit) of (e^r - 1 - r)/r^2 at
50 digits, printed lowest degree first as the kernel's E0..E9 (rounded to float64).
The measured error of the whole exp against Math.exp is in test/fast-kernel.test.ts.

Usage: python3 scripts/fit-exp-poly.py   (needs mpmath)
"""
import mpmath as mp

mp.mp.dps = 50
h = mp.log(2) / 2 * mp.mpf("1.0001")


def g(r):
    if abs(r) < mp.mpf("1e-30"):
        return mp.mpf("0.5")
    return (mp.exp(r) - 1 - r) / r**2


poly, err = mp.chebyfit(g, [-h, h], 10, error=True)
print("approximation error of P:", mp.nstr(err, 5),
      "; relative to e^r at most:", mp.nstr(err * h * h / mp.exp(-h), 5))
for i, c in enumerate(reversed(poly)):
    print(f"E{i} = {float(c)!r}")
