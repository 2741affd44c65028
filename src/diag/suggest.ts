/**
 * "Did you mean" suggestions.
 *
 * The one place that picks a nearest valid name (starlark's `spell.Nearest`, cedar's
 * `fuzzy_search`). Distance is Damerau–Levenshtein over UTF-16 units, compared
 * case-insensitively; a candidate is offered only when it is close relative to the length of
 * the name, so `scor` suggests `score` but `x` does not suggest `y`.
 */

/** Optimal-string-alignment edit distance between `a` and `b`. */
export function editDistance(a: string, b: string): number {
  const n = a.length;
  const m = b.length;
  if (n === 0) return m;
  if (m === 0) return n;
  let prev2: number[] = new Array<number>(m + 1).fill(0);
  let prev: number[] = Array.from({ length: m + 1 }, (_, j) => j);
  let cur: number[] = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      }
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m] ?? 0;
}

/**
 * Returns the candidate nearest to `name`, or undefined when none is close enough.
 * Ties go to the candidate listed first, so callers list the likeliest names first.
 */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    if (c === name) continue;
    const cl = c.toLowerCase();
    // Short names get no typo allowance (`x` is not a misspelling of `y`); otherwise one edit
    // per three letters of the longer name, so dropped letters count (`flagd` → `flagged`).
    const limit = name.length < 3 ? 0 : Math.max(1, Math.floor(Math.max(name.length, cl.length) / 3));
    const d = cl === lower ? 0 : editDistance(lower, cl);
    const prefix = cl.startsWith(lower) || lower.startsWith(cl);
    if ((d <= limit || (prefix && Math.min(cl.length, lower.length) >= 3)) && d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}

/** Formats a "did you mean" help line for `name`, or undefined when there is no suggestion. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const s = nearest(name, candidates);
  return s === undefined ? undefined : `did you mean \`${s}\`?`;
}
