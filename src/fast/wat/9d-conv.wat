;; Part of the kernel module (see 0-module.wat): the data movement of a convolution in the
;; graph engine (src/graph/ops/conv.ts), which its products ($mm) sit between. As JavaScript
;; loops over typed arrays these took more time than the products themselves; they only move
;; and add doubles, in the order conv.ts documents, so the numbers are the same to the bit.
;;
;; All pointers and strides are in bytes. An index map (conv.ts's Geometry) is two i32 arrays
;; of KL = L·K entries, entry j = l·K + k for window entry k of output position l: idx[j], the
;; byte offset of the input entry it reads within one sample's channels, shifted by one double
;; (the double at offset 0 of the input holds zero), and msk[j], −1 where the entry reads the
;; input and 0 in the padding, so (base & msk[j]) + idx[j] is 0 there: the zero.

;; Unfolding (im2col): out[s·KL + j] = xs[(base & msk[j]) + idx[j]], base = base0 + s·sstride,
;; for samples s < S.
(func $conv_im2col (export "conv_im2col") (param $xs i32) (param $idx i32) (param $msk i32) (param $KL i32)
      (param $S i32) (param $base0 i32) (param $sstride i32) (param $out i32)
  (local $s i32) (local $base i32) (local $ip i32) (local $mp i32) (local $end i32)
  (if (i32.eqz (local.get $KL)) (then (return)))
  (local.set $base (local.get $base0))
  (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $KL) (i32.const 2))))
  (block $done
    (loop $samples
      (br_if $done (i32.ge_u (local.get $s) (local.get $S)))
      (local.set $ip (local.get $idx))
      (local.set $mp (local.get $msk))
      (loop $entries
        (f64.store (local.get $out)
          (f64.load (i32.add (local.get $xs)
            (i32.add (i32.and (local.get $base) (i32.load (local.get $mp))) (i32.load (local.get $ip))))))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (local.set $mp (i32.add (local.get $mp) (i32.const 4)))
        (br_if $entries (i32.lt_u (local.tee $ip (i32.add (local.get $ip) (i32.const 4))) (local.get $end))))
      (local.set $base (i32.add (local.get $base) (local.get $sstride)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples))))

;; Folding back (col2im): gxs[(base & msk[j]) + idx[j]] += cols[(s·L + l)·ks + 8k], base = base0 + s·sstride, over
;; s < S, then k < K, then l < L (j = l·K + k): each input entry receives its terms in the order
;; window entry k, then position l. Padding entries land in gxs's first double (unused).
(func $conv_col2im (export "conv_col2im") (param $cols i32) (param $ks i32) (param $idx i32) (param $msk i32)
      (param $K i32) (param $L i32) (param $S i32) (param $base0 i32) (param $sstride i32) (param $gxs i32)
  (local $s i32) (local $k i32) (local $l i32) (local $base i32) (local $rows i32) (local $o i32)
  (local $jp i32) (local $jstep i32) (local $a i32)
  (if (i32.or (i32.eqz (local.get $K)) (i32.eqz (local.get $L))) (then (return)))
  (local.set $base (local.get $base0))
  (local.set $jstep (i32.shl (local.get $K) (i32.const 2)))
  (local.set $rows (local.get $cols))
  (block $done
    (loop $samples
      (br_if $done (i32.ge_u (local.get $s) (local.get $S)))
      (local.set $k (i32.const 0))
      (loop $entries
        (local.set $o (i32.add (local.get $rows) (i32.shl (local.get $k) (i32.const 3))))
        (local.set $jp (i32.shl (local.get $k) (i32.const 2)))
        (local.set $l (local.get $L))
        (loop $positions
          (local.set $a (i32.add (local.get $gxs)
            (i32.add (i32.and (local.get $base) (i32.load (i32.add (local.get $msk) (local.get $jp))))
                     (i32.load (i32.add (local.get $idx) (local.get $jp))))))
          (f64.store (local.get $a) (f64.add (f64.load (local.get $a)) (f64.load (local.get $o))))
          (local.set $o (i32.add (local.get $o) (local.get $ks)))
          (local.set $jp (i32.add (local.get $jp) (local.get $jstep)))
          (br_if $positions (local.tee $l (i32.sub (local.get $l) (i32.const 1)))))
        (br_if $entries (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $K))))
      (local.set $base (i32.add (local.get $base) (local.get $sstride)))
      (local.set $rows (i32.add (local.get $rows) (i32.mul (local.get $L) (local.get $ks))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples))))

