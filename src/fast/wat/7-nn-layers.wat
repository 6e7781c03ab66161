;; Part of the kernel module (see 0-module.wat): the dense-layer operations of a
;; multi-layer perceptron (the TypeScript reference is src/nn/forward.ts), f64x2.
;;
;; Every matrix is row-major with rows padded to a multiple of 4 entries and the sample
;; count padded to a multiple of 4 (src/fast/nn-layout.ts), so one register tile of
;; 4 rows × 4 columns (8 accumulators, two f64x2 per row) covers every shape without a
;; remainder loop. Each output entry sums its K products in order from 0, as the
;; reference does for z = a·Wᵀ + b and for ∂L/∂W, so those are bit-identical to it;
;; only δ·W sums in a different order (the reference groups four terms).

;; tanh on |z| < 0.625: t·P(t²)/Q(t²), the 8th convergent of Lambert's continued
;; fraction t/(1 + t²/(3 + t²/(5 + …))): relative error under 2 ulp there (checked
;; against mpmath); above, (1 − e)/(1 + e) with e = exp(−2|z|) has no cancellation.
(global $TANH_CUT v128 (v128.const f64x2 0.625 0.625))
(global $TP0 v128 (v128.const f64x2 34459425 34459425))
(global $TP1 v128 (v128.const f64x2 4729725 4729725))
(global $TP2 v128 (v128.const f64x2 135135 135135))
(global $TP3 v128 (v128.const f64x2 990 990))
(global $TQ1 v128 (v128.const f64x2 16216200 16216200))
(global $TQ2 v128 (v128.const f64x2 945945 945945))
(global $TQ3 v128 (v128.const f64x2 13860 13860))
(global $TQ4 v128 (v128.const f64x2 45 45))

