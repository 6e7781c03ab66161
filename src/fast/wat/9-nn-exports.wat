;; Part of the kernel module (see 0-module.wat): the network exports. nn_eval is one
;; evaluation (src/fast/nn-fast.ts); nn_slice evaluates points [lo, hi) of a slice
;; θ(α, β) = θ* + α·d1 + β·d2 (src/fast/nn-slice-fast.ts), each thread in its own work
;; area ($work + $slot·$wbytes), so results do not depend on which thread runs a point.

;; ‖g‖ over P entries as forward.ts's norm2: scale by the largest |g_j| so nothing overflows.
(func $norm2 (param $g i32) (param $P i32) (result f64)
  (local $j i32) (local $scale f64) (local $s f64) (local $t f64)
  (loop $max
    (local.set $scale (f64.max (local.get $scale) (f64.abs (f64.load (i32.add (local.get $g) (i32.shl (local.get $j) (i32.const 3)))))))
    (br_if $max (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $P))))
  ;; 0, ∞ and NaN are returned as they are (x − x is 0 only for finite x)
  (if (i32.or (f64.eq (local.get $scale) (f64.const 0)) (f64.ne (f64.sub (local.get $scale) (local.get $scale)) (f64.const 0)))
    (then (return (local.get $scale))))
  (local.set $j (i32.const 0))
  (loop $sum
    (local.set $t (f64.div (f64.load (i32.add (local.get $g) (i32.shl (local.get $j) (i32.const 3)))) (local.get $scale)))
    (local.set $s (f64.add (local.get $s) (f64.mul (local.get $t) (local.get $t))))
    (br_if $sum (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $P))))
  (f64.mul (local.get $scale) (f64.sqrt (local.get $s))))

;; One evaluation at the θ already in work area 0: res[0] mean loss, res[1] accuracy,
;; res[2] ‖∇L‖; the gradient (P entries) is at the work area's gradient offset.
(func $nn_eval (export "nn_eval") (param $desc i32) (param $layers i32) (param $n i32) (param $act i32) (param $loss i32)
      (param $x i32) (param $xs i32) (param $y i32) (param $work i32) (param $P i32) (param $res i32)
  (local $sums i32) (local $nf f64)
  (call $point (local.get $desc) (local.get $layers) (local.get $n) (local.get $act) (local.get $loss)
    (local.get $x) (local.get $xs) (local.get $y) (local.get $work) (i32.const 0) (local.get $n))
  (local.set $sums (i32.add (local.get $work) (i32.load offset=16 (local.get $desc))))
  (local.set $nf (f64.convert_i32_u (local.get $n)))
  (f64.store (local.get $res) (f64.div (f64.load (local.get $sums)) (local.get $nf)))
  (f64.store offset=8 (local.get $res) (f64.div (f64.load offset=8 (local.get $sums)) (local.get $nf)))
  (f64.store offset=16 (local.get $res)
    (call $norm2 (i32.add (local.get $work) (i32.load offset=12 (local.get $desc))) (local.get $P))))

;; Points [base + lo, base + hi) of a cols-wide slice (point p is row p / cols, column p mod cols):
;; loss, accuracy and ‖∇L‖ at $out + f·$stride + 8p. $d2 is 0 for a line. $batch > 0 streams
;; the samples through the network $batch at a time (work areas sized for $batch rows), with
;; the bits of one pass over all of them.
(func $nn_slice (export "nn_slice") (param $desc i32) (param $layers i32) (param $n i32) (param $act i32) (param $loss i32)
      (param $x i32) (param $xs i32) (param $y i32) (param $work i32) (param $wbytes i32) (param $slot i32) (param $batch i32)
      (param $P i32) (param $theta i32) (param $d1 i32) (param $d2 i32) (param $alpha i32) (param $cols i32) (param $beta i32)
      (param $out i32) (param $stride i32) (param $base i32) (param $lo i32) (param $hi i32)
  (local $w i32) (local $p i32) (local $j i32) (local $t i32) (local $a f64) (local $b f64) (local $sums i32) (local $nf f64)
  (local $off i32) (local $s i32) (local $m i32)
  (if (i32.or (i32.eqz (local.get $batch)) (i32.gt_u (local.get $batch) (local.get $n))) (then (local.set $batch (local.get $n))))
  (local.set $w (i32.add (local.get $work) (i32.mul (local.get $slot) (local.get $wbytes))))
  (local.set $t (i32.add (local.get $w) (i32.load offset=8 (local.get $desc))))
  (local.set $sums (i32.add (local.get $w) (i32.load offset=16 (local.get $desc))))
  (local.set $nf (f64.convert_i32_u (local.get $n)))
  (local.set $p (i32.add (local.get $base) (local.get $lo)))
  (local.set $hi (i32.add (local.get $base) (local.get $hi)))
  (block $done
    (loop $points
      (br_if $done (i32.ge_u (local.get $p) (local.get $hi)))
      (local.set $a (f64.load (i32.add (local.get $alpha) (i32.shl (i32.rem_u (local.get $p) (local.get $cols)) (i32.const 3)))))
      (local.set $b (f64.load (i32.add (local.get $beta) (i32.shl (i32.div_u (local.get $p) (local.get $cols)) (i32.const 3)))))
      ;; θ* + a·d1 + b·d2 in slice.ts's order
      (local.set $j (i32.const 0))
      (loop $theta
        (local.set $off (i32.shl (local.get $j) (i32.const 3)))
        (if (local.get $d2)
          (then
            (f64.store (i32.add (local.get $t) (local.get $off))
              (f64.add
                (f64.add (f64.load (i32.add (local.get $theta) (local.get $off)))
                         (f64.mul (local.get $a) (f64.load (i32.add (local.get $d1) (local.get $off)))))
                (f64.mul (local.get $b) (f64.load (i32.add (local.get $d2) (local.get $off)))))))
          (else
            (f64.store (i32.add (local.get $t) (local.get $off))
              (f64.add (f64.load (i32.add (local.get $theta) (local.get $off)))
                       (f64.mul (local.get $a) (f64.load (i32.add (local.get $d1) (local.get $off))))))))
        (br_if $theta (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $P))))
      (local.set $s (i32.const 0))
      (loop $batches
        (local.set $m (select (local.get $batch) (i32.sub (local.get $n) (local.get $s)) (i32.lt_u (i32.add (local.get $s) (local.get $batch)) (local.get $n))))
        (call $point (local.get $desc) (local.get $layers) (local.get $m) (local.get $act) (local.get $loss)
          (i32.add (local.get $x) (i32.mul (local.get $s) (local.get $xs))) (local.get $xs)
          (i32.add (local.get $y) (i32.shl (local.get $s) (i32.const 3))) (local.get $w) (local.get $s) (local.get $n))
        (br_if $batches (i32.lt_u (local.tee $s (i32.add (local.get $s) (local.get $m))) (local.get $n))))
      (local.set $off (i32.add (local.get $out) (i32.shl (local.get $p) (i32.const 3))))
      (f64.store (local.get $off) (f64.div (f64.load (local.get $sums)) (local.get $nf)))
      (f64.store (i32.add (local.get $off) (local.get $stride)) (f64.div (f64.load offset=8 (local.get $sums)) (local.get $nf)))
      (f64.store (i32.add (local.get $off) (i32.shl (local.get $stride) (i32.const 1)))
        (call $norm2 (i32.add (local.get $w) (i32.load offset=12 (local.get $desc))) (local.get $P)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $points))))

