// Order statistics without a full sort: the values a sorted copy of v would hold at given
// ranks, by a multi-rank quickselect (Hoare's FIND with median-of-three pivots and a three-way
// partition, recursing only into the parts that hold a wanted rank). Expected O(n) per distinct region; after
// about 2·log₂ n partitions of one part it sorts that part, so the worst case stays
// O(n log n). Values are the sorted copy's to the bit, except that −0 and +0, equal under
// <, may come out in either order (numerically the same value).

/** The values of a sorted copy of v at `ranks` (each in [0, v.length)); v is not changed. */
export function orderStatistics(v: Float64Array, ranks: readonly number[]): number[] {
  const a = v.slice();
  for (let i = 0; i < a.length; i++) {
    // NaN is unordered under <: the typed-array sort (NaN last) defines the answer then.
    if (a[i] !== a[i]) {
      a.sort();
      return ranks.map((r) => a[r]);
    }
  }
  const wanted = [...new Set(ranks)].sort((x, y) => x - y);
  select(a, 0, a.length - 1, wanted, 0, wanted.length, 2 * Math.ceil(Math.log2(a.length + 1)) + 8);
  return ranks.map((r) => a[r]);
}

/** Puts the entries of ranks[rl..rr) (ascending, all within [left, right]) in their sorted places. */
function select(a: Float64Array, left: number, right: number, ranks: readonly number[], rl: number, rr: number, budget: number): void {
  while (rl < rr) {
    if (right - left < 24 || budget-- <= 0) {
      a.subarray(left, right + 1).sort();
      return;
    }
    const mid = (left + right) >>> 1;
    const x = a[left], y = a[mid], z = a[right];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    // Three-way partition (Dijkstra): [left, lt) < pivot, [lt, gt] = pivot, (gt, right] > pivot,
    // so ties (ReLU's zeros) settle every rank among them in one pass.
    let lt = left, i = left, gt = right;
    while (i <= gt) {
      const t = a[i];
      if (t < pivot) {
        a[i++] = a[lt];
        a[lt++] = t;
      } else if (t > pivot) {
        a[i] = a[gt];
        a[gt--] = t;
      } else i++;
    }
    let m = rl;
    while (m < rr && ranks[m] < lt) m++;
    let r = m;
    while (r < rr && ranks[r] <= gt) r++;
    // The part with fewer elements by recursion, the other by the loop.
    if (lt - left < right - gt) {
      select(a, left, lt - 1, ranks, rl, m, budget);
      left = gt + 1;
      rl = r;
    } else {
      select(a, gt + 1, right, ranks, r, rr, budget);
      right = lt - 1;
      rr = m;
    }
  }
}
