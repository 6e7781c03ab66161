// Eigenvalues of a symmetric 2×2 matrix [[a, c], [c, d]].
//
// λ = m ± ρ with m = (a + d)/2 and ρ = hypot((a − d)/2, c). The root of larger magnitude
// is taken directly; the other as det/λ (Vieta), which avoids the cancellation in
// m − ρ when the matrix is nearly singular, as the Hessian is on the plateau.

export function symmetricEigenvalues2(a: number, c: number, d: number): [min: number, max: number] {
  // Entries beyond ~1e150 (inputs x of that size) would overflow a·d − c²: solve the
  // matrix divided by a power of two, exact, and scale the roots back.
  const size = Math.max(Math.abs(a), Math.abs(c), Math.abs(d));
  if (size > 2 ** 500 && Number.isFinite(size)) {
    const k = 2 ** -Math.ceil(Math.log2(size));
    const [lo, hi] = symmetricEigenvalues2(a * k, c * k, d * k);
    return [lo / k, hi / k];
  }
  const m = (a + d) / 2;
  const rho = Math.hypot((a - d) / 2, c);
  if (rho === 0) return [m, m];
  // Stryker disable next-line EqualityOperator: equivalent: at m = 0 the roots are ±ρ either way, and the sort below orders them
  const big = m >= 0 ? m + rho : m - rho;
  const other = (a * d - c * c) / big;
  // Stryker disable next-line EqualityOperator: equivalent: when big = other both orders are the same pair
  return big >= other ? [other, big] : [big, other];
}
