;; Part of the kernel module (see 0-module.wat): the blocked Householder tridiagonalization
;; (LAPACK dsytrd/dlatrd), one call per step (eigb_step) and one per panel (eigb_syr2k),
;; driven by src/fast/eigen-blocked.ts.
;;
;; The reduction works on the leading rows of a row-major lower triangle (the last row
;; first, as 9b-eigen.wat). A panel of nb steps defers its updates: step s forms A u from
;; the stale matrix (eigb_symv, which only reads it) and corrects it with the panel's
;; earlier vectors (eigb_dots, eigb_axpys); after the panel one rank-2nb update
;; (eigb_syr2k, register-tiled) brings the trailing block up to date. The panel's vectors
;; are rows of X, interleaved: X[2p] = u_p (Householder vector), X[2p+1] = q_p, so that
;; A ← A − Σ_p (u_p q_pᵀ + q_p u_pᵀ) is A[j][k] −= Σ_r X[r][j]·X[r^1][k].

;; y[0..rows) = A u over the leading rows × rows block, reading only its lower triangle:
;; each entry A[j][k] (k < j) is read once and used twice (row j's sum, and y[k]). Rows go
;; four at a time (each loaded u, y entry serves four), the last rows % 4 one at a time.
;; $back = 1 walks the rows from the last up: the caller alternates, so each sweep starts
;; on the rows the previous one read last, still in cache (a matrix larger than the cache
;; would otherwise miss on every row of every sweep).
(func $eigb_symv (export "eigb_symv") (param $a i32) (param $ns i32) (param $rows i32) (param $u i32) (param $y i32) (param $back i32)
  (local $j i32) (local $q i32)
  (memory.fill (local.get $y) (i32.const 0) (i32.shl (local.get $rows) (i32.const 3)))
  (local.set $q (i32.and (local.get $rows) (i32.const -4)))
  (if (local.get $back)
    (then
      (local.set $j (local.get $rows))
      (block $s_done
        (loop $s
          (br_if $s_done (i32.le_s (local.get $j) (local.get $q)))
          (local.set $j (i32.sub (local.get $j) (i32.const 1)))
          (call $eigb_symv1 (local.get $a) (local.get $ns) (local.get $j) (local.get $u) (local.get $y))
          (br $s)))
      (block $q_done
        (loop $qs
          (br_if $q_done (i32.le_s (local.get $j) (i32.const 0)))
          (local.set $j (i32.sub (local.get $j) (i32.const 4)))
          (call $eigb_symv4 (local.get $a) (local.get $ns) (local.get $j) (local.get $u) (local.get $y))
          (br $qs))))
    (else
      (block $q_done
        (loop $qs
          (br_if $q_done (i32.ge_s (local.get $j) (local.get $q)))
          (call $eigb_symv4 (local.get $a) (local.get $ns) (local.get $j) (local.get $u) (local.get $y))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $qs)))
      (block $s_done
        (loop $s
          (br_if $s_done (i32.ge_s (local.get $j) (local.get $rows)))
          (call $eigb_symv1 (local.get $a) (local.get $ns) (local.get $j) (local.get $u) (local.get $y))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $s))))))

