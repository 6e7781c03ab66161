;; Part of the kernel module (see 0-module.wat): many-start SGD.

;; ------------------------------------------------------------ many-start SGD
;; trainMany (src/train/many.ts) with optimizer "sgd" for starts [lo, hi): params at
;; w[s], b[s] (updated in place), first epoch reaching the accuracy target at f[s]
;; (f64, −1 while none), counting epochs from $epoch0 (a long run is trained in groups of
;; epochs, one call each). Epoch e of the call reads its n sample records, in its batch
;; order, at sp + e·epochBytes (epochBytes = 0 when every epoch has the same order).
;; Structure of arrays: each step advances every start of the range over one batch,
;; four starts (two f64x2 vectors, A and B) at a time, exactly as the reference does:
;;   g = (Σ_batch ℓ'·(x, 1)) / |batch|    (accumulatePoint's sums and division)
;;   p ← p − lr·g                          (optimizers.ts, sgd)
;; with ℓ' from losses.ts (MSE: (2r)·s, BCE: r), as in $mse4/$bce4.
;; At each epoch's end: accuracyAt (many.ts): z > 1e-15, or 0 < z and
;; 1/(1 + exp(−z)) > 0.5, compared with y. For 0 < z ≤ 1e-15, exp(−z) is 1 − z rounded
;; (fdlibm's |x| < 2^-28 branch, which V8's Math.exp follows), and 1/d > 0.5 exactly
;; when the double d = 1 + (1 − z) is below 2 (d ≤ 2 − 2^-52 gives 1/d ≥ 0.5 + 2^-53
;; after rounding; d = 2 gives 0.5), so no exp or division is needed.
(func $train_sgd (export "train_sgd") (param $loss i32) (param $sp i32) (param $n i32) (param $batch i32)
    (param $epochs i32) (param $epoch0 i32) (param $epochBytes i32) (param $lr f64) (param $target f64)
    (param $wp i32) (param $bp i32) (param $fp i32) (param $lo i32) (param $hi i32)
  (local $ep i32) (local $rec i32) (local $end i32) (local $bs i32) (local $be i32) (local $k i32) (local $s i32)
  (local $lrv v128) (local $nb v128) (local $x v128) (local $sm v128) (local $lm v128)
  ;; the accuracy check (two starts at a time)
  (local $w v128) (local $b v128) (local $z v128) (local $pos v128)
  (local $wrong v128) (local $acc v128) (local $first v128) (local $nn i64) (local $nv v128)
  ;; the steps (four starts at a time: vectors A and B)
  (local $w% v128) (local $b% v128) (local $gw% v128) (local $gb% v128) (local $zs% v128) (local $ex% v128)
  (local $e% v128) (local $a% v128) (local $q% v128) (local $pos% v128) (local $P% v128) (local $d1% v128)
  ;; @locals exp_neg A B
  (local.set $lrv (f64x2.splat (local.get $lr)))
  (local.set $nn (i64.extend_i32_u (local.get $n)))
  (local.set $nv (f64x2.splat (f64.convert_i32_u (local.get $n))))
  (local.set $ep (i32.const 0))
  (block $epochsDone
    (loop $epoch
      (br_if $epochsDone (i32.ge_u (local.get $ep) (local.get $epochs)))
      (local.set $rec (i32.add (local.get $sp) (i32.mul (local.get $ep) (local.get $epochBytes))))
      (local.set $end (i32.add (local.get $rec) (i32.mul (local.get $n) (i32.const 24))))
      (local.set $bs (local.get $rec))
      ;; one step per batch [bs, be)
      (block $batchesDone
        (loop $step
          (br_if $batchesDone (i32.ge_u (local.get $bs) (local.get $end)))
          (local.set $be (i32.add (local.get $bs) (i32.mul (local.get $batch) (i32.const 24))))
          (if (i32.gt_u (local.get $be) (local.get $end)) (then (local.set $be (local.get $end))))
          (local.set $nb (f64x2.splat (f64.convert_i32_u (i32.div_u (i32.sub (local.get $be) (local.get $bs)) (i32.const 24)))))
          (local.set $s (local.get $lo))
          (block $startsDone
            (loop $start
              (br_if $startsDone (i32.ge_u (local.get $s) (local.get $hi)))
              (local.set $wA (v128.load align=8 (i32.add (local.get $wp) (i32.shl (local.get $s) (i32.const 3)))))
              (local.set $wB (v128.load offset=16 align=8 (i32.add (local.get $wp) (i32.shl (local.get $s) (i32.const 3)))))
              (local.set $bA (v128.load align=8 (i32.add (local.get $bp) (i32.shl (local.get $s) (i32.const 3)))))
              (local.set $bB (v128.load offset=16 align=8 (i32.add (local.get $bp) (i32.shl (local.get $s) (i32.const 3)))))
              (local.set $gw% (global.get $ZERO))
              (local.set $gb% (global.get $ZERO))
              (local.set $k (local.get $bs))
              (loop $sample
      (local.set $x (v128.load64_splat (local.get $k)))
      (local.set $sm (v128.load64_splat offset=8 (local.get $k)))
      (local.set $zs% (v128.xor (f64x2.add (f64x2.mul (local.get $w%) (local.get $x)) (local.get $b%)) (local.get $sm)))
      (local.set $ex% (v128.or (local.get $zs%) (global.get $SIGN)))
      ;; @exp_neg A
      ;; @exp_neg B
      (local.set $a% (f64x2.div (global.get $ONE) (f64x2.add (global.get $ONE) (local.get $e%))))
      (local.set $q% (f64x2.mul (local.get $e%) (local.get $a%)))
      (local.set $pos% (f64x2.ge (local.get $zs%) (global.get $ZERO)))
      (local.set $P% (v128.bitselect (local.get $a%) (local.get $q%) (local.get $pos%)))
      ;; ℓ' = ±(2P)·(P·Q) for MSE, ±P for BCE
      ;; @ab
      (local.set $d1%
        (v128.xor
          (if (result v128) (local.get $loss)
            (then (local.get $P%))
            (else
              (f64x2.mul (f64x2.add (local.get $P%) (local.get $P%))
                (f64x2.mul (local.get $P%) (v128.bitselect (local.get $q%) (local.get $a%) (local.get $pos%))))))
          (local.get $sm)))
      ;; @end
      (local.set $gw% (f64x2.add (local.get $gw%) (f64x2.mul (local.get $d1%) (local.get $x))))
      (local.set $gb% (f64x2.add (local.get $gb%) (local.get $d1%)))
      (local.set $k (i32.add (local.get $k) (i32.const 24)))
      (br_if $sample (i32.lt_u (local.get $k) (local.get $be))))
              (v128.store align=8 (i32.add (local.get $wp) (i32.shl (local.get $s) (i32.const 3)))
                (f64x2.sub (local.get $wA) (f64x2.mul (local.get $lrv) (f64x2.div (local.get $gwA) (local.get $nb)))))
              (v128.store offset=16 align=8 (i32.add (local.get $wp) (i32.shl (local.get $s) (i32.const 3)))
                (f64x2.sub (local.get $wB) (f64x2.mul (local.get $lrv) (f64x2.div (local.get $gwB) (local.get $nb)))))
              (v128.store align=8 (i32.add (local.get $bp) (i32.shl (local.get $s) (i32.const 3)))
                (f64x2.sub (local.get $bA) (f64x2.mul (local.get $lrv) (f64x2.div (local.get $gbA) (local.get $nb)))))
              (v128.store offset=16 align=8 (i32.add (local.get $bp) (i32.shl (local.get $s) (i32.const 3)))
                (f64x2.sub (local.get $bB) (f64x2.mul (local.get $lrv) (f64x2.div (local.get $gbB) (local.get $nb)))))
              (local.set $s (i32.add (local.get $s) (i32.const 4)))
              (br $start)))
          (local.set $bs (local.get $be))
          (br $step)))
      ;; accuracy at the epoch's end, and the first epoch reaching the target
      (local.set $s (local.get $lo))
      (block $accDone
        (loop $accStart
          (br_if $accDone (i32.ge_u (local.get $s) (local.get $hi)))
          (local.set $first (v128.load align=8 (i32.add (local.get $fp) (i32.shl (local.get $s) (i32.const 3)))))
          ;; Both starts already reached the target: nothing to record (as many.ts's `continue`).
          (if (i32.eqz (v128.any_true (f64x2.lt (local.get $first) (global.get $ZERO))))
            (then
              (local.set $s (i32.add (local.get $s) (i32.const 2)))
              (br $accStart)))
          (local.set $w (v128.load align=8 (i32.add (local.get $wp) (i32.shl (local.get $s) (i32.const 3)))))
          (local.set $b (v128.load align=8 (i32.add (local.get $bp) (i32.shl (local.get $s) (i32.const 3)))))
          (local.set $wrong (global.get $ZERO))
          (local.set $k (local.get $rec))
          (block $accSamplesDone
            (loop $accSample
              (br_if $accSamplesDone (i32.ge_u (local.get $k) (local.get $end)))
              (local.set $x (v128.load64_splat (local.get $k)))
              (local.set $lm (v128.load64_splat offset=16 (local.get $k)))
              (local.set $z (f64x2.add (f64x2.mul (local.get $w) (local.get $x)) (local.get $b)))
              (local.set $pos
                (v128.or
                  (f64x2.gt (local.get $z) (global.get $TINY_Z))
                  (v128.and
                    (f64x2.gt (local.get $z) (global.get $ZERO))
                    (f64x2.lt
                      (f64x2.add (global.get $ONE) (f64x2.sub (global.get $ONE) (local.get $z)))
                      (global.get $TWO)))))
              (local.set $wrong (i64x2.sub (local.get $wrong) (v128.xor (local.get $pos) (local.get $lm))))
              (local.set $k (i32.add (local.get $k) (i32.const 24)))
              (br $accSample)))
          ;; accuracy = (n − wrong)/n, as correct / x.length
          (local.set $acc
            (f64x2.div
              (f64x2.replace_lane 1
                (f64x2.splat (f64.convert_i64_s (i64.sub (local.get $nn) (i64x2.extract_lane 0 (local.get $wrong)))))
                (f64.convert_i64_s (i64.sub (local.get $nn) (i64x2.extract_lane 1 (local.get $wrong)))))
              (local.get $nv)))
          (v128.store align=8 (i32.add (local.get $fp) (i32.shl (local.get $s) (i32.const 3)))
            (v128.bitselect
              (f64x2.splat (f64.convert_i32_u (i32.add (local.get $epoch0) (local.get $ep))))
              (local.get $first)
              (v128.and (f64x2.lt (local.get $first) (global.get $ZERO))
                        (f64x2.ge (local.get $acc) (f64x2.splat (local.get $target))))))
          (local.set $s (i32.add (local.get $s) (i32.const 2)))
          (br $accStart)))
      (local.set $ep (i32.add (local.get $ep) (i32.const 1)))
      (br $epoch))))