;; Sample-major block → channel-major: t[(s·Og + o)·L + l] = blk[(s·L + l)·os + 8o] (+ bias[o]
;; when $hasBias), for s < S, o < Og, l < L.
(func $conv_from_block (export "conv_from_block") (param $blk i32) (param $os i32) (param $S i32) (param $L i32)
      (param $Og i32) (param $bias i32) (param $hasBias i32) (param $t i32)
  (local $s i32) (local $o i32) (local $l i32) (local $r i32) (local $rows i32) (local $v f64)
  (if (i32.or (i32.eqz (local.get $Og)) (i32.eqz (local.get $L))) (then (return)))
  (local.set $rows (local.get $blk))
  (block $done
    (loop $samples
      (br_if $done (i32.ge_u (local.get $s) (local.get $S)))
      (local.set $o (i32.const 0))
      (loop $channels
        (local.set $r (i32.add (local.get $rows) (i32.shl (local.get $o) (i32.const 3))))
        (local.set $l (local.get $L))
        (if (local.get $hasBias)
          (then
            (local.set $v (f64.load (i32.add (local.get $bias) (i32.shl (local.get $o) (i32.const 3)))))
            (loop $pb
              (f64.store (local.get $t) (f64.add (f64.load (local.get $r)) (local.get $v)))
              (local.set $t (i32.add (local.get $t) (i32.const 8)))
              (local.set $r (i32.add (local.get $r) (local.get $os)))
              (br_if $pb (local.tee $l (i32.sub (local.get $l) (i32.const 1))))))
          (else
            (loop $p
              (f64.store (local.get $t) (f64.load (local.get $r)))
              (local.set $t (i32.add (local.get $t) (i32.const 8)))
              (local.set $r (i32.add (local.get $r) (local.get $os)))
              (br_if $p (local.tee $l (i32.sub (local.get $l) (i32.const 1)))))))
        (br_if $channels (i32.lt_u (local.tee $o (i32.add (local.get $o) (i32.const 1))) (local.get $Og))))
      (local.set $rows (i32.add (local.get $rows) (i32.mul (local.get $L) (local.get $os))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples))))

;; Channel-major → sample-major block, the inverse of $conv_from_block without a bias:
;; blk[(s·L + l)·os + 8o] = t[(s·Og + o)·L + l], and sums[s·Og + o] = the sum over l in order
;; from zero (what the bias's cotangent adds up).
(func $conv_to_block (export "conv_to_block") (param $t i32) (param $S i32) (param $L i32) (param $Og i32)
      (param $blk i32) (param $os i32) (param $sums i32)
  (local $s i32) (local $o i32) (local $l i32) (local $r i32) (local $rows i32) (local $x f64) (local $acc f64)
  (if (i32.or (i32.eqz (local.get $Og)) (i32.eqz (local.get $L))) (then (return)))
  (local.set $rows (local.get $blk))
  (block $done
    (loop $samples
      (br_if $done (i32.ge_u (local.get $s) (local.get $S)))
      (local.set $o (i32.const 0))
      (loop $channels
        (local.set $r (i32.add (local.get $rows) (i32.shl (local.get $o) (i32.const 3))))
        (local.set $l (local.get $L))
        (local.set $acc (f64.const 0))
        (loop $p
          (local.set $x (f64.load (local.get $t)))
          (f64.store (local.get $r) (local.get $x))
          (local.set $acc (f64.add (local.get $acc) (local.get $x)))
          (local.set $t (i32.add (local.get $t) (i32.const 8)))
          (local.set $r (i32.add (local.get $r) (local.get $os)))
          (br_if $p (local.tee $l (i32.sub (local.get $l) (i32.const 1)))))
        (f64.store (local.get $sums) (local.get $acc))
        (local.set $sums (i32.add (local.get $sums) (i32.const 8)))
        (br_if $channels (i32.lt_u (local.tee $o (i32.add (local.get $o) (i32.const 1))) (local.get $Og))))
      (local.set $rows (i32.add (local.get $rows) (i32.mul (local.get $L) (local.get $os))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $samples))))