;; Rows j..j+3 (j a multiple of 4) of eigb_symv.
(func $eigb_symv4 (param $a i32) (param $ns i32) (param $j i32) (param $u i32) (param $y i32)
  (local $k i32) (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
  (local $b i32) (local $c i32) (local $rb i32) (local $t f64) (local $pu i32) (local $py i32) (local $end i32)
  (local $vu v128) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
  (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
  (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
      (local.set $r0 (i32.add (local.get $a) (i32.mul (local.get $j) (local.get $ns))))
      (local.set $r1 (i32.add (local.get $r0) (local.get $ns)))
      (local.set $r2 (i32.add (local.get $r1) (local.get $ns)))
      (local.set $r3 (i32.add (local.get $r2) (local.get $ns)))
      (local.set $b (i32.add (local.get $u) (i32.shl (local.get $j) (i32.const 3))))
      (local.set $s0 (v128.load64_splat (local.get $b)))
      (local.set $s1 (v128.load64_splat offset=8 (local.get $b)))
      (local.set $s2 (v128.load64_splat offset=16 (local.get $b)))
      (local.set $s3 (v128.load64_splat offset=24 (local.get $b)))
      (local.set $c0 (v128.const f64x2 0 0)) (local.set $c1 (v128.const f64x2 0 0))
      (local.set $c2 (v128.const f64x2 0 0)) (local.set $c3 (v128.const f64x2 0 0))
      ;; columns 0..j−1 (j is a multiple of 4): eight at a time with constant offsets from
      ;; moving row pointers (fewer address computations per f64x2 operation), then four
      (local.set $pu (local.get $u))
      (local.set $py (local.get $y))
      (local.set $end (i32.add (local.get $u) (i32.shl (i32.and (local.get $j) (i32.const -8)) (i32.const 3))))
      (block $eights_done
        (loop $eights
          (br_if $eights_done (i32.ge_u (local.get $pu) (local.get $end)))
            (local.set $vu (v128.load (local.get $pu)))
            (local.set $v0 (v128.load (local.get $r0)))
            (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.mul (local.get $v0) (local.get $s0)))
            (local.set $v0 (v128.load (local.get $r1)))
            (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s1))))
            (local.set $v0 (v128.load (local.get $r2)))
            (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s2))))
            (local.set $v0 (v128.load (local.get $r3)))
            (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s3))))
            (v128.store (local.get $py) (f64x2.add (v128.load (local.get $py)) (local.get $v1)))
            (local.set $vu (v128.load offset=16 (local.get $pu)))
            (local.set $v0 (v128.load offset=16 (local.get $r0)))
            (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.mul (local.get $v0) (local.get $s0)))
            (local.set $v0 (v128.load offset=16 (local.get $r1)))
            (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s1))))
            (local.set $v0 (v128.load offset=16 (local.get $r2)))
            (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s2))))
            (local.set $v0 (v128.load offset=16 (local.get $r3)))
            (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s3))))
            (v128.store offset=16 (local.get $py) (f64x2.add (v128.load offset=16 (local.get $py)) (local.get $v1)))
            (local.set $vu (v128.load offset=32 (local.get $pu)))
            (local.set $v0 (v128.load offset=32 (local.get $r0)))
            (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.mul (local.get $v0) (local.get $s0)))
            (local.set $v0 (v128.load offset=32 (local.get $r1)))
            (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s1))))
            (local.set $v0 (v128.load offset=32 (local.get $r2)))
            (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s2))))
            (local.set $v0 (v128.load offset=32 (local.get $r3)))
            (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s3))))
            (v128.store offset=32 (local.get $py) (f64x2.add (v128.load offset=32 (local.get $py)) (local.get $v1)))
            (local.set $vu (v128.load offset=48 (local.get $pu)))
            (local.set $v0 (v128.load offset=48 (local.get $r0)))
            (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.mul (local.get $v0) (local.get $s0)))
            (local.set $v0 (v128.load offset=48 (local.get $r1)))
            (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s1))))
            (local.set $v0 (v128.load offset=48 (local.get $r2)))
            (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s2))))
            (local.set $v0 (v128.load offset=48 (local.get $r3)))
            (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s3))))
            (v128.store offset=48 (local.get $py) (f64x2.add (v128.load offset=48 (local.get $py)) (local.get $v1)))
            (local.set $pu (i32.add (local.get $pu) (i32.const 64)))
            (local.set $py (i32.add (local.get $py) (i32.const 64)))
            (local.set $r0 (i32.add (local.get $r0) (i32.const 64)))
            (local.set $r1 (i32.add (local.get $r1) (i32.const 64)))
            (local.set $r2 (i32.add (local.get $r2) (i32.const 64)))
            (local.set $r3 (i32.add (local.get $r3) (i32.const 64)))
            (br $eights)))
      (if (i32.and (local.get $j) (i32.const 4))
        (then
            (local.set $vu (v128.load (local.get $pu)))
            (local.set $v0 (v128.load (local.get $r0)))
            (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.mul (local.get $v0) (local.get $s0)))
            (local.set $v0 (v128.load (local.get $r1)))
            (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s1))))
            (local.set $v0 (v128.load (local.get $r2)))
            (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s2))))
            (local.set $v0 (v128.load (local.get $r3)))
            (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s3))))
            (v128.store (local.get $py) (f64x2.add (v128.load (local.get $py)) (local.get $v1)))
            (local.set $vu (v128.load offset=16 (local.get $pu)))
            (local.set $v0 (v128.load offset=16 (local.get $r0)))
            (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.mul (local.get $v0) (local.get $s0)))
            (local.set $v0 (v128.load offset=16 (local.get $r1)))
            (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s1))))
            (local.set $v0 (v128.load offset=16 (local.get $r2)))
            (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s2))))
            (local.set $v0 (v128.load offset=16 (local.get $r3)))
            (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $v0) (local.get $vu))))
            (local.set $v1 (f64x2.add (local.get $v1) (f64x2.mul (local.get $v0) (local.get $s3))))
            (v128.store offset=16 (local.get $py) (f64x2.add (v128.load offset=16 (local.get $py)) (local.get $v1)))
))
      (local.set $r0 (i32.add (local.get $a) (i32.mul (local.get $j) (local.get $ns))))
      (local.set $b (i32.add (local.get $y) (i32.shl (local.get $j) (i32.const 3))))
      (f64.store (local.get $b) (f64.add (f64.load (local.get $b))
        (f64.add (f64x2.extract_lane 0 (local.get $c0)) (f64x2.extract_lane 1 (local.get $c0)))))
      (f64.store offset=8 (local.get $b) (f64.add (f64.load offset=8 (local.get $b))
        (f64.add (f64x2.extract_lane 0 (local.get $c1)) (f64x2.extract_lane 1 (local.get $c1)))))
      (f64.store offset=16 (local.get $b) (f64.add (f64.load offset=16 (local.get $b))
        (f64.add (f64x2.extract_lane 0 (local.get $c2)) (f64x2.extract_lane 1 (local.get $c2)))))
      (f64.store offset=24 (local.get $b) (f64.add (f64.load offset=24 (local.get $b))
        (f64.add (f64x2.extract_lane 0 (local.get $c3)) (f64x2.extract_lane 1 (local.get $c3)))))
      ;; the 4 × 4 lower triangle on the diagonal, entry by entry
      (local.set $b (i32.const 0))
      (loop $tri_rows
        (local.set $rb (i32.add (local.get $r0) (i32.mul (local.get $b) (local.get $ns))))
        (local.set $c (i32.const 0))
        (loop $tri_cols
          (local.set $k (i32.shl (i32.add (local.get $j) (local.get $c)) (i32.const 3)))
          (local.set $t (f64.load (i32.add (local.get $rb) (local.get $k))))
          (call $eigb_tri (local.get $y) (local.get $u) (local.get $k) (i32.shl (i32.add (local.get $j) (local.get $b)) (i32.const 3)) (local.get $t))
          (br_if $tri_cols (i32.le_s (local.tee $c (i32.add (local.get $c) (i32.const 1))) (local.get $b))))
        (br_if $tri_rows (i32.lt_s (local.tee $b (i32.add (local.get $b) (i32.const 1))) (i32.const 4))))
)

