;; Part of the kernel module (see 0-module.wat): the shared memory and the constants.

(import "env" "memory" (memory 1 65536 shared))

;; exp: Cody–Waite reduction x = k·ln2 + r, |r| ≤ ln2/2, k = nearest(x/ln2), then
;; e^r = 1 + r + r²·P(r), P of degree 9 (near-minimax: mpmath.chebyfit in
;; scripts/fit-exp-poly.py; approximation error 1.8e-17 relative, < 0.2 ulp),
;; evaluated by Estrin's scheme for short dependency chains. 2^k is applied as
;; 2^(k+512) added to the exponent bits, then one multiply by 2^-512, so subnormal
;; results (x < −708.4) round once, as in fdlibm. x is clamped at −746, where e^x
;; already rounds to 0; that keeps k in range for any input.
;; k via the "shifter": x/ln2 + (1.5·2^52 + 512) rounds to an integer whose low
;; mantissa bits hold k + 512; shifting the bits left by 52 moves them to the exponent.
(global $EXP_MIN v128 (v128.const f64x2 -746 -746))
(global $INV_LN2 v128 (v128.const f64x2 1.4426950408889634 1.4426950408889634))
(global $SHIFT v128 (v128.const f64x2 6755399441056256 6755399441056256))
;; ln2 split as in fdlibm: the high part has 32 significant bits, so k·LN2_HI is exact.
(global $LN2_HI v128 (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01))
(global $LN2_LO v128 (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10))
(global $E0 v128 (v128.const f64x2 0.5000000000000001 0.5000000000000001))
(global $E1 v128 (v128.const f64x2 0.16666666666666669 0.16666666666666669))
(global $E2 v128 (v128.const f64x2 4.166666666662413e-02 4.166666666662413e-02))
(global $E3 v128 (v128.const f64x2 8.333333333330062e-03 8.333333333330062e-03))
(global $E4 v128 (v128.const f64x2 1.3888888917213717e-03 1.3888888917213717e-03))
(global $E5 v128 (v128.const f64x2 1.9841269863053618e-04 1.9841269863053618e-04))
(global $E6 v128 (v128.const f64x2 2.4801521295954376e-05 2.4801521295954376e-05))
(global $E7 v128 (v128.const f64x2 2.7557268459997064e-06 2.7557268459997064e-06))
(global $E8 v128 (v128.const f64x2 2.7620088445409746e-07 2.7620088445409746e-07))
(global $E9 v128 (v128.const f64x2 2.510038549551032e-08 2.510038549551032e-08))
(global $TWO_M512 v128 (v128.const f64x2 0x1p-512 0x1p-512))

(global $ZERO v128 (v128.const f64x2 0 0))
(global $HALF v128 (v128.const f64x2 0.5 0.5))
(global $ONE v128 (v128.const f64x2 1 1))
(global $TWO v128 (v128.const f64x2 2 2))
(global $SIGN v128 (v128.const i64x2 0x8000000000000000 0x8000000000000000))
(global $TINY_Z v128 (v128.const f64x2 1e-15 1e-15))

;; log1p: fdlibm's Lg1..Lg7 and the √2 reduction constants.
(global $LG1 v128 (v128.const f64x2 6.666666666666735130e-01 6.666666666666735130e-01))
(global $LG2 v128 (v128.const f64x2 3.999999999940941908e-01 3.999999999940941908e-01))
(global $LG3 v128 (v128.const f64x2 2.857142874366239149e-01 2.857142874366239149e-01))
(global $LG4 v128 (v128.const f64x2 2.222219843214978396e-01 2.222219843214978396e-01))
(global $LG5 v128 (v128.const f64x2 1.818357216161805012e-01 1.818357216161805012e-01))
(global $LG6 v128 (v128.const f64x2 1.531383769920937332e-01 1.531383769920937332e-01))
(global $LG7 v128 (v128.const f64x2 1.479819860511658591e-01 1.479819860511658591e-01))
(global $SQRT2_M1 v128 (v128.const f64x2 0.41421356237309503 0.41421356237309503))
(global $TWO52 v128 (v128.const f64x2 0x1p52 0x1p52))
