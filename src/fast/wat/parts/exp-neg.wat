;; exp_neg: $e% = exp($ex%) for $ex% ≤ 0 (one definition: src/fast/wat/parts/exp-neg.wat)
(local.set $ex% (f64x2.pmax (local.get $ex%) (global.get $EXP_MIN)))
(local.set $ex_t% (f64x2.add (f64x2.mul (local.get $ex%) (global.get $INV_LN2_N)) (global.get $SHIFT_N)))
(local.set $ex_k% (f64x2.sub (local.get $ex_t%) (global.get $SHIFT_N)))
(local.set $ex_r%
  (f64x2.sub (f64x2.sub (local.get $ex%) (f64x2.mul (local.get $ex_k%) (global.get $LN2N_HI)))
             (f64x2.mul (local.get $ex_k%) (global.get $LN2N_LO))))
(local.set $ex_a% (v128.load (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $ex_t%)) (i32.const 127)) (i32.const 4))))
(local.set $ex_b% (v128.load (i32.shl (i32.and (i32x4.extract_lane 2 (local.get $ex_t%)) (i32.const 127)) (i32.const 4))))
(local.set $ex_r2% (f64x2.mul (local.get $ex_r%) (local.get $ex_r%)))
(local.set $ex_p%
  (f64x2.add
    (f64x2.add
      (f64x2.add (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ex_a%) (local.get $ex_b%)) (local.get $ex_r%))
      (f64x2.mul (local.get $ex_r2%) (f64x2.add (global.get $C2) (f64x2.mul (local.get $ex_r%) (global.get $C3)))))
    (f64x2.mul (f64x2.mul (local.get $ex_r2%) (local.get $ex_r2%)) (f64x2.add (global.get $C4) (f64x2.mul (local.get $ex_r%) (global.get $C5))))))
(local.set $ex_a%
  (i64x2.add (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $ex_a%) (local.get $ex_b%))
             (i64x2.shl (local.get $ex_t%) (i32.const 45))))
(local.set $e%
  (f64x2.mul (f64x2.add (local.get $ex_a%) (f64x2.mul (local.get $ex_a%) (local.get $ex_p%))) (global.get $TWO_M512)))