;; Row j of eigb_symv: entries 0..j−1 two at a time, an odd one, then the diagonal.
(func $eigb_symv1 (param $a i32) (param $ns i32) (param $j i32) (param $u i32) (param $y i32)
  (local $r0 i32) (local $k i32) (local $kv i32) (local $jb i32) (local $acc v128) (local $sj v128) (local $v v128) (local $t f64)
  (local.set $r0 (i32.add (local.get $a) (i32.mul (local.get $j) (local.get $ns))))
  (local.set $jb (i32.shl (local.get $j) (i32.const 3)))
  (local.set $sj (v128.load64_splat (i32.add (local.get $u) (local.get $jb))))
  (local.set $kv (i32.shl (i32.and (local.get $j) (i32.const -2)) (i32.const 3)))
  (block $v_done
    (loop $vec
      (br_if $v_done (i32.ge_u (local.get $k) (local.get $kv)))
      (local.set $v (v128.load (i32.add (local.get $r0) (local.get $k))))
      (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $v) (v128.load (i32.add (local.get $u) (local.get $k))))))
      (v128.store (i32.add (local.get $y) (local.get $k))
        (f64x2.add (v128.load (i32.add (local.get $y) (local.get $k))) (f64x2.mul (local.get $v) (local.get $sj))))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br $vec)))
  (local.set $t (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
  (f64.store (i32.add (local.get $y) (local.get $jb)) (f64.add (f64.load (i32.add (local.get $y) (local.get $jb))) (local.get $t)))
  (if (i32.lt_u (local.get $k) (local.get $jb))
    (then (call $eigb_tri (local.get $y) (local.get $u) (local.get $k) (local.get $jb) (f64.load (i32.add (local.get $r0) (local.get $k))))))
  (call $eigb_tri (local.get $y) (local.get $u) (local.get $jb) (local.get $jb) (f64.load (i32.add (local.get $r0) (local.get $jb)))))

;; Step s of a panel, on row i (the unblocked step of 9b-eigen.wat with its updates
;; deferred): the panel's pending updates on row i (Σ_p u_p[i] q_p + q_p[i] u_p), d[i], the
;; reflector of entries 0..i−1 (scaled against overflow; e[i] = scale·g, X[2s] = u with
;; h = uᵀu/2), then X[2s+1] = q = p − (uᵀp/2h) u with p = A u / h, A u from the stale
;; matrix less the panel's earlier updates. A zero or single-entry row is already reduced:
;; u = q = 0. $c (2s entries) and $y (i) are scratch.
(func $eigb_step (export "eigb_step") (param $m i32) (param $ns i32) (param $i i32) (param $s i32) (param $x i32) (param $xs i32)
      (param $c i32) (param $y i32) (param $d i32) (param $e i32) (param $back i32)
  (local $row i32) (local $ib i32) (local $u i32) (local $q i32) (local $p i32) (local $k i32) (local $kb i32) (local $lb i32)
  (local $scale f64) (local $h f64) (local $f f64) (local $g f64) (local $t f64) (local $kk f64)
  (local.set $row (i32.add (local.get $m) (i32.mul (local.get $i) (local.get $ns))))
  (local.set $ib (i32.shl (local.get $i) (i32.const 3)))
  (local.set $u (i32.add (local.get $x) (i32.mul (i32.shl (local.get $s) (i32.const 1)) (local.get $xs))))
  (local.set $q (i32.add (local.get $u) (local.get $xs)))
  ;; the pending updates on row i, entries 0..i
  (if (local.get $s)
    (then
      (local.set $p (i32.const 0))
      (loop $coef
        (local.set $kb (i32.add (local.get $c) (i32.shl (local.get $p) (i32.const 4))))
        (local.set $t (f64.load (i32.add (i32.add (local.get $x) (i32.mul (i32.add (i32.shl (local.get $p) (i32.const 1)) (i32.const 1)) (local.get $xs))) (local.get $ib))))
        (f64.store (local.get $kb) (local.get $t))
        (local.set $t (f64.load (i32.add (i32.add (local.get $x) (i32.mul (i32.shl (local.get $p) (i32.const 1)) (local.get $xs))) (local.get $ib))))
        (f64.store offset=8 (local.get $kb) (local.get $t))
        (br_if $coef (i32.lt_s (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $s))))
      (call $eigb_axpys (local.get $x) (local.get $xs) (i32.shl (local.get $s) (i32.const 1)) (i32.add (local.get $i) (i32.const 1)) (local.get $c) (local.get $row))))
  (f64.store (i32.add (local.get $d) (local.get $ib)) (f64.load (i32.add (local.get $row) (local.get $ib))))
  (if (i32.eqz (local.get $i)) (then (return)))
  ;; the reflector
  (local.set $lb (i32.sub (local.get $ib) (i32.const 8)))
  (local.set $kb (i32.const 0))
  (loop $sc
    (local.set $scale (f64.add (local.get $scale) (f64.abs (f64.load (i32.add (local.get $row) (local.get $kb))))))
    (br_if $sc (i32.lt_u (local.tee $kb (i32.add (local.get $kb) (i32.const 8))) (local.get $ib))))
  (if (i32.or (i32.eqz (local.get $lb)) (f64.eq (local.get $scale) (f64.const 0)))
    (then
      (f64.store (i32.add (local.get $e) (local.get $ib)) (f64.load (i32.add (local.get $row) (local.get $lb))))
      (memory.fill (local.get $u) (i32.const 0) (local.get $ib))
      (memory.fill (local.get $q) (i32.const 0) (local.get $ib))
      (return)))
  (local.set $kb (i32.const 0))
  (loop $hv
    (local.set $t (f64.div (f64.load (i32.add (local.get $row) (local.get $kb))) (local.get $scale)))
    (f64.store (i32.add (local.get $u) (local.get $kb)) (local.get $t))
    (local.set $h (f64.add (local.get $h) (f64.mul (local.get $t) (local.get $t))))
    (br_if $hv (i32.lt_u (local.tee $kb (i32.add (local.get $kb) (i32.const 8))) (local.get $ib))))
  (local.set $f (f64.load (i32.add (local.get $u) (local.get $lb))))
  (local.set $g (f64.sqrt (local.get $h)))
  (if (f64.ge (local.get $f) (f64.const 0)) (then (local.set $g (f64.neg (local.get $g)))))
  (f64.store (i32.add (local.get $e) (local.get $ib)) (f64.mul (local.get $scale) (local.get $g)))
  (local.set $h (f64.sub (local.get $h) (f64.mul (local.get $f) (local.get $g))))
  (f64.store (i32.add (local.get $u) (local.get $lb)) (f64.sub (local.get $f) (local.get $g)))
  ;; p = A u less the panel's updates: Σ_p u_p (q_p·u) + q_p (u_p·u)
  (call $eigb_symv (local.get $m) (local.get $ns) (local.get $i) (local.get $u) (local.get $y) (local.get $back))
  (if (local.get $s)
    (then
      (call $eigb_dots (local.get $x) (local.get $xs) (i32.shl (local.get $s) (i32.const 1)) (local.get $i) (local.get $u) (local.get $c))
      (local.set $p (i32.const 0))
      (loop $swap
        (local.set $kb (i32.add (local.get $c) (i32.shl (local.get $p) (i32.const 4))))
        (local.set $t (f64.load (local.get $kb)))
        (f64.store (local.get $kb) (f64.load offset=8 (local.get $kb)))
        (f64.store offset=8 (local.get $kb) (local.get $t))
        (br_if $swap (i32.lt_s (local.tee $p (i32.add (local.get $p) (i32.const 1))) (local.get $s))))
      (call $eigb_axpys (local.get $x) (local.get $xs) (i32.shl (local.get $s) (i32.const 1)) (local.get $i) (local.get $c) (local.get $y))))
  ;; q = p / h − K u, K = uᵀp / 2h²
  (local.set $kb (i32.const 0))
  (loop $ph
    (local.set $t (f64.div (f64.load (i32.add (local.get $y) (local.get $kb))) (local.get $h)))
    (f64.store (i32.add (local.get $y) (local.get $kb)) (local.get $t))
    (local.set $kk (f64.add (local.get $kk) (f64.mul (f64.load (i32.add (local.get $u) (local.get $kb))) (local.get $t))))
    (br_if $ph (i32.lt_u (local.tee $kb (i32.add (local.get $kb) (i32.const 8))) (local.get $ib))))
  (local.set $kk (f64.div (local.get $kk) (f64.mul (f64.const 2) (local.get $h))))
  (local.set $kb (i32.const 0))
  (loop $qv
    (f64.store (i32.add (local.get $q) (local.get $kb))
      (f64.sub (f64.load (i32.add (local.get $y) (local.get $kb))) (f64.mul (local.get $kk) (f64.load (i32.add (local.get $u) (local.get $kb))))))
    (br_if $qv (i32.lt_u (local.tee $kb (i32.add (local.get $kb) (i32.const 8))) (local.get $ib)))))

;; One lower-triangle entry t = A[j][k] (byte offsets kb = 8k, jb = 8j, k ≤ j) into y = A u.
(func $eigb_tri (param $y i32) (param $u i32) (param $kb i32) (param $jb i32) (param $t f64)
  (local $p i32)
  (local.set $p (i32.add (local.get $y) (local.get $jb)))
  (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.mul (local.get $t) (f64.load (i32.add (local.get $u) (local.get $kb))))))
  (if (i32.ne (local.get $kb) (local.get $jb))
    (then
      (local.set $p (i32.add (local.get $y) (local.get $kb)))
      (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.mul (local.get $t) (f64.load (i32.add (local.get $u) (local.get $jb)))))))))

