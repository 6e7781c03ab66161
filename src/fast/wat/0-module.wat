;; Grid and many-start kernels for p = σ(w·x + b): WebAssembly SIMD (f64x2), hand-written.
;; The module is the files of src/fast/wat/ in name order, wrapped in "(module …)" and
;; assembled by scripts/build-wasm.mjs (wabt) into src/fast/kernel.generated.ts.
;;
;; Every function reproduces the arithmetic of the TypeScript reference
;; (src/numerics/losses.ts, point.ts, eigen.ts, src/train/many.ts) operation for
;; operation and in the same order, two points (or two starts) per f64x2, four per loop
;; iteration. The only
;; differences are
;;   * exp: table-driven (the exp_neg block; 1-constants.wat) instead of Math.exp,
;;     within 1 ulp of it;
;;   * BCE's log1p(e) terms: summed as one log1p per block of 8 samples ($log1p_pos);
;;     see 3b-sums-bce.wat for why that stays exact.
;; Plain WebAssembly SIMD has no fused multiply-add, so every product and sum rounds as
;; in V8's scalar code: with the same e, MSE results are bit-identical to TypeScript.
;;
;; V8 (Node 20) neither inlines wasm calls nor keeps v128.const out of loops, so the
;; exp is written out inside each hot loop (identical copies, checked at build time)
;; and constants are immutable globals (one memory operand each).
;;
;; Sample records (24 bytes each, written by src/fast/layout.ts):
;;   +0  x   f64
;;   +8  sm  i64  sign mask: 0x8000000000000000 when y = 1, else 0
;;   +16 lm  i64  label mask: all ones when y = 1, else 0
;; Labels are 0 or 1 (callers fall back to TypeScript otherwise). With zs = z ⊕ sm
;; (z negated when y = 1) both labels become the y = 0 case of losses.ts; results are
;; mapped back by sign flips, which are exact.
