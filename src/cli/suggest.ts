// "Did you mean …?" for a mistyped option or choice: the nearest known word by edit
// distance (Damerau–Levenshtein, adjacent transpositions count as one edit).

/** Edit distance with insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known word nearest to `word`, if it is near enough to be a typo: at most a third
 * of the word's length in edits (at least 1, at most 3), or a unique known word that
 * starts with it. Ties go to the earlier word in `known`.
 */
export function nearest(word: string, known: readonly string[]): string | undefined {
  // Long inputs are not typos of short names; skip the quadratic distance.
  if (word.length === 0 || word.length > 64) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dist = editDistance(word.toLowerCase(), k);
    if (dist < bestD) {
      best = k;
      bestD = dist;
    }
  }
  if (best !== undefined && bestD <= limit) return best;
  const prefixed = known.filter((k) => word.length >= 2 && k.startsWith(word.toLowerCase()));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}