;; out[r] = X[r]·u over entries 0..len−1, for rows r < rows of X (row stride xs bytes).
(func $eigb_dots (export "eigb_dots") (param $x i32) (param $xs i32) (param $rows i32) (param $len i32) (param $u i32) (param $out i32)
  (local $r i32) (local $k i32) (local $kv i32) (local $kb i32) (local $row i32) (local $acc v128) (local $s f64)
  (local.set $kv (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3)))
  (local.set $kb (i32.shl (local.get $len) (i32.const 3)))
  (local.set $r (i32.const 0))
  (block $done
    (loop $each
      (br_if $done (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $row (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $xs))))
      (local.set $acc (v128.const f64x2 0 0))
      (local.set $k (i32.const 0))
      (block $v_done
        (loop $vec
          (br_if $v_done (i32.ge_u (local.get $k) (local.get $kv)))
          (local.set $acc (f64x2.add (local.get $acc)
            (f64x2.mul (v128.load (i32.add (local.get $row) (local.get $k))) (v128.load (i32.add (local.get $u) (local.get $k))))))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br $vec)))
      (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
      (if (i32.lt_u (local.get $k) (local.get $kb))
        (then (local.set $s (f64.add (local.get $s)
          (f64.mul (f64.load (i32.add (local.get $row) (local.get $k))) (f64.load (i32.add (local.get $u) (local.get $k))))))))
      (f64.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3))) (local.get $s))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $each))))

