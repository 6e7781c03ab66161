;; Part of the kernel module (see 0-module.wat): the shared memory and the constants.

(import "env" "memory" (memory 1 65536 shared))

;; exp, table-driven (the tables are in 1b-exp-table.wat): Cody–Waite reduction
;; x = k·ln2/128 + r, |r| ≤ ln2/256, k = nearest(x·128/ln2), then
;;   e^x = 2^floor(k/128) · T_j · (1 + tail_j + r + r²·(C2 + r·C3) + r⁴·(C4 + r·C5)),  j = k mod 128,
;; the method of musl's exp (ARM optimized-routines). C2..C5 are a near-minimax fit of
;; (e^r − 1 − r)/r² on |r| ≤ 1.01·ln2/256 (scripts/fit-exp-table.py: approximation error
;; 7e-20). 2^floor(k/128) is applied as 2^(floor(k/128)+512) added to T_j's exponent
;; bits, then one multiply by 2^-512, so subnormal results (x < −708.4) round once. x is
;; clamped at −746, where e^x already rounds to 0; that keeps k in range for any input.
;; k via the "shifter": x·128/ln2 + (1.5·2^52 + 512·128) rounds to an integer whose low
;; mantissa bits hold k + 65536: the low 7 bits index the table, and shifted left by 45
;; the bits add floor(k/128) + 512 to the exponent.
(global $EXP_MIN v128 (v128.const f64x2 -746 -746))
(global $INV_LN2_N v128 (v128.const f64x2 0x1.71547652b82fep+7 0x1.71547652b82fep+7))
(global $SHIFT_N v128 (v128.const f64x2 6755399441121280 6755399441121280))
;; ln2/128 split: the high part has 35 significant bits, so k·LN2N_HI is exact (|k| < 2^18).
(global $LN2N_HI v128 (v128.const f64x2 0x1.62e42fefc0000p-8 0x1.62e42fefc0000p-8))
(global $LN2N_LO v128 (v128.const f64x2 -0x1.c610ca86c3899p-44 -0x1.c610ca86c3899p-44))
(global $C2 v128 (v128.const f64x2 0.4999999999999903 0.4999999999999903))
(global $C3 v128 (v128.const f64x2 0.16666666666666527 0.16666666666666527))
(global $C4 v128 (v128.const f64x2 0.04166667705345528 0.04166667705345528))
(global $C5 v128 (v128.const f64x2 0.00833333481716024 0.00833333481716024))
(global $TWO_M512 v128 (v128.const f64x2 0x1p-512 0x1p-512))

(global $ZERO v128 (v128.const f64x2 0 0))
(global $HALF v128 (v128.const f64x2 0.5 0.5))
(global $ONE v128 (v128.const f64x2 1 1))
(global $TWO v128 (v128.const f64x2 2 2))
(global $SIGN v128 (v128.const i64x2 0x8000000000000000 0x8000000000000000))
(global $TINY_Z v128 (v128.const f64x2 1e-15 1e-15))

;; log1p: fdlibm's Lg1..Lg7, ln2 split as in fdlibm (LN2_HI has 32 significant bits, so
;; k·LN2_HI is exact), and the √2 reduction constants.
(global $LG1 v128 (v128.const f64x2 6.666666666666735130e-01 6.666666666666735130e-01))
(global $LG2 v128 (v128.const f64x2 3.999999999940941908e-01 3.999999999940941908e-01))
(global $LG3 v128 (v128.const f64x2 2.857142874366239149e-01 2.857142874366239149e-01))
(global $LG4 v128 (v128.const f64x2 2.222219843214978396e-01 2.222219843214978396e-01))
(global $LG5 v128 (v128.const f64x2 1.818357216161805012e-01 1.818357216161805012e-01))
(global $LG6 v128 (v128.const f64x2 1.531383769920937332e-01 1.531383769920937332e-01))
(global $LG7 v128 (v128.const f64x2 1.479819860511658591e-01 1.479819860511658591e-01))
(global $LN2_HI v128 (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01))
(global $LN2_LO v128 (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10))
(global $SQRT2_M1 v128 (v128.const f64x2 0.41421356237309503 0.41421356237309503))
(global $TWO52 v128 (v128.const f64x2 0x1p52 0x1p52))

