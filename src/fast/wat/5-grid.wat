;; Part of the kernel module (see 0-module.wat): means, |∇L|, eigenvalues; grid and point lists.

;; Math.hypot(a, b) as V8 computes it (builtins/math.tq): m = max(|a|, |b|),
;; sqrt((|a|/m)² + (|b|/m)²)·m, and 0 when m = 0.
(func $hypot (param $a v128) (param $b v128) (result v128)
  (local $m v128) (local $u v128) (local $v v128)
  (local.set $a (f64x2.abs (local.get $a)))
  (local.set $b (f64x2.abs (local.get $b)))
  (local.set $m (f64x2.max (local.get $a) (local.get $b)))
  (local.set $u (f64x2.div (local.get $a) (local.get $m)))
  (local.set $v (f64x2.div (local.get $b) (local.get $m)))
  (v128.andnot
    (f64x2.mul
      (f64x2.sqrt (f64x2.add (f64x2.mul (local.get $u) (local.get $u)) (f64x2.mul (local.get $v) (local.get $v))))
      (local.get $m))
    (f64x2.eq (local.get $m) (global.get $ZERO))))

;; Stores lane 0 of v at addr, and lane 1 at addr + 8 when $both.
(func $store (param $addr i32) (param $v v128) (param $both i32)
  (if (local.get $both)
    (then (v128.store align=8 (local.get $addr) (local.get $v)))
    (else (v128.store64_lane 0 (local.get $addr) (local.get $v)))))

;; From the sums of two points at $acc, writes the seven fields of grid.ts (loss, gradW,
;; gradB, gradNorm, eigMin, eigMax, accuracy) at $out + f·$stride, as point.ts and
;; grid.ts compute them; only the first four when $full is 0.
(func $finish2 (param $acc i32) (param $n i32) (param $out i32) (param $stride i32) (param $both i32) (param $full i32)
  (local $nv v128) (local $gw v128) (local $gb v128) (local $ha v128) (local $hc v128) (local $hd v128)
  (local $m v128) (local $rho v128) (local $big v128) (local $other v128) (local $le v128) (local $flat v128)
  (local $lo v128) (local $hi v128) (local $wrong v128) (local $nn i64)
  (local.set $nv (f64x2.splat (f64.convert_i32_u (local.get $n))))
  (call $store (local.get $out) (f64x2.div (v128.load (local.get $acc)) (local.get $nv)) (local.get $both))
  (local.set $gw (f64x2.div (v128.load offset=16 (local.get $acc)) (local.get $nv)))
  (local.set $gb (f64x2.div (v128.load offset=32 (local.get $acc)) (local.get $nv)))
  (call $store (i32.add (local.get $out) (local.get $stride)) (local.get $gw) (local.get $both))
  (call $store (i32.add (local.get $out) (i32.mul (local.get $stride) (i32.const 2))) (local.get $gb) (local.get $both))
  (call $store (i32.add (local.get $out) (i32.mul (local.get $stride) (i32.const 3)))
    (call $hypot (local.get $gw) (local.get $gb)) (local.get $both))
  (if (i32.eqz (local.get $full)) (then (return)))
  (local.set $ha (f64x2.div (v128.load offset=48 (local.get $acc)) (local.get $nv)))
  (local.set $hc (f64x2.div (v128.load offset=64 (local.get $acc)) (local.get $nv)))
  (local.set $hd (f64x2.div (v128.load offset=80 (local.get $acc)) (local.get $nv)))
  ;; symmetricEigenvalues2 (eigen.ts): m = (a + d)/2, ρ = hypot((a − d)/2, c),
  ;; big = m ± ρ (sign of m), other = (a·d − c·c)/big; both m when ρ = 0.
  (local.set $m (f64x2.div (f64x2.add (local.get $ha) (local.get $hd)) (global.get $TWO)))
  (local.set $rho (call $hypot (f64x2.div (f64x2.sub (local.get $ha) (local.get $hd)) (global.get $TWO)) (local.get $hc)))
  (local.set $big
    (v128.bitselect (f64x2.add (local.get $m) (local.get $rho)) (f64x2.sub (local.get $m) (local.get $rho))
                    (f64x2.ge (local.get $m) (global.get $ZERO))))
  (local.set $other
    (f64x2.div (f64x2.sub (f64x2.mul (local.get $ha) (local.get $hd)) (f64x2.mul (local.get $hc) (local.get $hc)))
               (local.get $big)))
  (local.set $le (f64x2.ge (local.get $big) (local.get $other)))
  (local.set $flat (f64x2.eq (local.get $rho) (global.get $ZERO)))
  (local.set $lo (v128.bitselect (local.get $m)
                   (v128.bitselect (local.get $other) (local.get $big) (local.get $le)) (local.get $flat)))
  (local.set $hi (v128.bitselect (local.get $m)
                   (v128.bitselect (local.get $big) (local.get $other) (local.get $le)) (local.get $flat)))
  (call $store (i32.add (local.get $out) (i32.mul (local.get $stride) (i32.const 4))) (local.get $lo) (local.get $both))
  (call $store (i32.add (local.get $out) (i32.mul (local.get $stride) (i32.const 5))) (local.get $hi) (local.get $both))
  ;; accuracy = (n − wrong)/n
  (local.set $wrong (v128.load offset=96 (local.get $acc)))
  (local.set $nn (i64.extend_i32_u (local.get $n)))
  (call $store (i32.add (local.get $out) (i32.mul (local.get $stride) (i32.const 6)))
    (f64x2.div
      (f64x2.replace_lane 1
        (f64x2.splat (f64.convert_i64_s (i64.sub (local.get $nn) (i64x2.extract_lane 0 (local.get $wrong)))))
        (f64.convert_i64_s (i64.sub (local.get $nn) (i64x2.extract_lane 1 (local.get $wrong)))))
      (local.get $nv))
    (local.get $both)))