;; y[k] −= Σ_r c[r]·X[r][k] over entries 0..len−1, rows r < rows (an even count), two rows
;; per pass over y.
(func $eigb_axpys (export "eigb_axpys") (param $x i32) (param $xs i32) (param $rows i32) (param $len i32) (param $c i32) (param $y i32)
  (local $r i32) (local $k i32) (local $kv i32) (local $kb i32) (local $p0 i32) (local $p1 i32)
  (local $c0 f64) (local $c1 f64) (local $v0 v128) (local $v1 v128)
  (local.set $kv (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3)))
  (local.set $kb (i32.shl (local.get $len) (i32.const 3)))
  (local.set $r (i32.const 0))
  (block $done
    (loop $pairs
      (br_if $done (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $p0 (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $xs))))
      (local.set $p1 (i32.add (local.get $p0) (local.get $xs)))
      (local.set $c0 (f64.load (i32.add (local.get $c) (i32.shl (local.get $r) (i32.const 3)))))
      (local.set $c1 (f64.load offset=8 (i32.add (local.get $c) (i32.shl (local.get $r) (i32.const 3)))))
      (local.set $v0 (f64x2.splat (local.get $c0)))
      (local.set $v1 (f64x2.splat (local.get $c1)))
      (local.set $k (i32.const 0))
      (block $v_done
        (loop $vec
          (br_if $v_done (i32.ge_u (local.get $k) (local.get $kv)))
          (v128.store (i32.add (local.get $y) (local.get $k))
            (f64x2.sub (v128.load (i32.add (local.get $y) (local.get $k)))
              (f64x2.add (f64x2.mul (local.get $v0) (v128.load (i32.add (local.get $p0) (local.get $k))))
                         (f64x2.mul (local.get $v1) (v128.load (i32.add (local.get $p1) (local.get $k)))))))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br $vec)))
      (if (i32.lt_u (local.get $k) (local.get $kb))
        (then
          (f64.store (i32.add (local.get $y) (local.get $k))
            (f64.sub (f64.load (i32.add (local.get $y) (local.get $k)))
              (f64.add (f64.mul (local.get $c0) (f64.load (i32.add (local.get $p0) (local.get $k))))
                       (f64.mul (local.get $c1) (f64.load (i32.add (local.get $p1) (local.get $k)))))))))
      (local.set $r (i32.add (local.get $r) (i32.const 2)))
      (br $pairs))))