;; O[r, c] = Σ_{k<K} X[r, k]·Y[k, c], then by $mode: 0 plus post[c] (a bias), 1 times
;; post[r, c] (f′, same strides as O), 2 as is; mode 3 starts the sums from O (a sum over
;; k continued in order across calls). X[r, k] is at X + r·xr + k·xk (bytes), so a
;; transposed X is the same call; Y[k, c..c+3] at Y + (c/4)·yc + k·yk: yc = 32 for a
;; row-major Y, yc = 32·K and yk = 32 for Y packed in 4-column panels (each tile then
;; reads Y contiguously); O[r, c] at O + r·os + 8c. R and C are multiples of 4, K ≥ 1.
(func $mm (param $X i32) (param $xr i32) (param $xk i32) (param $K i32) (param $Y i32) (param $yk i32) (param $yc i32)
          (param $R i32) (param $C i32) (param $O i32) (param $os i32) (param $mode i32) (param $post i32)
  (local $r i32) (local $c i32) (local $k i32) (local $x0 i32) (local $x1 i32) (local $x2 i32) (local $x3 i32)
  (local $yp i32) (local $op i32) (local $pp i32)
  (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
  (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
  (local $w0 v128) (local $w1 v128) (local $s v128) (local $u0 v128) (local $u1 v128)
  (loop $rows
    (local.set $c (i32.const 0))
    (loop $cols
      (local.set $op (i32.add (i32.add (local.get $O) (i32.mul (local.get $r) (local.get $os))) (i32.shl (local.get $c) (i32.const 3))))
      (if (i32.eq (local.get $mode) (i32.const 3))
        (then
          (local.set $pp (local.get $op))
          (local.set $a0 (v128.load (local.get $pp))) (local.set $a1 (v128.load offset=16 (local.get $pp)))
          (local.set $pp (i32.add (local.get $pp) (local.get $os)))
          (local.set $a2 (v128.load (local.get $pp))) (local.set $a3 (v128.load offset=16 (local.get $pp)))
          (local.set $pp (i32.add (local.get $pp) (local.get $os)))
          (local.set $a4 (v128.load (local.get $pp))) (local.set $a5 (v128.load offset=16 (local.get $pp)))
          (local.set $pp (i32.add (local.get $pp) (local.get $os)))
          (local.set $a6 (v128.load (local.get $pp))) (local.set $a7 (v128.load offset=16 (local.get $pp))))
        (else
          (local.set $a0 (global.get $ZERO)) (local.set $a1 (global.get $ZERO))
          (local.set $a2 (global.get $ZERO)) (local.set $a3 (global.get $ZERO))
          (local.set $a4 (global.get $ZERO)) (local.set $a5 (global.get $ZERO))
          (local.set $a6 (global.get $ZERO)) (local.set $a7 (global.get $ZERO))))
      (local.set $x0 (i32.add (local.get $X) (i32.mul (local.get $r) (local.get $xr))))
      (local.set $x1 (i32.add (local.get $x0) (local.get $xr)))
      (local.set $x2 (i32.add (local.get $x1) (local.get $xr)))
      (local.set $x3 (i32.add (local.get $x2) (local.get $xr)))
      (local.set $yp (i32.add (local.get $Y) (i32.mul (i32.shr_u (local.get $c) (i32.const 2)) (local.get $yc))))
      (local.set $k (local.get $K))
      (loop $inner
        (local.set $w0 (v128.load (local.get $yp)))
        (local.set $w1 (v128.load offset=16 (local.get $yp)))
        (local.set $s (v128.load64_splat (local.get $x0)))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $s) (local.get $w0))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $s) (local.get $w1))))
        (local.set $s (v128.load64_splat (local.get $x1)))
        (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $s) (local.get $w0))))
        (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $s) (local.get $w1))))
        (local.set $s (v128.load64_splat (local.get $x2)))
        (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $s) (local.get $w0))))
        (local.set $a5 (f64x2.add (local.get $a5) (f64x2.mul (local.get $s) (local.get $w1))))
        (local.set $s (v128.load64_splat (local.get $x3)))
        (local.set $a6 (f64x2.add (local.get $a6) (f64x2.mul (local.get $s) (local.get $w0))))
        (local.set $a7 (f64x2.add (local.get $a7) (f64x2.mul (local.get $s) (local.get $w1))))
        (local.set $x0 (i32.add (local.get $x0) (local.get $xk)))
        (local.set $x1 (i32.add (local.get $x1) (local.get $xk)))
        (local.set $x2 (i32.add (local.get $x2) (local.get $xk)))
        (local.set $x3 (i32.add (local.get $x3) (local.get $xk)))
        (local.set $yp (i32.add (local.get $yp) (local.get $yk)))
        (br_if $inner (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
      (if (i32.eqz (local.get $mode))
        (then
          (local.set $pp (i32.add (local.get $post) (i32.shl (local.get $c) (i32.const 3))))
          (local.set $u0 (v128.load (local.get $pp)))
          (local.set $u1 (v128.load offset=16 (local.get $pp)))
          (local.set $a0 (f64x2.add (local.get $a0) (local.get $u0))) (local.set $a1 (f64x2.add (local.get $a1) (local.get $u1)))
          (local.set $a2 (f64x2.add (local.get $a2) (local.get $u0))) (local.set $a3 (f64x2.add (local.get $a3) (local.get $u1)))
          (local.set $a4 (f64x2.add (local.get $a4) (local.get $u0))) (local.set $a5 (f64x2.add (local.get $a5) (local.get $u1)))
          (local.set $a6 (f64x2.add (local.get $a6) (local.get $u0))) (local.set $a7 (f64x2.add (local.get $a7) (local.get $u1)))))
      (if (i32.eq (local.get $mode) (i32.const 1))
        (then
          (local.set $pp (i32.add (i32.add (local.get $post) (i32.mul (local.get $r) (local.get $os))) (i32.shl (local.get $c) (i32.const 3))))
          (local.set $a0 (f64x2.mul (local.get $a0) (v128.load (local.get $pp))))
          (local.set $a1 (f64x2.mul (local.get $a1) (v128.load offset=16 (local.get $pp))))
          (local.set $pp (i32.add (local.get $pp) (local.get $os)))
          (local.set $a2 (f64x2.mul (local.get $a2) (v128.load (local.get $pp))))
          (local.set $a3 (f64x2.mul (local.get $a3) (v128.load offset=16 (local.get $pp))))
          (local.set $pp (i32.add (local.get $pp) (local.get $os)))
          (local.set $a4 (f64x2.mul (local.get $a4) (v128.load (local.get $pp))))
          (local.set $a5 (f64x2.mul (local.get $a5) (v128.load offset=16 (local.get $pp))))
          (local.set $pp (i32.add (local.get $pp) (local.get $os)))
          (local.set $a6 (f64x2.mul (local.get $a6) (v128.load (local.get $pp))))
          (local.set $a7 (f64x2.mul (local.get $a7) (v128.load offset=16 (local.get $pp))))))
      (v128.store (local.get $op) (local.get $a0))
      (v128.store offset=16 (local.get $op) (local.get $a1))
      (local.set $op (i32.add (local.get $op) (local.get $os)))
      (v128.store (local.get $op) (local.get $a2))
      (v128.store offset=16 (local.get $op) (local.get $a3))
      (local.set $op (i32.add (local.get $op) (local.get $os)))
      (v128.store (local.get $op) (local.get $a4))
      (v128.store offset=16 (local.get $op) (local.get $a5))
      (local.set $op (i32.add (local.get $op) (local.get $os)))
      (v128.store (local.get $op) (local.get $a6))
      (v128.store offset=16 (local.get $op) (local.get $a7))
      (br_if $cols (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 4))) (local.get $C))))
    (br_if $rows (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 4))) (local.get $R)))))