;; $mm of 7-nn-layers.wat as an export: the curvature engine (src/fast/hvp-fast.ts) chains
;; its matrix products from TypeScript, one call per product of a layer.
(func $nn_mm (export "nn_mm") (param $X i32) (param $xr i32) (param $xk i32) (param $K i32) (param $Y i32) (param $yk i32) (param $yc i32)
      (param $R i32) (param $C i32) (param $O i32) (param $os i32) (param $mode i32) (param $post i32)
  (call $mm (local.get $X) (local.get $xr) (local.get $xk) (local.get $K) (local.get $Y) (local.get $yk) (local.get $yc)
    (local.get $R) (local.get $C) (local.get $O) (local.get $os) (local.get $mode) (local.get $post)))

;; Elementwise steps of the R-operator (src/fast/hvp-fast.ts), count (even) entries each:
;; nn_mul: out = a ⊙ b (R{a} = f′ ⊙ R{z});  nn_rdelta: r ← f2 ⊙ rz ⊙ g + f1 ⊙ r (R{δ} from R{g}).
(func $nn_mul (export "nn_mul") (param $out i32) (param $a i32) (param $b i32) (param $count i32)
  (local $end i32)
  (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))))
  (if (i32.ge_u (local.get $out) (local.get $end)) (then (return)))
  (loop $each
    (v128.store (local.get $out) (f64x2.mul (v128.load (local.get $a)) (v128.load (local.get $b))))
    (local.set $a (i32.add (local.get $a) (i32.const 16)))
    (local.set $b (i32.add (local.get $b) (i32.const 16)))
    (br_if $each (i32.lt_u (local.tee $out (i32.add (local.get $out) (i32.const 16))) (local.get $end)))))
(func $nn_rdelta (export "nn_rdelta") (param $r i32) (param $f1 i32) (param $f2 i32) (param $rz i32) (param $g i32) (param $count i32)
  (local $end i32)
  (local.set $end (i32.add (local.get $r) (i32.shl (local.get $count) (i32.const 3))))
  (if (i32.ge_u (local.get $r) (local.get $end)) (then (return)))
  (loop $each
    (v128.store (local.get $r)
      (f64x2.add (f64x2.mul (f64x2.mul (v128.load (local.get $f2)) (v128.load (local.get $rz))) (v128.load (local.get $g)))
                 (f64x2.mul (v128.load (local.get $f1)) (v128.load (local.get $r)))))
    (local.set $f1 (i32.add (local.get $f1) (i32.const 16)))
    (local.set $f2 (i32.add (local.get $f2) (i32.const 16)))
    (local.set $rz (i32.add (local.get $rz) (i32.const 16)))
    (local.set $g (i32.add (local.get $g) (i32.const 16)))
    (br_if $each (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 16))) (local.get $end)))))
;; $act of 7-nn-layers.wat as an export: z ← f(z), f1 ← f′(z) over count (even) entries.
(func $nn_act (export "nn_act") (param $code i32) (param $z i32) (param $f1 i32) (param $count i32)
  (call $act (local.get $code) (local.get $z) (local.get $f1) (local.get $count)))