;; The panel's update of the leading rows × rows block, lower triangle (and the upper half
;; of the diagonal 4 × 4 tiles, never read): A[j][k] −= Σ_{r<kk} X[r][j]·X[r^1][k].
;; X is first packed in 4-column panels, Q[t][r] = X[r][4t..4t+3] and P[t][r] =
;; X[r^1][4t..4t+3] (at pack, 64·kk·⌈rows/4⌉ bytes), so each 4 × 4 tile (eight f64x2
;; accumulators) reads both contiguously. Row tiles go in groups of $G whose Q panels stay
;; in L1 while each P panel is used by all of them. Rows up to 4⌈rows/4⌉ are written: the
;; caller's rows past `rows` are finished and never read again.
(func $eigb_syr2k (export "eigb_syr2k") (param $a i32) (param $ns i32) (param $rows i32) (param $x i32) (param $xs i32)
      (param $kk i32) (param $pack i32)
  (local $tiles i32) (local $t i32) (local $r i32) (local $src i32) (local $dst i32) (local $pb i32) (local $tb i32)
  (local $g i32) (local $gend i32) (local $jt i32) (local $kt i32)
  (local.set $tiles (i32.shr_u (i32.add (local.get $rows) (i32.const 3)) (i32.const 2)))
  (local.set $tb (i32.shl (local.get $kk) (i32.const 5)))
  (local.set $pb (i32.add (local.get $pack) (i32.mul (local.get $tiles) (local.get $tb))))
  ;; pack
  (local.set $t (i32.const 0))
  (loop $pt
    (local.set $r (i32.const 0))
    (loop $pr
      (local.set $src (i32.add (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $xs))) (i32.shl (local.get $t) (i32.const 5))))
      (local.set $dst (i32.add (i32.mul (local.get $t) (local.get $tb)) (i32.shl (local.get $r) (i32.const 5))))
      (v128.store (i32.add (local.get $pack) (local.get $dst)) (v128.load (local.get $src)))
      (v128.store offset=16 (i32.add (local.get $pack) (local.get $dst)) (v128.load offset=16 (local.get $src)))
      ;; X[r] goes to P's row r^1
      (local.set $dst (i32.add (i32.mul (local.get $t) (local.get $tb)) (i32.shl (i32.xor (local.get $r) (i32.const 1)) (i32.const 5))))
      (v128.store (i32.add (local.get $pb) (local.get $dst)) (v128.load (local.get $src)))
      (v128.store offset=16 (i32.add (local.get $pb) (local.get $dst)) (v128.load offset=16 (local.get $src)))
      (br_if $pr (i32.lt_s (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $kk))))
    (br_if $pt (i32.lt_s (local.tee $t (i32.add (local.get $t) (i32.const 1))) (local.get $tiles))))
  ;; tiles (jt, kt), kt ≤ jt
  (local.set $g (i32.const 0))
  (loop $groups
    (local.set $gend (i32.add (local.get $g) (global.get $EIGB_GROUP)))
    (if (i32.gt_s (local.get $gend) (local.get $tiles)) (then (local.set $gend (local.get $tiles))))
    (local.set $kt (i32.const 0))
    (loop $cols
      (local.set $jt (local.get $g))
      (if (i32.gt_s (local.get $kt) (local.get $jt)) (then (local.set $jt (local.get $kt))))
      (loop $rows_in_group
        (call $eigb_tile
          (i32.add (i32.add (local.get $a) (i32.mul (i32.shl (local.get $jt) (i32.const 2)) (local.get $ns))) (i32.shl (local.get $kt) (i32.const 5)))
          (local.get $ns)
          (i32.add (local.get $pack) (i32.mul (local.get $jt) (local.get $tb)))
          (i32.add (local.get $pb) (i32.mul (local.get $kt) (local.get $tb)))
          (local.get $kk))
        (br_if $rows_in_group (i32.lt_s (local.tee $jt (i32.add (local.get $jt) (i32.const 1))) (local.get $gend))))
      (br_if $cols (i32.lt_s (local.tee $kt (i32.add (local.get $kt) (i32.const 1))) (local.get $gend))))
    (br_if $groups (i32.lt_s (local.tee $g (local.get $gend)) (local.get $tiles)))))

