;; Part of the kernel module (see 0-module.wat): Householder reduction of a dense symmetric
;; matrix to tridiagonal form, f64x2, for src/nn/symmetric-eigen.ts (the TypeScript
;; reference of the same steps is in src/nn/symmetric-eigen.ts; the blocked reduction for
;; large n is 9e-eigen-blocked.wat).
;;
;; The unblocked LAPACK dsytd2 scheme, reducing from the last row so the active block is
;; always the leading rows, with the two passes of each step over the lower triangle
;; (p = A u, then A ← A − u qᵀ − q uᵀ) fused into one: step i's update of row j is applied
;; in the same sweep that forms the next step's product A u′ from the updated entries. Row
;; i − 1, from which u′ is formed, is updated first. The matrix is read and written once
;; per step instead of read twice and written once; the arithmetic per entry is that of
;; the two-pass form, so results agree with it to rounding.
;;
;; $m: n × n row-major (lower triangle read and overwritten); $d, $e: n each (diagonal,
;; e[i] = T[i][i−1]); $u, $q, $un, $pn: n each, $u and $q zero on entry.
(func $tridiagonalize (export "tridiagonalize") (param $m i32) (param $n i32) (param $d i32) (param $e i32)
      (param $u i32) (param $q i32) (param $un i32) (param $pn i32)
  (local $i i32) (local $l i32) (local $k i32) (local $j i32) (local $row i32) (local $rj i32) (local $ns i32)
  (local $ui f64) (local $qi f64) (local $uj f64) (local $qj f64) (local $unj f64) (local $a f64)
  (local $scale f64) (local $hh f64) (local $f f64) (local $g f64) (local $s f64) (local $kk f64) (local $t f64)
  (local $trivial i32) (local $va v128) (local $acc v128) (local $suj v128) (local $sqj v128) (local $sunj v128)
  (local $kv i32) (local $off i32)
  (local.set $ns (i32.shl (local.get $n) (i32.const 3)))
  (local.set $i (i32.sub (local.get $n) (i32.const 1)))
  (block $out
    (loop $steps
      (br_if $out (i32.lt_s (local.get $i) (i32.const 1)))
      (local.set $l (i32.sub (local.get $i) (i32.const 1)))
      (local.set $row (i32.add (local.get $m) (i32.mul (local.get $i) (local.get $ns))))
      ;; 1. the pending update on row i (entries 0..i)
      (local.set $ui (f64.load (i32.add (local.get $u) (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $qi (f64.load (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 3)))))
      (local.set $k (i32.const 0))
      (loop $r1
        (local.set $off (i32.shl (local.get $k) (i32.const 3)))
        (f64.store (i32.add (local.get $row) (local.get $off))
          (f64.sub (f64.load (i32.add (local.get $row) (local.get $off)))
            (f64.add (f64.mul (local.get $ui) (f64.load (i32.add (local.get $q) (local.get $off))))
                     (f64.mul (local.get $qi) (f64.load (i32.add (local.get $u) (local.get $off)))))))
        (br_if $r1 (i32.le_s (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $i))))
      ;; 2. the Householder vector of row i's entries 0..l (scaled against overflow)
      (local.set $scale (f64.const 0))
      (local.set $k (i32.const 0))
      (loop $sc
        (local.set $scale (f64.add (local.get $scale) (f64.abs (f64.load (i32.add (local.get $row) (i32.shl (local.get $k) (i32.const 3)))))))
        (br_if $sc (i32.le_s (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $l))))
      (local.set $trivial (i32.or (i32.eqz (local.get $l)) (f64.eq (local.get $scale) (f64.const 0))))
      (local.set $hh (f64.const 0))
      (local.set $k (i32.const 0))
      (loop $hv
        (local.set $off (i32.shl (local.get $k) (i32.const 3)))
        (if (local.get $trivial)
          (then (f64.store (i32.add (local.get $un) (local.get $off)) (f64.const 0)))
          (else
            (local.set $t (f64.div (f64.load (i32.add (local.get $row) (local.get $off))) (local.get $scale)))
            (f64.store (i32.add (local.get $un) (local.get $off)) (local.get $t))
            (local.set $hh (f64.add (local.get $hh) (f64.mul (local.get $t) (local.get $t))))))
        (f64.store (i32.add (local.get $pn) (local.get $off)) (f64.const 0))
        (br_if $hv (i32.le_s (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $l))))
      (if (local.get $trivial)
        (then
          (f64.store (i32.add (local.get $e) (i32.shl (local.get $i) (i32.const 3)))
            (f64.load (i32.add (local.get $row) (i32.shl (local.get $l) (i32.const 3))))))
        (else
          (local.set $off (i32.shl (local.get $l) (i32.const 3)))
          (local.set $f (f64.load (i32.add (local.get $un) (local.get $off))))
          (local.set $g (f64.sqrt (local.get $hh)))
          (if (f64.ge (local.get $f) (f64.const 0)) (then (local.set $g (f64.neg (local.get $g)))))
          (f64.store (i32.add (local.get $e) (i32.shl (local.get $i) (i32.const 3))) (f64.mul (local.get $scale) (local.get $g)))
          (local.set $hh (f64.sub (local.get $hh) (f64.mul (local.get $f) (local.get $g))))
          (f64.store (i32.add (local.get $un) (local.get $off)) (f64.sub (local.get $f) (local.get $g)))))
      ;; 3. rows 0..l: the pending update, and pn = A un over the lower triangle, in one sweep
      ;; rows two at a time (each loaded u, q, u′ entry and each p′ store serves both), then an odd last row
      (local.set $j (i32.const 0))
      (block $pairs_done
        (loop $pairs
          (br_if $pairs_done (i32.ge_s (local.get $j) (local.get $l)))
          (call $sweep_pair (local.get $m) (local.get $ns) (local.get $u) (local.get $q) (local.get $un) (local.get $pn) (local.get $j))
          (local.set $j (i32.add (local.get $j) (i32.const 2)))
          (br $pairs)))
      (if (i32.le_s (local.get $j) (local.get $l))
        (then (call $sweep_row (local.get $m) (local.get $ns) (local.get $u) (local.get $q) (local.get $un) (local.get $pn) (local.get $j))))
      ;; 4. the next pending update: q = p − K u with p = pn / h, K = uᵀp / 2h (zero when trivial)
      (local.set $kk (f64.const 0))
      (if (i32.eqz (local.get $trivial))
        (then
          (local.set $k (i32.const 0))
          (loop $pk
            (local.set $off (i32.shl (local.get $k) (i32.const 3)))
            (local.set $t (f64.div (f64.load (i32.add (local.get $pn) (local.get $off))) (local.get $hh)))
            (f64.store (i32.add (local.get $pn) (local.get $off)) (local.get $t))
            (local.set $kk (f64.add (local.get $kk) (f64.mul (f64.load (i32.add (local.get $un) (local.get $off))) (local.get $t))))
            (br_if $pk (i32.le_s (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $l))))
          (local.set $kk (f64.div (local.get $kk) (f64.mul (f64.const 2) (local.get $hh))))))
      (local.set $k (i32.const 0))
      (loop $next
        (local.set $off (i32.shl (local.get $k) (i32.const 3)))
        (local.set $t (f64.load (i32.add (local.get $un) (local.get $off))))
        (f64.store (i32.add (local.get $u) (local.get $off)) (local.get $t))
        (f64.store (i32.add (local.get $q) (local.get $off))
          (if (result f64) (local.get $trivial) (then (f64.const 0))
            (else (f64.sub (f64.load (i32.add (local.get $pn) (local.get $off))) (f64.mul (local.get $kk) (local.get $t))))))
        (br_if $next (i32.le_s (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $l))))
      (local.set $off (i32.shl (local.get $i) (i32.const 3)))
      (f64.store (i32.add (local.get $u) (local.get $off)) (f64.const 0))
      (f64.store (i32.add (local.get $q) (local.get $off)) (f64.const 0))
      (local.set $i (local.get $l))
      (br $steps)))
  ;; the last pending update reaches entry (0, 0); then the diagonal
  (f64.store (local.get $m)
    (f64.sub (f64.load (local.get $m))
      (f64.add (f64.mul (f64.load (local.get $u)) (f64.load (local.get $q))) (f64.mul (f64.load (local.get $q)) (f64.load (local.get $u))))))
  (local.set $j (i32.const 0))
  (block $dd
    (loop $diag
      (br_if $dd (i32.ge_s (local.get $j) (local.get $n)))
      (f64.store (i32.add (local.get $d) (i32.shl (local.get $j) (i32.const 3)))
        (f64.load (i32.add (local.get $m) (i32.mul (local.get $j) (i32.add (local.get $ns) (i32.const 8))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $diag))))

;; One row j of step 3 above: the pending update on entries 0..j, and its terms of p′ = A u′.
(func $sweep_row (param $m i32) (param $ns i32) (param $u i32) (param $q i32) (param $un i32) (param $pn i32) (param $j i32)
  (local $k i32) (local $rj i32) (local $off i32) (local $kv i32)
  (local $uj f64) (local $qj f64) (local $unj f64) (local $a f64) (local $s f64)
  (local $va v128) (local $acc v128) (local $suj v128) (local $sqj v128) (local $sunj v128)
        (local.set $rj (i32.add (local.get $m) (i32.mul (local.get $j) (local.get $ns))))
        (local.set $off (i32.shl (local.get $j) (i32.const 3)))
        (local.set $uj (f64.load (i32.add (local.get $u) (local.get $off))))
        (local.set $qj (f64.load (i32.add (local.get $q) (local.get $off))))
        (local.set $unj (f64.load (i32.add (local.get $un) (local.get $off))))
        (local.set $suj (f64x2.splat (local.get $uj)))
        (local.set $sqj (f64x2.splat (local.get $qj)))
        (local.set $sunj (f64x2.splat (local.get $unj)))
        (local.set $acc (v128.const f64x2 0 0))
        (local.set $kv (i32.and (local.get $j) (i32.const -2)))
        (local.set $k (i32.const 0))
        (if (local.get $kv)
          (then
            (loop $vec
              (local.set $off (i32.shl (local.get $k) (i32.const 3)))
              (local.set $va
                (f64x2.sub (v128.load (i32.add (local.get $rj) (local.get $off)))
                  (f64x2.add (f64x2.mul (local.get $suj) (v128.load (i32.add (local.get $q) (local.get $off))))
                             (f64x2.mul (local.get $sqj) (v128.load (i32.add (local.get $u) (local.get $off)))))))
              (v128.store (i32.add (local.get $rj) (local.get $off)) (local.get $va))
              (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $va) (v128.load (i32.add (local.get $un) (local.get $off))))))
              (v128.store (i32.add (local.get $pn) (local.get $off))
                (f64x2.add (v128.load (i32.add (local.get $pn) (local.get $off))) (f64x2.mul (local.get $va) (local.get $sunj))))
              (br_if $vec (i32.lt_s (local.tee $k (i32.add (local.get $k) (i32.const 2))) (local.get $kv))))))
        (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
        ;; an odd entry before the diagonal
        (if (i32.lt_s (local.get $k) (local.get $j))
          (then
            (local.set $off (i32.shl (local.get $k) (i32.const 3)))
            (local.set $a
              (f64.sub (f64.load (i32.add (local.get $rj) (local.get $off)))
                (f64.add (f64.mul (local.get $uj) (f64.load (i32.add (local.get $q) (local.get $off))))
                         (f64.mul (local.get $qj) (f64.load (i32.add (local.get $u) (local.get $off)))))))
            (f64.store (i32.add (local.get $rj) (local.get $off)) (local.get $a))
            (local.set $s (f64.add (local.get $s) (f64.mul (local.get $a) (f64.load (i32.add (local.get $un) (local.get $off))))))
            (f64.store (i32.add (local.get $pn) (local.get $off))
              (f64.add (f64.load (i32.add (local.get $pn) (local.get $off))) (f64.mul (local.get $a) (local.get $unj))))))
        ;; the diagonal
        (local.set $off (i32.shl (local.get $j) (i32.const 3)))
        (local.set $a
          (f64.sub (f64.load (i32.add (local.get $rj) (local.get $off)))
            (f64.add (f64.mul (local.get $uj) (local.get $qj)) (f64.mul (local.get $qj) (local.get $uj)))))
        (f64.store (i32.add (local.get $rj) (local.get $off)) (local.get $a))
        (f64.store (i32.add (local.get $pn) (local.get $off))
          (f64.add (f64.load (i32.add (local.get $pn) (local.get $off))) (f64.add (local.get $s) (f64.mul (local.get $a) (local.get $unj)))))
)

;; Rows j and j + 1 of step 3 together: their common entries 0..j−1 in one f64x2 loop.
(func $sweep_pair (param $m i32) (param $ns i32) (param $u i32) (param $q i32) (param $un i32) (param $pn i32) (param $j i32)
  (local $k i32) (local $kv i32) (local $r0 i32) (local $r1 i32) (local $off i32)
  (local $u0 f64) (local $q0 f64) (local $n0 f64) (local $u1 f64) (local $q1 f64) (local $n1 f64)
  (local $a f64) (local $s0 f64) (local $s1 f64) (local $qk f64) (local $uk f64) (local $unk f64)
  (local $b0 v128) (local $b1 v128) (local $vq v128) (local $vu v128) (local $vn v128)
  (local $acc0 v128) (local $acc1 v128) (local $su0 v128) (local $sq0 v128) (local $sn0 v128) (local $su1 v128) (local $sq1 v128) (local $sn1 v128)
  (local.set $r0 (i32.add (local.get $m) (i32.mul (local.get $j) (local.get $ns))))
  (local.set $r1 (i32.add (local.get $r0) (local.get $ns)))
  (local.set $off (i32.shl (local.get $j) (i32.const 3)))
  (local.set $u0 (f64.load (i32.add (local.get $u) (local.get $off))))
  (local.set $q0 (f64.load (i32.add (local.get $q) (local.get $off))))
  (local.set $n0 (f64.load (i32.add (local.get $un) (local.get $off))))
  (local.set $u1 (f64.load offset=8 (i32.add (local.get $u) (local.get $off))))
  (local.set $q1 (f64.load offset=8 (i32.add (local.get $q) (local.get $off))))
  (local.set $n1 (f64.load offset=8 (i32.add (local.get $un) (local.get $off))))
  (local.set $su0 (f64x2.splat (local.get $u0))) (local.set $sq0 (f64x2.splat (local.get $q0))) (local.set $sn0 (f64x2.splat (local.get $n0)))
  (local.set $su1 (f64x2.splat (local.get $u1))) (local.set $sq1 (f64x2.splat (local.get $q1))) (local.set $sn1 (f64x2.splat (local.get $n1)))
  (local.set $kv (i32.shl (i32.and (local.get $j) (i32.const -2)) (i32.const 3)))
  (local.set $k (i32.const 0))
  (if (local.get $kv)
    (then
      (loop $vec
        (local.set $vq (v128.load (i32.add (local.get $q) (local.get $k))))
        (local.set $vu (v128.load (i32.add (local.get $u) (local.get $k))))
        (local.set $vn (v128.load (i32.add (local.get $un) (local.get $k))))
        (local.set $b0 (f64x2.sub (v128.load (i32.add (local.get $r0) (local.get $k)))
          (f64x2.add (f64x2.mul (local.get $su0) (local.get $vq)) (f64x2.mul (local.get $sq0) (local.get $vu)))))
        (local.set $b1 (f64x2.sub (v128.load (i32.add (local.get $r1) (local.get $k)))
          (f64x2.add (f64x2.mul (local.get $su1) (local.get $vq)) (f64x2.mul (local.get $sq1) (local.get $vu)))))
        (v128.store (i32.add (local.get $r0) (local.get $k)) (local.get $b0))
        (v128.store (i32.add (local.get $r1) (local.get $k)) (local.get $b1))
        (local.set $acc0 (f64x2.add (local.get $acc0) (f64x2.mul (local.get $b0) (local.get $vn))))
        (local.set $acc1 (f64x2.add (local.get $acc1) (f64x2.mul (local.get $b1) (local.get $vn))))
        (v128.store (i32.add (local.get $pn) (local.get $k))
          (f64x2.add (v128.load (i32.add (local.get $pn) (local.get $k)))
            (f64x2.add (f64x2.mul (local.get $b0) (local.get $sn0)) (f64x2.mul (local.get $b1) (local.get $sn1)))))
        (br_if $vec (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 16))) (local.get $kv))))))
  (local.set $s0 (f64.add (f64x2.extract_lane 0 (local.get $acc0)) (f64x2.extract_lane 1 (local.get $acc0))))
  (local.set $s1 (f64.add (f64x2.extract_lane 0 (local.get $acc1)) (f64x2.extract_lane 1 (local.get $acc1))))
  ;; entries k = kv/8 … j of row j + 1 and kv/8 … j − 1 of row j, one at a time
  (local.set $k (i32.shr_u (local.get $kv) (i32.const 3)))
  (block $tail_done
    (loop $tail
      (br_if $tail_done (i32.gt_s (local.get $k) (local.get $j)))
      (local.set $off (i32.shl (local.get $k) (i32.const 3)))
      (local.set $qk (f64.load (i32.add (local.get $q) (local.get $off))))
      (local.set $uk (f64.load (i32.add (local.get $u) (local.get $off))))
      (local.set $unk (f64.load (i32.add (local.get $un) (local.get $off))))
      ;; row j + 1, entry k (k ≤ j: below its diagonal)
      (local.set $a (f64.sub (f64.load (i32.add (local.get $r1) (local.get $off)))
        (f64.add (f64.mul (local.get $u1) (local.get $qk)) (f64.mul (local.get $q1) (local.get $uk)))))
      (f64.store (i32.add (local.get $r1) (local.get $off)) (local.get $a))
      (local.set $s1 (f64.add (local.get $s1) (f64.mul (local.get $a) (local.get $unk))))
      (f64.store (i32.add (local.get $pn) (local.get $off))
        (f64.add (f64.load (i32.add (local.get $pn) (local.get $off))) (f64.mul (local.get $a) (local.get $n1))))
      ;; row j, entry k (k < j); its diagonal k = j after the loop
      (if (i32.lt_s (local.get $k) (local.get $j))
        (then
          (local.set $a (f64.sub (f64.load (i32.add (local.get $r0) (local.get $off)))
            (f64.add (f64.mul (local.get $u0) (local.get $qk)) (f64.mul (local.get $q0) (local.get $uk)))))
          (f64.store (i32.add (local.get $r0) (local.get $off)) (local.get $a))
          (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $a) (local.get $unk))))
          (f64.store (i32.add (local.get $pn) (local.get $off))
            (f64.add (f64.load (i32.add (local.get $pn) (local.get $off))) (f64.mul (local.get $a) (local.get $n0))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $tail)))
  ;; the diagonals (j, j) and (j + 1, j + 1)
  (local.set $off (i32.shl (local.get $j) (i32.const 3)))
  (local.set $a (f64.sub (f64.load (i32.add (local.get $r0) (local.get $off)))
    (f64.add (f64.mul (local.get $u0) (local.get $q0)) (f64.mul (local.get $q0) (local.get $u0)))))
  (f64.store (i32.add (local.get $r0) (local.get $off)) (local.get $a))
  (f64.store (i32.add (local.get $pn) (local.get $off))
    (f64.add (f64.load (i32.add (local.get $pn) (local.get $off))) (f64.add (local.get $s0) (f64.mul (local.get $a) (local.get $n0)))))
  (local.set $off (i32.add (local.get $off) (i32.const 8)))
  (local.set $a (f64.sub (f64.load (i32.add (local.get $r1) (local.get $off)))
    (f64.add (f64.mul (local.get $u1) (local.get $q1)) (f64.mul (local.get $q1) (local.get $u1)))))
  (f64.store (i32.add (local.get $r1) (local.get $off)) (local.get $a))
  (f64.store (i32.add (local.get $pn) (local.get $off))
    (f64.add (f64.load (i32.add (local.get $pn) (local.get $off))) (f64.add (local.get $s1) (f64.mul (local.get $a) (local.get $n1))))))