;; In place over count (even) entries at z: z ← f(z), f1 ← f′(z), for activation code
;; 0 sigmoid, 1 tanh, 2 relu, 3 softsign, 4 linear, each as src/nn/activations.ts writes it.
(func $act (param $code i32) (param $z i32) (param $f1 i32) (param $count i32)
  (local $end i32) (local $v v128) (local $t v128) (local $f v128) (local $p v128) (local $q v128)
  (local $big v128) (local $ge v128) (local $s v128) (local $e v128) (local $ex v128) (local $den v128)
  ;; @locals exp_neg 
  (local.set $end (i32.add (local.get $z) (i32.shl (local.get $count) (i32.const 3))))
  (if (i32.ge_u (local.get $z) (local.get $end)) (then (return)))
  (block $done
    (if (i32.eqz (local.get $code))
      (then
        ;; σ and 1 − σ from one exp of −|z|, as ../numerics/sigmoid.ts.
        (loop $sig
          (local.set $v (v128.load (local.get $z)))
          (local.set $ex (f64x2.neg (f64x2.abs (local.get $v))))
          ;; @exp_neg 
          (local.set $big (f64x2.div (global.get $ONE) (f64x2.add (global.get $ONE) (local.get $e))))
          (local.set $s (f64x2.mul (local.get $e) (local.get $big)))
          (local.set $ge (f64x2.ge (local.get $v) (global.get $ZERO)))
          (local.set $p (v128.bitselect (local.get $big) (local.get $s) (local.get $ge)))
          (local.set $q (v128.bitselect (local.get $s) (local.get $big) (local.get $ge)))
          (v128.store (local.get $z) (local.get $p))
          (v128.store (local.get $f1) (f64x2.mul (local.get $p) (local.get $q)))
          (local.set $f1 (i32.add (local.get $f1) (i32.const 16)))
          (br_if $sig (i32.lt_u (local.tee $z (i32.add (local.get $z) (i32.const 16))) (local.get $end))))
        (br $done)))
    (if (i32.eq (local.get $code) (i32.const 1))
      (then
        (loop $tanh
          (local.set $v (v128.load (local.get $z)))
          (local.set $t (f64x2.abs (local.get $v)))
          (local.set $ex (f64x2.mul (f64x2.neg (global.get $TWO)) (local.get $t)))
          ;; @exp_neg 
          (local.set $f (f64x2.div (f64x2.sub (global.get $ONE) (local.get $e)) (f64x2.add (global.get $ONE) (local.get $e))))
          (local.set $s (f64x2.mul (local.get $t) (local.get $t)))
          (local.set $p
            (f64x2.add (global.get $TP0) (f64x2.mul (local.get $s) (f64x2.add (global.get $TP1)
              (f64x2.mul (local.get $s) (f64x2.add (global.get $TP2) (f64x2.mul (local.get $s) (f64x2.add (global.get $TP3)
                (f64x2.mul (local.get $s) (global.get $ONE))))))))))
          (local.set $den
            (f64x2.add (global.get $TP0) (f64x2.mul (local.get $s) (f64x2.add (global.get $TQ1)
              (f64x2.mul (local.get $s) (f64x2.add (global.get $TQ2) (f64x2.mul (local.get $s) (f64x2.add (global.get $TQ3)
                (f64x2.mul (local.get $s) (global.get $TQ4))))))))))
          (local.set $q (f64x2.div (f64x2.mul (local.get $t) (local.get $p)) (local.get $den)))
          (local.set $f (v128.bitselect (local.get $q) (local.get $f) (f64x2.lt (local.get $t) (global.get $TANH_CUT))))
          ;; the sign of z back (tanh(−0) = −0 as Math.tanh)
          (local.set $f (v128.bitselect (local.get $v) (local.get $f) (global.get $SIGN)))
          (v128.store (local.get $z) (local.get $f))
          (v128.store (local.get $f1) (f64x2.sub (global.get $ONE) (f64x2.mul (local.get $f) (local.get $f))))
          (local.set $f1 (i32.add (local.get $f1) (i32.const 16)))
          (br_if $tanh (i32.lt_u (local.tee $z (i32.add (local.get $z) (i32.const 16))) (local.get $end))))
        (br $done)))
    (if (i32.eq (local.get $code) (i32.const 2))
      (then
        ;; PyTorch's f′(0) = 0; −0 and 0 both give 0.
        (loop $relu
          (local.set $v (v128.load (local.get $z)))
          (local.set $ge (f64x2.gt (local.get $v) (global.get $ZERO)))
          (v128.store (local.get $z) (v128.and (local.get $v) (local.get $ge)))
          (v128.store (local.get $f1) (v128.and (global.get $ONE) (local.get $ge)))
          (local.set $f1 (i32.add (local.get $f1) (i32.const 16)))
          (br_if $relu (i32.lt_u (local.tee $z (i32.add (local.get $z) (i32.const 16))) (local.get $end))))
        (br $done)))
    (if (i32.eq (local.get $code) (i32.const 3))
      (then
        (loop $softsign
          (local.set $v (v128.load (local.get $z)))
          (local.set $t (f64x2.add (global.get $ONE) (f64x2.abs (local.get $v))))
          (v128.store (local.get $z) (f64x2.div (local.get $v) (local.get $t)))
          (v128.store (local.get $f1) (f64x2.div (global.get $ONE) (f64x2.mul (local.get $t) (local.get $t))))
          (local.set $f1 (i32.add (local.get $f1) (i32.const 16)))
          (br_if $softsign (i32.lt_u (local.tee $z (i32.add (local.get $z) (i32.const 16))) (local.get $end))))
        (br $done)))
    ;; linear: z stays, f′ = 1
    (loop $linear
      (v128.store (local.get $f1) (global.get $ONE))
      (local.set $f1 (i32.add (local.get $f1) (i32.const 16)))
      (br_if $linear (i32.lt_u (local.tee $z (i32.add (local.get $z) (i32.const 16))) (local.get $end))))))
