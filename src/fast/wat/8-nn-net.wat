;; Part of the kernel module (see 0-module.wat): a whole network evaluation (mean loss,
;; accuracy, gradient) from the layer operations of 7-nn-layers.wat, and a slice of them.
;;
;; A job's layer table (written by src/fast/nn-layout.ts) starts at $desc: a header of
;; i32 byte offsets into the thread's work area (+0 the output's δ, +4 unused, +8 θ,
;; +12 flat gradient, +16 loss sums), then one 64-byte record per layer at $desc + 64·(l + 1):
;;   +0 fanIn  +4 fanOut  +8 fanIn padded  +12 fanOut padded  +16 weight index in θ
;;   +20 bias index in θ  and work-area offsets of  +24 Wᵀ  +28 W  +32 b  +36 z, then f(z)
;;   +40 f′(z), then δ of the backward pass  +44 Σδᵀa  +48 Σδ.

;; Loss terms at the output logits z (column 0 of rows of 4), as losses.ts's
;; sampleTerms for labels 0/1: ℓ′ into column 0 of δ (the other columns and the padded
;; rows zero), Σℓ in sample order at $sums, the count of correct samples at $sums + 8.
;; With $cont the sums continue those already at $sums (the data's next batch of samples):
;; the running sum goes on in sample order, so batches give the whole data's bits.
(func $loss_terms (param $code i32) (param $z i32) (param $y i32) (param $n i32) (param $rows i32) (param $d i32) (param $sums i32) (param $cont i32)
  (local $i i32) (local $v v128) (local $yv v128) (local $one v128) (local $e v128) (local $ex v128)
  (local $a v128) (local $b v128) (local $ge v128) (local $p v128) (local $q v128) (local $r v128)
  (local $l v128) (local $g v128) (local $total f64) (local $right v128) (local $correct i32)
  ;; @locals exp_neg 
  (if (local.get $cont)
    (then
      (local.set $total (f64.load (local.get $sums)))
      (local.set $correct (i32.trunc_f64_u (f64.load offset=8 (local.get $sums))))))
  (loop $pairs
    (local.set $v (f64x2.replace_lane 1
      (f64x2.splat (f64.load (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 5)))))
      (f64.load offset=32 (i32.add (local.get $z) (i32.shl (local.get $i) (i32.const 5))))))
    (local.set $yv (v128.load (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 3)))))
    (local.set $one (f64x2.eq (local.get $yv) (global.get $ONE)))
    (local.set $ex (f64x2.neg (f64x2.abs (local.get $v))))
    ;; @exp_neg 
    (local.set $a (f64x2.div (global.get $ONE) (f64x2.add (global.get $ONE) (local.get $e))))
    (local.set $b (f64x2.mul (local.get $e) (local.get $a)))
    (local.set $ge (f64x2.ge (local.get $v) (global.get $ZERO)))
    (local.set $p (v128.bitselect (local.get $a) (local.get $b) (local.get $ge)))
    (local.set $q (v128.bitselect (local.get $b) (local.get $a) (local.get $ge)))
    ;; r = p − y without cancellation: −q when y = 1, p when y = 0.
    (local.set $r (v128.bitselect (f64x2.neg (local.get $q)) (local.get $p) (local.get $one)))
    (if (local.get $code)
      (then
        (local.set $l (f64x2.add
          (f64x2.max (v128.xor (local.get $v) (v128.and (local.get $one) (global.get $SIGN))) (global.get $ZERO))
          (call $log1p_pos (local.get $e))))
        (local.set $g (local.get $r)))
      (else
        (local.set $l (f64x2.mul (local.get $r) (local.get $r)))
        (local.set $g (f64x2.mul (f64x2.mul (global.get $TWO) (local.get $r)) (f64x2.mul (local.get $p) (local.get $q))))))
    (local.set $right (v128.not (v128.xor (f64x2.gt (local.get $p) (global.get $HALF)) (local.get $one))))
    ;; lane 0 is sample i < n; lane 1 is sample i + 1, padding when i + 1 ≥ n
    (if (i32.lt_u (local.get $i) (local.get $n))
      (then
        (local.set $total (f64.add (local.get $total) (f64x2.extract_lane 0 (local.get $l))))
        (local.set $correct (i32.sub (local.get $correct) (i32x4.extract_lane 0 (local.get $right)))))
      (else (local.set $g (global.get $ZERO))))
    (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $n))
      (then
        (local.set $total (f64.add (local.get $total) (f64x2.extract_lane 1 (local.get $l))))
        (local.set $correct (i32.sub (local.get $correct) (i32x4.extract_lane 2 (local.get $right)))))
      (else (local.set $g (v128.and (local.get $g) (v128.const i64x2 -1 0)))))
    (v128.store (i32.add (local.get $d) (i32.shl (local.get $i) (i32.const 5))) (v128.and (local.get $g) (v128.const i64x2 -1 0)))
    (v128.store offset=16 (i32.add (local.get $d) (i32.shl (local.get $i) (i32.const 5))) (global.get $ZERO))
    (v128.store offset=32 (i32.add (local.get $d) (i32.shl (local.get $i) (i32.const 5)))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $g) (global.get $ZERO)))
    (v128.store offset=48 (i32.add (local.get $d) (i32.shl (local.get $i) (i32.const 5))) (global.get $ZERO))
    (br_if $pairs (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 2))) (local.get $rows))))
  (f64.store (local.get $sums) (local.get $total))
  (f64.store offset=8 (local.get $sums) (f64.convert_i32_u (local.get $correct))))

