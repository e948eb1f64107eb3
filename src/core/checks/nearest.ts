/** Suggestions are made only for words up to this long: a typo, not a pasted blob. */
export const MAX_SUGGESTION_INPUT = 128;

/** Levenshtein distance, or `max + 1` as soon as it is known to exceed `max` (work O(length × max)). */
export function distance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    let rowMin = prev[0];
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
      if (prev[j] < rowMin) rowMin = prev[j];
    }
    if (rowMin > max) return max + 1;
  }
  return prev[b.length];
}

export interface Suggestion {
  word: string;
  /** 0 when only the letter case differs. */
  distance: number;
}

/** The candidate closest to `word` when it is close enough to be a likely typo; nothing for long words. */
export function suggest(word: string, candidates: Iterable<string>): Suggestion | undefined {
  if (word.length > MAX_SUGGESTION_INPUT) return undefined;
  const lw = word.toLowerCase();
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: Suggestion | undefined;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    if (lc === lw) return { word: c, distance: 0 };
    const d = distance(lw, lc, Math.min(limit, best ? best.distance - 1 : limit));
    if (d <= limit && (!best || d < best.distance)) best = { word: c, distance: d };
  }
  return best;
}

/** The candidate closest to `word` when it is close enough to be a likely typo. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  return suggest(word, candidates)?.word;
}

/** A near miss: the same word in another case, or one or two letters off. */
export function isNearMiss(s: Suggestion | undefined): boolean {
  return !!s && s.distance <= 2;
}