(global $EIGB_GROUP i32 (i32.const 8))

;; One 4 × 4 tile at byte address $o (row stride $ns): O −= Σ_r q_r ⊗ p_r, q_r the four
;; entries at $q + 32r (one per row), p_r the four at $p + 32r (one per column).
(func $eigb_tile (param $o i32) (param $ns i32) (param $q i32) (param $p i32) (param $kk i32)
  (local $o1 i32) (local $o2 i32) (local $o3 i32) (local $end i32)
  (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
  (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
  (local $w0 v128) (local $w1 v128) (local $s v128)
  (local.set $o1 (i32.add (local.get $o) (local.get $ns)))
  (local.set $o2 (i32.add (local.get $o1) (local.get $ns)))
  (local.set $o3 (i32.add (local.get $o2) (local.get $ns)))
  (local.set $a0 (v128.load (local.get $o))) (local.set $a1 (v128.load offset=16 (local.get $o)))
  (local.set $a2 (v128.load (local.get $o1))) (local.set $a3 (v128.load offset=16 (local.get $o1)))
  (local.set $a4 (v128.load (local.get $o2))) (local.set $a5 (v128.load offset=16 (local.get $o2)))
  (local.set $a6 (v128.load (local.get $o3))) (local.set $a7 (v128.load offset=16 (local.get $o3)))
  (local.set $end (i32.add (local.get $p) (i32.shl (local.get $kk) (i32.const 5))))
  (loop $inner
    (local.set $w0 (v128.load (local.get $p)))
    (local.set $w1 (v128.load offset=16 (local.get $p)))
    (local.set $s (v128.load64_splat (local.get $q)))
    (local.set $a0 (f64x2.sub (local.get $a0) (f64x2.mul (local.get $s) (local.get $w0))))
    (local.set $a1 (f64x2.sub (local.get $a1) (f64x2.mul (local.get $s) (local.get $w1))))
    (local.set $s (v128.load64_splat offset=8 (local.get $q)))
    (local.set $a2 (f64x2.sub (local.get $a2) (f64x2.mul (local.get $s) (local.get $w0))))
    (local.set $a3 (f64x2.sub (local.get $a3) (f64x2.mul (local.get $s) (local.get $w1))))
    (local.set $s (v128.load64_splat offset=16 (local.get $q)))
    (local.set $a4 (f64x2.sub (local.get $a4) (f64x2.mul (local.get $s) (local.get $w0))))
    (local.set $a5 (f64x2.sub (local.get $a5) (f64x2.mul (local.get $s) (local.get $w1))))
    (local.set $s (v128.load64_splat offset=24 (local.get $q)))
    (local.set $a6 (f64x2.sub (local.get $a6) (f64x2.mul (local.get $s) (local.get $w0))))
    (local.set $a7 (f64x2.sub (local.get $a7) (f64x2.mul (local.get $s) (local.get $w1))))
    (local.set $q (i32.add (local.get $q) (i32.const 32)))
    (br_if $inner (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 32))) (local.get $end))))
  (v128.store (local.get $o) (local.get $a0)) (v128.store offset=16 (local.get $o) (local.get $a1))
  (v128.store (local.get $o1) (local.get $a2)) (v128.store offset=16 (local.get $o1) (local.get $a3))
  (v128.store (local.get $o2) (local.get $a4)) (v128.store offset=16 (local.get $o2) (local.get $a5))
  (v128.store (local.get $o3) (local.get $a6)) (v128.store offset=16 (local.get $o3) (local.get $a7)))