;; Copies θ (flat, PyTorch's order, at $theta) into each layer's b and its weights
;; twice, packed in 4-column panels for $mm: Wᵀ (fanIn × fanOut) for the forward
;; products, entry (k, o) at 32·(fanIn·(o/4) + k) + 8·(o mod 4); W (fanOut × fanIn) for
;; δ·W, entry (o, k) at 32·(fanOut·(k/4) + o) + 8·(k mod 4).
(func $unpack (param $desc i32) (param $layers i32) (param $work i32) (param $theta i32)
  (local $l i32) (local $rec i32) (local $fi i32) (local $fo i32) (local $ip i32) (local $op i32)
  (local $o i32) (local $k i32) (local $src i32) (local $v f64)
  (loop $layer
    (local.set $rec (i32.add (local.get $desc) (i32.shl (i32.add (local.get $l) (i32.const 1)) (i32.const 6))))
    (local.set $fi (i32.load (local.get $rec)))
    (local.set $fo (i32.load offset=4 (local.get $rec)))
    (local.set $ip (i32.load offset=8 (local.get $rec)))
    (local.set $op (i32.load offset=12 (local.get $rec)))
    (local.set $src (i32.add (local.get $theta) (i32.shl (i32.load offset=16 (local.get $rec)) (i32.const 3))))
    (local.set $o (i32.const 0))
    (loop $row
      (local.set $k (i32.const 0))
      (loop $col
        (local.set $v (f64.load (local.get $src)))
        (f64.store (i32.add (i32.add (local.get $work) (i32.load offset=24 (local.get $rec)))
          (i32.add (i32.shl (i32.add (i32.mul (local.get $fi) (i32.shr_u (local.get $o) (i32.const 2))) (local.get $k)) (i32.const 5))
                   (i32.shl (i32.and (local.get $o) (i32.const 3)) (i32.const 3)))) (local.get $v))
        (f64.store (i32.add (i32.add (local.get $work) (i32.load offset=28 (local.get $rec)))
          (i32.add (i32.shl (i32.add (i32.mul (local.get $fo) (i32.shr_u (local.get $k) (i32.const 2))) (local.get $o)) (i32.const 5))
                   (i32.shl (i32.and (local.get $k) (i32.const 3)) (i32.const 3)))) (local.get $v))
        (local.set $src (i32.add (local.get $src) (i32.const 8)))
        (br_if $col (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $fi))))
      (f64.store (i32.add (i32.add (local.get $work) (i32.load offset=32 (local.get $rec))) (i32.shl (local.get $o) (i32.const 3)))
        (f64.load (i32.add (local.get $theta) (i32.shl (i32.add (i32.load offset=20 (local.get $rec)) (local.get $o)) (i32.const 3)))))
      (br_if $row (i32.lt_u (local.tee $o (i32.add (local.get $o) (i32.const 1))) (local.get $fo))))
    (br_if $layer (i32.lt_u (local.tee $l (i32.add (local.get $l) (i32.const 1))) (local.get $layers)))))

