;; Part of the kernel module (see 0-module.wat): sums over the samples, all fields (MSE).

;; Sums over the samples for four points: lanes of (wA, bA) and of (wB, bB), exactly as
;; accumulatePoint adds them: l, gw, gb, hww, hwb, hbb, and a count of wrong
;; predictions, stored to the scratch at $acc (7 × 16 bytes for A, then 7 × 16 for B).
;; The two vectors' code is the same, written twice (A, B): two independent chains per
;; loop iteration, sharing the sample loads.
;;
;; MSE (losses.ts): with P = σ(zs), Q = σ(−zs), s = P·Q:
;;   ℓ = P·P, ℓ' = ±(2P)·s, ℓ'' = (2s)·s + (2P·s)·(Q − P)
;; equal to r², 2rs and 2s² + 2rs(q − p) bit for bit (negating r and q − p together
;; leaves their product unchanged).
(func $mse4 (param $wA v128) (param $bA v128) (param $wB v128) (param $bB v128) (param $sp i32) (param $n i32) (param $acc i32)
  (local $end i32) (local $x v128) (local $sm v128) (local $lm v128) (local $zsA v128) (local $zsB v128)
  (local $exA v128) (local $exB v128) (local $eA v128) (local $eB v128) (local $ex_tA v128)
  (local $ex_tB v128) (local $ex_kA v128) (local $ex_kB v128) (local $ex_rA v128) (local $ex_rB v128)
  (local $ex_r2A v128) (local $ex_r2B v128) (local $ex_pA v128) (local $ex_aA v128) (local $ex_bA v128)
  (local $ex_pB v128) (local $ex_aB v128) (local $ex_bB v128) (local $aqA v128) (local $aqB v128) (local $aA v128) (local $aB v128) (local $qA v128)
  (local $qB v128) (local $posA v128) (local $posB v128) (local $PA v128) (local $PB v128) (local $QA v128)
  (local $QB v128) (local $sA v128) (local $sB v128) (local $d1pA v128) (local $d1pB v128) (local $d1A v128)
  (local $d1B v128) (local $d2A v128) (local $d2B v128) (local $tA v128) (local $tB v128) (local $lA v128)
  (local $lB v128) (local $gwA v128) (local $gwB v128) (local $gbA v128) (local $gbB v128) (local $hwwA v128)
  (local $hwwB v128) (local $hwbA v128) (local $hwbB v128) (local $hbbA v128) (local $hbbB v128)
  (local $wrongA v128) (local $wrongB v128)
  (local.set $end (i32.add (local.get $sp) (i32.mul (local.get $n) (i32.const 24))))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $sp) (local.get $end)))
      (local.set $x (v128.load64_splat (local.get $sp)))
      (local.set $sm (v128.load64_splat offset=8 (local.get $sp)))
      (local.set $lm (v128.load64_splat offset=16 (local.get $sp)))
      ;; z = w·x + b, negated for y = 1; ex = −|z|
      (local.set $zsA (v128.xor (f64x2.add (f64x2.mul (local.get $wA) (local.get $x)) (local.get $bA)) (local.get $sm)))
      (local.set $zsB (v128.xor (f64x2.add (f64x2.mul (local.get $wB) (local.get $x)) (local.get $bB)) (local.get $sm)))
      (local.set $exA (v128.or (local.get $zsA) (global.get $SIGN)))
      (local.set $exB (v128.or (local.get $zsB) (global.get $SIGN)))
      ;; >>> exp_neg: $eA = exp($exA), $exA ≤ 0. Reference copy in $exp_neg; every copy is
      ;; checked identical by scripts/build-wasm.mjs, so the accuracy test covers all.
      (local.set $exA (f64x2.pmax (local.get $exA) (global.get $EXP_MIN)))
      (local.set $ex_tA (f64x2.add (f64x2.mul (local.get $exA) (global.get $INV_LN2_N)) (global.get $SHIFT_N)))
      (local.set $ex_kA (f64x2.sub (local.get $ex_tA) (global.get $SHIFT_N)))
      (local.set $ex_rA
        (f64x2.sub (f64x2.sub (local.get $exA) (f64x2.mul (local.get $ex_kA) (global.get $LN2N_HI)))
                   (f64x2.mul (local.get $ex_kA) (global.get $LN2N_LO))))
      (local.set $ex_aA (v128.load (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $ex_tA)) (i32.const 127)) (i32.const 4))))
      (local.set $ex_bA (v128.load (i32.shl (i32.and (i32x4.extract_lane 2 (local.get $ex_tA)) (i32.const 127)) (i32.const 4))))
      (local.set $ex_r2A (f64x2.mul (local.get $ex_rA) (local.get $ex_rA)))
      (local.set $ex_pA
        (f64x2.add
          (f64x2.add
            (f64x2.add (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ex_aA) (local.get $ex_bA)) (local.get $ex_rA))
            (f64x2.mul (local.get $ex_r2A) (f64x2.add (global.get $C2) (f64x2.mul (local.get $ex_rA) (global.get $C3)))))
          (f64x2.mul (f64x2.mul (local.get $ex_r2A) (local.get $ex_r2A)) (f64x2.add (global.get $C4) (f64x2.mul (local.get $ex_rA) (global.get $C5))))))
      (local.set $ex_aA
        (i64x2.add (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $ex_aA) (local.get $ex_bA))
                   (i64x2.shl (local.get $ex_tA) (i32.const 45))))
      (local.set $eA
        (f64x2.mul (f64x2.add (local.get $ex_aA) (f64x2.mul (local.get $ex_aA) (local.get $ex_pA))) (global.get $TWO_M512)))
      ;; <<< exp_neg
      ;; >>> exp_neg: $eB = exp($exB), $exB ≤ 0. Reference copy in $exp_neg; every copy is
      ;; checked identical by scripts/build-wasm.mjs, so the accuracy test covers all.
      (local.set $exB (f64x2.pmax (local.get $exB) (global.get $EXP_MIN)))
      (local.set $ex_tB (f64x2.add (f64x2.mul (local.get $exB) (global.get $INV_LN2_N)) (global.get $SHIFT_N)))
      (local.set $ex_kB (f64x2.sub (local.get $ex_tB) (global.get $SHIFT_N)))
      (local.set $ex_rB
        (f64x2.sub (f64x2.sub (local.get $exB) (f64x2.mul (local.get $ex_kB) (global.get $LN2N_HI)))
                   (f64x2.mul (local.get $ex_kB) (global.get $LN2N_LO))))
      (local.set $ex_aB (v128.load (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $ex_tB)) (i32.const 127)) (i32.const 4))))
      (local.set $ex_bB (v128.load (i32.shl (i32.and (i32x4.extract_lane 2 (local.get $ex_tB)) (i32.const 127)) (i32.const 4))))
      (local.set $ex_r2B (f64x2.mul (local.get $ex_rB) (local.get $ex_rB)))
      (local.set $ex_pB
        (f64x2.add
          (f64x2.add
            (f64x2.add (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $ex_aB) (local.get $ex_bB)) (local.get $ex_rB))
            (f64x2.mul (local.get $ex_r2B) (f64x2.add (global.get $C2) (f64x2.mul (local.get $ex_rB) (global.get $C3)))))
          (f64x2.mul (f64x2.mul (local.get $ex_r2B) (local.get $ex_r2B)) (f64x2.add (global.get $C4) (f64x2.mul (local.get $ex_rB) (global.get $C5))))))
      (local.set $ex_aB
        (i64x2.add (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $ex_aB) (local.get $ex_bB))
                   (i64x2.shl (local.get $ex_tB) (i32.const 45))))
      (local.set $eB
        (f64x2.mul (f64x2.add (local.get $ex_aB) (f64x2.mul (local.get $ex_aB) (local.get $ex_pB))) (global.get $TWO_M512)))
      ;; <<< exp_neg
      ;; a = 1/(1 + e), q = e·a; P = σ(zs), Q = σ(−zs) (sigmoid.ts)
      (local.set $aA (f64x2.div (global.get $ONE) (f64x2.add (global.get $ONE) (local.get $eA))))
      (local.set $aB (f64x2.div (global.get $ONE) (f64x2.add (global.get $ONE) (local.get $eB))))
      (local.set $qA (f64x2.mul (local.get $eA) (local.get $aA)))
      (local.set $qB (f64x2.mul (local.get $eB) (local.get $aB)))
      (local.set $posA (f64x2.ge (local.get $zsA) (global.get $ZERO)))
      (local.set $posB (f64x2.ge (local.get $zsB) (global.get $ZERO)))
      ;; P = pos ? a : q, Q = the other, by one xor mask (fewer instructions than two selects)
      (local.set $aqA (v128.xor (local.get $aA) (local.get $qA)))
      (local.set $aqB (v128.xor (local.get $aB) (local.get $qB)))
      (local.set $PA (v128.xor (local.get $qA) (v128.and (local.get $aqA) (local.get $posA))))
      (local.set $PB (v128.xor (local.get $qB) (v128.and (local.get $aqB) (local.get $posB))))
      (local.set $QA (v128.xor (local.get $PA) (local.get $aqA)))
      (local.set $QB (v128.xor (local.get $PB) (local.get $aqB)))
      (local.set $sA (f64x2.mul (local.get $PA) (local.get $QA)))
      (local.set $sB (f64x2.mul (local.get $PB) (local.get $QB)))
      (local.set $d1pA (f64x2.mul (f64x2.add (local.get $PA) (local.get $PA)) (local.get $sA)))
      (local.set $d1pB (f64x2.mul (f64x2.add (local.get $PB) (local.get $PB)) (local.get $sB)))
      (local.set $d1A (v128.xor (local.get $d1pA) (local.get $sm)))
      (local.set $d1B (v128.xor (local.get $d1pB) (local.get $sm)))
      (local.set $d2A
        (f64x2.add (f64x2.mul (f64x2.add (local.get $sA) (local.get $sA)) (local.get $sA))
                   (f64x2.mul (local.get $d1pA) (f64x2.sub (local.get $QA) (local.get $PA)))))
      (local.set $d2B
        (f64x2.add (f64x2.mul (f64x2.add (local.get $sB) (local.get $sB)) (local.get $sB))
                   (f64x2.mul (local.get $d1pB) (f64x2.sub (local.get $QB) (local.get $PB)))))
      (local.set $lA (f64x2.add (local.get $lA) (f64x2.mul (local.get $PA) (local.get $PA))))
      (local.set $lB (f64x2.add (local.get $lB) (f64x2.mul (local.get $PB) (local.get $PB))))
      (local.set $gwA (f64x2.add (local.get $gwA) (f64x2.mul (local.get $d1A) (local.get $x))))
      (local.set $gwB (f64x2.add (local.get $gwB) (f64x2.mul (local.get $d1B) (local.get $x))))
      (local.set $gbA (f64x2.add (local.get $gbA) (local.get $d1A)))
      (local.set $gbB (f64x2.add (local.get $gbB) (local.get $d1B)))
      (local.set $tA (f64x2.mul (local.get $d2A) (local.get $x)))
      (local.set $tB (f64x2.mul (local.get $d2B) (local.get $x)))
      (local.set $hwwA (f64x2.add (local.get $hwwA) (f64x2.mul (local.get $tA) (local.get $x))))
      (local.set $hwwB (f64x2.add (local.get $hwwB) (f64x2.mul (local.get $tB) (local.get $x))))
      (local.set $hwbA (f64x2.add (local.get $hwbA) (local.get $tA)))
      (local.set $hwbB (f64x2.add (local.get $hwbB) (local.get $tB)))
      (local.set $hbbA (f64x2.add (local.get $hbbA) (local.get $d2A)))
      (local.set $hbbB (f64x2.add (local.get $hbbB) (local.get $d2B)))
      ;; wrong when (p > 0.5) ≠ (y = 1); p is Q when y = 1 (zs = −z)
      (local.set $wrongA
        (i64x2.sub (local.get $wrongA)
          (v128.xor (f64x2.gt (v128.xor (local.get $PA) (v128.and (local.get $aqA) (local.get $lm))) (global.get $HALF))
                    (local.get $lm))))
      (local.set $wrongB
        (i64x2.sub (local.get $wrongB)
          (v128.xor (f64x2.gt (v128.xor (local.get $PB) (v128.and (local.get $aqB) (local.get $lm))) (global.get $HALF))
                    (local.get $lm))))
      (local.set $sp (i32.add (local.get $sp) (i32.const 24)))
      (br $next)))
  (v128.store offset=0 (local.get $acc) (local.get $lA))
  (v128.store offset=112 (local.get $acc) (local.get $lB))
  (v128.store offset=16 (local.get $acc) (local.get $gwA))
  (v128.store offset=128 (local.get $acc) (local.get $gwB))
  (v128.store offset=32 (local.get $acc) (local.get $gbA))
  (v128.store offset=144 (local.get $acc) (local.get $gbB))
  (v128.store offset=48 (local.get $acc) (local.get $hwwA))
  (v128.store offset=160 (local.get $acc) (local.get $hwwB))
  (v128.store offset=64 (local.get $acc) (local.get $hwbA))
  (v128.store offset=176 (local.get $acc) (local.get $hwbB))
  (v128.store offset=80 (local.get $acc) (local.get $hbbA))
  (v128.store offset=192 (local.get $acc) (local.get $hbbB))
  (v128.store offset=96 (local.get $acc) (local.get $wrongA))
  (v128.store offset=208 (local.get $acc) (local.get $wrongB)))
