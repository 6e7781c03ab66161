;; Part of the kernel module (see 0-module.wat): the sums over the samples for four points,
;; one definition (parts/sums.wat) instantiated per loss, with all fields or loss and
;; gradient only (the `grid` command's fields, about 25% less work).
;;
;; BCE's log1p terms are summed per block of 8 samples as one log1p:
;;   Σ log1p(e_i) = log1p(T),  T = Π(1 + e_i) − 1,  T ← (T + e) + T·e.
;; Every quantity in that recurrence is ≥ 0, so each step adds at most ~3 ulp of
;; relative error to T, however small e is (no cancellation), and log1p keeps the
;; relative error: a block costs < 1e-14 relative, far inside the 1e-12 contract.
;; (A product of 1 + e_i instead would lose every e_i below 2^-53.) T < 2^8.

;; @use sums name=$mse4 loss=mse full=1
;; @use sums name=$bce4 loss=bce full=1
;; @use sums name=$mse4lg loss=mse full=0
;; @use sums name=$bce4lg loss=bce full=0