;; Forward and backward at the θ in the work area: Σℓ and the correct count at the
;; header's sums, (1/n)·∂L/∂θ flat at the header's gradient. x is rows × xs bytes, padded.
;; A batch of the data: $n samples at $x and $y; with $cont they continue the sums of the
;; batches before them (Σℓ, the correct count, Σδᵀa, Σδ, each in sample order, so any
;; split into batches gives the bits of one pass), and the gradient is divided by $nall,
;; the whole data's count (complete after the last batch).
(func $point (param $desc i32) (param $layers i32) (param $n i32) (param $act i32) (param $loss i32)
             (param $x i32) (param $xs i32) (param $y i32) (param $work i32) (param $cont i32) (param $nall i32)
  (local $rows i32) (local $l i32) (local $rec i32) (local $in i32) (local $ins i32) (local $cur i32) (local $next i32)
  (local $ops i32) (local $o i32) (local $i i32) (local $sum v128) (local $p i32) (local $gw i32) (local $gb i32)
  (local $fi i32) (local $fo i32) (local $ip i32) (local $g i32) (local $k i32) (local $nf f64)
  (local.set $rows (i32.and (i32.add (local.get $n) (i32.const 3)) (i32.const -4)))
  ;; θ is unpacked once per point, by its first batch
  (if (i32.eqz (local.get $cont))
    (then (call $unpack (local.get $desc) (local.get $layers) (local.get $work)
      (i32.add (local.get $work) (i32.load offset=8 (local.get $desc))))))
  (local.set $in (local.get $x))
  (local.set $ins (local.get $xs))
  (loop $fwd
    (local.set $rec (i32.add (local.get $desc) (i32.shl (i32.add (local.get $l) (i32.const 1)) (i32.const 6))))
    (local.set $ops (i32.shl (i32.load offset=12 (local.get $rec)) (i32.const 3)))
    (call $mm (local.get $in) (local.get $ins) (i32.const 8) (i32.load (local.get $rec))
      (i32.add (local.get $work) (i32.load offset=24 (local.get $rec))) (i32.const 32) (i32.shl (i32.load (local.get $rec)) (i32.const 5))
      (local.get $rows) (i32.load offset=12 (local.get $rec))
      (i32.add (local.get $work) (i32.load offset=36 (local.get $rec))) (local.get $ops)
      (i32.const 0) (i32.add (local.get $work) (i32.load offset=32 (local.get $rec))))
    (local.set $in (i32.add (local.get $work) (i32.load offset=36 (local.get $rec))))
    (local.set $ins (local.get $ops))
    (local.set $l (i32.add (local.get $l) (i32.const 1)))
    (if (i32.lt_u (local.get $l) (local.get $layers))
      (then
        (call $act (local.get $act) (local.get $in) (i32.add (local.get $work) (i32.load offset=40 (local.get $rec)))
          (i32.mul (local.get $rows) (i32.load offset=12 (local.get $rec))))
        (br $fwd))))
  (local.set $cur (i32.add (local.get $work) (i32.load (local.get $desc))))
  (call $loss_terms (local.get $loss) (local.get $in) (local.get $y) (local.get $n) (local.get $rows) (local.get $cur)
    (i32.add (local.get $work) (i32.load offset=16 (local.get $desc))) (local.get $cont))
  (local.set $g (i32.add (local.get $work) (i32.load offset=12 (local.get $desc))))
  (local.set $nf (f64.convert_i32_u (local.get $nall)))
  (loop $bwd
    (local.set $l (i32.sub (local.get $l) (i32.const 1)))
    (local.set $rec (i32.add (local.get $desc) (i32.shl (i32.add (local.get $l) (i32.const 1)) (i32.const 6))))
    (local.set $fi (i32.load (local.get $rec)))
    (local.set $fo (i32.load offset=4 (local.get $rec)))
    (local.set $ip (i32.load offset=8 (local.get $rec)))
    (local.set $ops (i32.shl (i32.load offset=12 (local.get $rec)) (i32.const 3)))
    (if (local.get $l)
      (then
        (local.set $in (i32.add (local.get $work) (i32.load offset=36 (i32.sub (local.get $rec) (i32.const 64)))))
        (local.set $ins (i32.shl (local.get $ip) (i32.const 3))))
      (else (local.set $in (local.get $x)) (local.set $ins (local.get $xs))))
    ;; Σ_i δ_iᵀ a_i: X = δᵀ (row step 8 bytes, k step a δ row), Y = the layer's input,
    ;; over blocks of 64 samples (each block's δ and a stay in cache while every tile of
    ;; the sum passes over them), each block continuing the sums in sample order.
    (local.set $gw (i32.add (local.get $work) (i32.load offset=44 (local.get $rec))))
    (local.set $i (i32.const 0))
    (loop $blocks
      (call $mm
        (i32.add (local.get $cur) (i32.mul (local.get $i) (local.get $ops))) (i32.const 8) (local.get $ops)
        (select (i32.const 64) (i32.sub (local.get $n) (local.get $i)) (i32.lt_u (i32.add (local.get $i) (i32.const 64)) (local.get $n)))
        (i32.add (local.get $in) (i32.mul (local.get $i) (local.get $ins))) (local.get $ins) (i32.const 32)
        (i32.load offset=12 (local.get $rec)) (local.get $ip) (local.get $gw) (i32.shl (local.get $ip) (i32.const 3))
        (select (i32.const 3) (i32.const 2) (i32.or (local.get $i) (local.get $cont))) (i32.const 0))
      (br_if $blocks (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 64))) (local.get $n))))
    ;; Σ_i δ_i, in sample order, two units at a time
    (local.set $gb (i32.add (local.get $work) (i32.load offset=48 (local.get $rec))))
    (local.set $o (i32.const 0))
    (loop $bias
      (local.set $sum (select (v128.load (i32.add (local.get $gb) (i32.shl (local.get $o) (i32.const 3)))) (global.get $ZERO) (local.get $cont)))
      (local.set $p (i32.add (local.get $cur) (i32.shl (local.get $o) (i32.const 3))))
      (local.set $i (local.get $n))
      (loop $samples
        (local.set $sum (f64x2.add (local.get $sum) (v128.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $ops)))
        (br_if $samples (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
      (v128.store (i32.add (local.get $gb) (i32.shl (local.get $o) (i32.const 3))) (local.get $sum))
      (br_if $bias (i32.lt_u (local.tee $o (i32.add (local.get $o) (i32.const 2))) (local.get $fo))))
    ;; flat gradient of this layer, divided by n as forward.ts does
    (local.set $p (i32.add (local.get $g) (i32.shl (i32.load offset=16 (local.get $rec)) (i32.const 3))))
    (local.set $o (i32.const 0))
    (loop $grow
      (local.set $k (i32.const 0))
      (loop $gcol
        (f64.store (local.get $p) (f64.div (f64.load (i32.add (local.get $gw)
          (i32.shl (i32.add (i32.mul (local.get $o) (local.get $ip)) (local.get $k)) (i32.const 3)))) (local.get $nf)))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br_if $gcol (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $fi))))
      (br_if $grow (i32.lt_u (local.tee $o (i32.add (local.get $o) (i32.const 1))) (local.get $fo))))
    (local.set $o (i32.const 0))
    (loop $gbias
      (f64.store (local.get $p) (f64.div (f64.load (i32.add (local.get $gb) (i32.shl (local.get $o) (i32.const 3)))) (local.get $nf)))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br_if $gbias (i32.lt_u (local.tee $o (i32.add (local.get $o) (i32.const 1))) (local.get $fo))))
    (if (local.get $l)
      (then
        ;; δ_{l−1} = (δ_l W_l) ⊙ f′(z_{l−1})
        ;; written over f′(z_{l−1}) itself: each tile reads its f′ entries before storing
        (local.set $next (i32.add (local.get $work) (i32.load offset=40 (i32.sub (local.get $rec) (i32.const 64)))))
        (call $mm (local.get $cur) (local.get $ops) (i32.const 8) (local.get $fo)
          (i32.add (local.get $work) (i32.load offset=28 (local.get $rec))) (i32.const 32) (i32.shl (local.get $fo) (i32.const 5))
          (local.get $rows) (local.get $ip) (local.get $next) (i32.shl (local.get $ip) (i32.const 3))
          (i32.const 1) (local.get $next))
        (local.set $cur (local.get $next))
        (br $bwd)))))
