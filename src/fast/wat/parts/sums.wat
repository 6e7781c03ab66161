;; {{name}}: sums over the samples for four points, lanes of (wA, bA) and of (wB, bB),
;; exactly as accumulatePoint adds them for loss {{loss}} (full = {{full}}: with the
;; Hessian and the count of wrong predictions, or loss and gradient only). Stored to the
;; scratch at $acc: the sums l, gw, gb[, hww, hwb, hbb, wrong] of A (16 bytes each),
;; then those of B at $acc + 112. The two vectors' statements interleave (two
;; independent chains per loop iteration sharing the sample loads).
(func {{name}} (param $wA v128) (param $bA v128) (param $wB v128) (param $bB v128) (param $sp i32) (param $n i32) (param $acc i32)
  (local $end i32) (local $x v128) (local $sm v128)
  (local $zs% v128) (local $ex% v128) (local $e% v128) (local $a% v128) (local $q% v128) (local $pos% v128) (local $P% v128)
  (local $d1% v128) (local $l% v128) (local $gw% v128) (local $gb% v128)
  ;; @locals exp_neg A B
  ;; @if loss=bce
  (local $blockEnd i32)
  (local $T% v128)
  ;; @end
  ;; @if full
  (local $lm v128)
  (local $s% v128) (local $t% v128) (local $hww% v128) (local $hwb% v128) (local $hbb% v128) (local $wrong% v128)
  ;; @end
  ;; @if loss=mse
  (local $d1p% v128)
  ;; @if !full
  (local $s% v128)
  ;; @end
  ;; @end
  ;; @if full
  (local $aq% v128)
  ;; @if loss=mse
  (local $Q% v128) (local $d2% v128)
  ;; @end
  ;; @else
  ;; @if loss=mse
  (local $aq% v128)
  ;; @end
  ;; @end
  (local.set $end (i32.add (local.get $sp) (i32.mul (local.get $n) (i32.const 24))))
  (block $done
    ;; @if loss=bce
    ;; The log1p terms are summed per block of 8 samples as one log1p (see 3-sums.wat).
    (loop $block
      (br_if $done (i32.ge_u (local.get $sp) (local.get $end)))
      (local.set $blockEnd (i32.add (local.get $sp) (i32.const 192)))
      (if (i32.gt_u (local.get $blockEnd) (local.get $end)) (then (local.set $blockEnd (local.get $end))))
      (local.set $T% (global.get $ZERO))
      (loop $next
    ;; @else
    (loop $next
      (br_if $done (i32.ge_u (local.get $sp) (local.get $end)))
    ;; @end
      (local.set $x (v128.load64_splat (local.get $sp)))
      (local.set $sm (v128.load64_splat offset=8 (local.get $sp)))
      ;; @if full
      (local.set $lm (v128.load64_splat offset=16 (local.get $sp)))
      ;; @end
      ;; z = w·x + b, negated for y = 1; ex = −|z|
      (local.set $zs% (v128.xor (f64x2.add (f64x2.mul (local.get $w%) (local.get $x)) (local.get $b%)) (local.get $sm)))
      (local.set $ex% (v128.or (local.get $zs%) (global.get $SIGN)))
      ;; @exp_neg A
      ;; @exp_neg B
      ;; a = 1/(1 + e), q = e·a; P = σ(zs), Q = σ(−zs) (sigmoid.ts)
      (local.set $a% (f64x2.div (global.get $ONE) (f64x2.add (global.get $ONE) (local.get $e%))))
      (local.set $q% (f64x2.mul (local.get $e%) (local.get $a%)))
      (local.set $pos% (f64x2.ge (local.get $zs%) (global.get $ZERO)))
      ;; @if loss=bce
      ;; @if !full
      (local.set $P% (v128.bitselect (local.get $a%) (local.get $q%) (local.get $pos%)))
      ;; @end
      ;; @end
      ;; @if full
      ;; P = pos ? a : q by one xor mask (fewer instructions than two selects), Q the other
      (local.set $aq% (v128.xor (local.get $a%) (local.get $q%)))
      (local.set $P% (v128.xor (local.get $q%) (v128.and (local.get $aq%) (local.get $pos%))))
      ;; @else
      ;; @if loss=mse
      (local.set $aq% (v128.xor (local.get $a%) (local.get $q%)))
      (local.set $P% (v128.xor (local.get $q%) (v128.and (local.get $aq%) (local.get $pos%))))
      ;; @end
      ;; @end
      ;; @if loss=mse
      ;; MSE (losses.ts): with P = σ(zs), Q = σ(−zs), s = P·Q:
      ;;   ℓ = P·P, ℓ' = ±(2P)·s, ℓ'' = (2s)·s + (2P·s)·(Q − P)
      ;; equal to r², 2rs and 2s² + 2rs(q − p) bit for bit (negating r and q − p together
      ;; leaves their product unchanged).
      ;; @if full
      (local.set $Q% (v128.xor (local.get $P%) (local.get $aq%)))
      (local.set $s% (f64x2.mul (local.get $P%) (local.get $Q%)))
      ;; @else
      (local.set $s% (f64x2.mul (local.get $a%) (local.get $q%)))
      ;; @end
      (local.set $d1p% (f64x2.mul (f64x2.add (local.get $P%) (local.get $P%)) (local.get $s%)))
      (local.set $d1% (v128.xor (local.get $d1p%) (local.get $sm)))
      ;; @if full
      ;; @ab
      (local.set $d2%
        (f64x2.add (f64x2.mul (f64x2.add (local.get $s%) (local.get $s%)) (local.get $s%))
                   (f64x2.mul (local.get $d1p%) (f64x2.sub (local.get $Q%) (local.get $P%)))))
      ;; @end
      ;; @end
      (local.set $l% (f64x2.add (local.get $l%) (f64x2.mul (local.get $P%) (local.get $P%))))
      ;; @else
      ;; BCE (losses.ts): ℓ = max(zs, 0) + log1p(e), ℓ' = ±P, ℓ'' = s = P·Q = a·q.
      ;; @if full
      (local.set $s% (f64x2.mul (local.get $a%) (local.get $q%)))
      ;; @end
      (local.set $d1% (v128.xor (local.get $P%) (local.get $sm)))
      (local.set $T% (f64x2.add (f64x2.add (local.get $T%) (local.get $e%)) (f64x2.mul (local.get $T%) (local.get $e%))))
      ;; max(zs, 0): pmax differs from Math.max only in the sign of a zero, which
      ;; adding to a sum cannot see.
      (local.set $l% (f64x2.add (local.get $l%) (f64x2.pmax (local.get $zs%) (global.get $ZERO))))
      ;; @end
      (local.set $gw% (f64x2.add (local.get $gw%) (f64x2.mul (local.get $d1%) (local.get $x))))
      (local.set $gb% (f64x2.add (local.get $gb%) (local.get $d1%)))
      ;; @if full
      ;; @if loss=mse
      (local.set $t% (f64x2.mul (local.get $d2%) (local.get $x)))
      ;; @else
      (local.set $t% (f64x2.mul (local.get $s%) (local.get $x)))
      ;; @end
      (local.set $hww% (f64x2.add (local.get $hww%) (f64x2.mul (local.get $t%) (local.get $x))))
      (local.set $hwb% (f64x2.add (local.get $hwb%) (local.get $t%)))
      ;; @if loss=mse
      (local.set $hbb% (f64x2.add (local.get $hbb%) (local.get $d2%)))
      ;; @else
      (local.set $hbb% (f64x2.add (local.get $hbb%) (local.get $s%)))
      ;; @end
      ;; wrong when (p > 0.5) ≠ (y = 1); p is Q when y = 1 (zs = −z)
      ;; @ab
      (local.set $wrong%
        (i64x2.sub (local.get $wrong%)
          (v128.xor (f64x2.gt (v128.xor (local.get $P%) (v128.and (local.get $aq%) (local.get $lm))) (global.get $HALF))
                    (local.get $lm))))
      ;; @end
      ;; @end
      (local.set $sp (i32.add (local.get $sp) (i32.const 24)))
      ;; @if loss=bce
      (br_if $next (i32.lt_u (local.get $sp) (local.get $blockEnd))))
      (local.set $l% (f64x2.add (local.get $l%) (call $log1p_pos (local.get $T%))))
      (br $block)))
      ;; @else
      (br $next)))
      ;; @end
  (v128.store offset=<0> (local.get $acc) (local.get $l%))
  (v128.store offset=<16> (local.get $acc) (local.get $gw%))
  (v128.store offset=<32> (local.get $acc) (local.get $gb%))
  ;; @if full
  (v128.store offset=<48> (local.get $acc) (local.get $hww%))
  (v128.store offset=<64> (local.get $acc) (local.get $hwb%))
  (v128.store offset=<80> (local.get $acc) (local.get $hbb%))
  (v128.store offset=<96> (local.get $acc) (local.get $wrong%))
  ;; @end
  )