;; Evaluates four points (w, b) = lanes of (wA, bA), (wB, bB), of which the first $valid
;; (1 to 4) are real, and writes their fields at $out (see $finish2). The sums of the
;; second pair go to $acc + 112.
(func $eval4 (param $loss i32) (param $full i32) (param $wA v128) (param $bA v128) (param $wB v128) (param $bB v128)
             (param $sp i32) (param $n i32) (param $acc i32) (param $out i32) (param $stride i32) (param $valid i32)
  (if (local.get $full)
    (then
      (if (local.get $loss)
        (then (call $bce4 (local.get $wA) (local.get $bA) (local.get $wB) (local.get $bB) (local.get $sp) (local.get $n) (local.get $acc)))
        (else (call $mse4 (local.get $wA) (local.get $bA) (local.get $wB) (local.get $bB) (local.get $sp) (local.get $n) (local.get $acc)))))
    (else
      (if (local.get $loss)
        (then (call $bce4lg (local.get $wA) (local.get $bA) (local.get $wB) (local.get $bB) (local.get $sp) (local.get $n) (local.get $acc)))
        (else (call $mse4lg (local.get $wA) (local.get $bA) (local.get $wB) (local.get $bB) (local.get $sp) (local.get $n) (local.get $acc))))))
  (call $finish2 (local.get $acc) (local.get $n) (local.get $out) (local.get $stride)
    (i32.gt_u (local.get $valid) (i32.const 1)) (local.get $full))
  (if (i32.gt_u (local.get $valid) (i32.const 2))
    (then
      (call $finish2 (i32.add (local.get $acc) (i32.const 112)) (local.get $n) (i32.add (local.get $out) (i32.const 16))
        (local.get $stride) (i32.gt_u (local.get $valid) (i32.const 3)) (local.get $full)))))

(func $min4 (param $left i32) (result i32)
  (select (local.get $left) (i32.const 4) (i32.lt_u (local.get $left) (i32.const 4))))

;; Rows [lo, hi) of a grid: point (w[j], b[i]) goes to index i·cols + j of each
;; field, four columns at a time. w must be padded to a multiple of 4 values.
;; $loss: 0 = MSE, 1 = BCE. $full: 1 = all seven fields, 0 = loss, gradW, gradB,
;; gradNorm only. $acc: 224 bytes of scratch, distinct per thread.
(func $grid (export "grid") (param $loss i32) (param $sp i32) (param $n i32) (param $wp i32) (param $cols i32)
                      (param $bp i32) (param $lo i32) (param $hi i32) (param $out i32) (param $stride i32)
                      (param $acc i32) (param $full i32)
  (local $i i32) (local $j i32) (local $bv v128) (local $wj i32)
  (local.set $i (local.get $lo))
  (block $rowsDone
    (loop $row
      (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $hi)))
      (local.set $bv (v128.load64_splat (i32.add (local.get $bp) (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $j (i32.const 0))
      (loop $col
        (local.set $wj (i32.add (local.get $wp) (i32.shl (local.get $j) (i32.const 3))))
        (call $eval4 (local.get $loss) (local.get $full)
          (v128.load align=8 (local.get $wj)) (local.get $bv)
          (v128.load offset=16 align=8 (local.get $wj)) (local.get $bv)
          (local.get $sp) (local.get $n) (local.get $acc)
          (i32.add (local.get $out)
            (i32.shl (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)) (i32.const 3)))
          (local.get $stride)
          (call $min4 (i32.sub (local.get $cols) (local.get $j))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br_if $col (i32.lt_u (local.get $j) (local.get $cols))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $row))))

;; Points [lo, hi) of a list (w[k], b[k]) → index k of each field, four at a time
;; (w and b padded to a multiple of 4 values).
(func $points (export "points") (param $loss i32) (param $sp i32) (param $n i32) (param $wp i32) (param $bp i32)
                        (param $lo i32) (param $hi i32) (param $out i32) (param $stride i32) (param $acc i32) (param $full i32)
  (local $k i32) (local $wk i32) (local $bk i32)
  (local.set $k (local.get $lo))
  (block $done
    (loop $next
      (br_if $done (i32.ge_u (local.get $k) (local.get $hi)))
      (local.set $wk (i32.add (local.get $wp) (i32.shl (local.get $k) (i32.const 3))))
      (local.set $bk (i32.add (local.get $bp) (i32.shl (local.get $k) (i32.const 3))))
      (call $eval4 (local.get $loss) (local.get $full)
        (v128.load align=8 (local.get $wk)) (v128.load align=8 (local.get $bk))
        (v128.load offset=16 align=8 (local.get $wk)) (v128.load offset=16 align=8 (local.get $bk))
        (local.get $sp) (local.get $n) (local.get $acc)
        (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3)))
        (local.get $stride)
        (call $min4 (i32.sub (local.get $hi) (local.get $k))))
      (local.set $k (i32.add (local.get $k) (i32.const 4)))
      (br $next))))
