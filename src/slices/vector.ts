// The one inner product the slice code shares (projections, plane distances, parallel checks).

/** Σ a_i b_i over a's length. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
