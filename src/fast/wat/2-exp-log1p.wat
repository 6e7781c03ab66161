;; Part of the kernel module (see 0-module.wat): exp and log1p, vectorised.

;; exp(x) for x ≤ 0: the exp_neg block as a function (its test entry point; the hot loops
;; expand the same block inline).
(func $exp_neg (param $x v128) (result v128)
  (local $ex v128) (local $e v128)
  ;; @locals exp_neg 
  (local.set $ex (local.get $x))
  ;; @exp_neg
  (local.get $e))

;; ------------------------------------------------------------- log1p(t), t ≥ 0
;; fdlibm/musl log1p, lane-wise and branch-free: u = 1 + t = 2^k·m with
;; m ∈ [√2/2, √2), c = the rounding error of 1 + t divided by u, f = m − 1,
;; s = f/(2 + f), log(1+f) = f − hfsq + s·(hfsq + R(s²)) (|error| < 1 ulp).
;; For t < √2 − 1: k = 0, c = 0, f = t. Used on block sums t < 2^8, so k ≤ 8 and
;; musl's k ≥ 54 case cannot occur.
(func $log1p_pos (param $t v128) (result v128)
  (local $u v128) (local $hu v128) (local $dk v128) (local $c v128)
  (local $f v128) (local $small v128) (local $hfsq v128) (local $s v128) (local $z v128)
  (local $w v128) (local $R v128)
  (local.set $u (f64x2.add (global.get $ONE) (local.get $t)))
  ;; hu = high word of u + (0x3ff00000 − 0x3fe6a09e); k = (hu >> 20) − 0x3ff ≥ 0,
  ;; converted exactly to f64 through the 2^52 bias.
  (local.set $hu (i64x2.add (i64x2.shr_u (local.get $u) (i32.const 32)) (v128.const i64x2 0x95f62 0x95f62)))
  (local.set $dk
    (f64x2.sub
      (i64x2.add (i64x2.sub (i64x2.shr_u (local.get $hu) (i32.const 20)) (v128.const i64x2 0x3ff 0x3ff))
                 (v128.const i64x2 0x4330000000000000 0x4330000000000000))
      (global.get $TWO52)))
  ;; c = (k ≥ 2 ? 1 − (u − t) : t − (u − 1)) / u
  (local.set $c
    (f64x2.div
      (v128.bitselect
        (f64x2.sub (global.get $ONE) (f64x2.sub (local.get $u) (local.get $t)))
        (f64x2.sub (local.get $t) (f64x2.sub (local.get $u) (global.get $ONE)))
        (f64x2.ge (local.get $dk) (global.get $TWO)))
      (local.get $u)))
  ;; m: high word (hu & 0xfffff) + 0x3fe6a09e, low word of u kept.
  (local.set $f
    (f64x2.sub
      (v128.or
        (i64x2.add
          (i64x2.shl (v128.and (local.get $hu) (v128.const i64x2 0xfffff 0xfffff)) (i32.const 32))
          (v128.const i64x2 0x3fe6a09e00000000 0x3fe6a09e00000000))
        (v128.and (local.get $u) (v128.const i64x2 0xffffffff 0xffffffff)))
      (global.get $ONE)))
  (local.set $small (f64x2.lt (local.get $t) (global.get $SQRT2_M1)))
  (local.set $f (v128.bitselect (local.get $t) (local.get $f) (local.get $small)))
  (local.set $c (v128.andnot (local.get $c) (local.get $small)))
  (local.set $dk (v128.andnot (local.get $dk) (local.get $small)))
  (local.set $hfsq (f64x2.mul (f64x2.mul (global.get $HALF) (local.get $f)) (local.get $f)))
  (local.set $s (f64x2.div (local.get $f) (f64x2.add (global.get $TWO) (local.get $f))))
  (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
  (local.set $w (f64x2.mul (local.get $z) (local.get $z)))
  ;; R = z·(Lg1 + w·(Lg3 + w·(Lg5 + w·Lg7))) + w·(Lg2 + w·(Lg4 + w·Lg6))
  (local.set $R
    (f64x2.add
      (f64x2.mul (local.get $z)
        (f64x2.add (global.get $LG1)
          (f64x2.mul (local.get $w)
            (f64x2.add (global.get $LG3)
              (f64x2.mul (local.get $w) (f64x2.add (global.get $LG5) (f64x2.mul (local.get $w) (global.get $LG7))))))))
      (f64x2.mul (local.get $w)
        (f64x2.add (global.get $LG2)
          (f64x2.mul (local.get $w) (f64x2.add (global.get $LG4) (f64x2.mul (local.get $w) (global.get $LG6))))))))
  ;; s·(hfsq + R) + (dk·ln2_lo + c) − hfsq + f + dk·ln2_hi
  (f64x2.add
    (f64x2.add
      (f64x2.sub
        (f64x2.add
          (f64x2.mul (local.get $s) (f64x2.add (local.get $hfsq) (local.get $R)))
          (f64x2.add (f64x2.mul (local.get $dk) (global.get $LN2_LO)) (local.get $c)))
        (local.get $hfsq))
      (local.get $f))
    (f64x2.mul (local.get $dk) (global.get $LN2_HI))))

;; Test entry points: in place over n f64 at ptr (n even): exp (x ≤ 0), log1p (t ≥ 0).
(func $exp_neg_array (export "exp_neg_array") (param $ptr i32) (param $n i32)
  (local $end i32)
  (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 3))))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      (v128.store (local.get $ptr) (call $exp_neg (v128.load (local.get $ptr))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (br $next))))

(func $log1p_pos_array (export "log1p_pos_array") (param $ptr i32) (param $n i32)
  (local $end i32)
  (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 3))))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      (v128.store (local.get $ptr) (call $log1p_pos (v128.load (local.get $ptr))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (br $next))))
