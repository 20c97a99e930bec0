/**
 * Suggestions for the word being typed at the end of a query: the filter words that start with it
 * (`is:we` → `is:weapon`), then those whose value does, then those that contain it, at most `limit`. Plain text (no colon, fewer
 * than two letters) suggests nothing: it searches names, and a list under every keystroke would be
 * noise.
 */
export interface Suggestions {
  /** Where the word being typed starts in the query: a suggestion replaces the query from there. */
  from: number;
  words: string[];
}

export function suggestWords(query: string, vocabulary: readonly string[], limit = 8): Suggestions {
  const match = /(^|[\s(])(-?)([^\s()"]*)$/.exec(query);
  const typed = (match?.[3] ?? '').toLowerCase();
  const from = query.length - typed.length;
  if (typed.length < 2 || vocabulary.includes(typed)) return { from, words: [] };
  // Best first: the word starts so, then its value does (`po` → `is:power`), then it contains it.
  const rank = (word: string) =>
    word.startsWith(typed)
      ? 0
      : !typed.includes(':') && word.split(':')[1]?.startsWith(typed)
        ? 1
        : !typed.includes(':') && word.includes(typed)
          ? 2
          : 3;
  const words = vocabulary
    .map((word, index) => ({ word, index, rank: rank(word) }))
    .filter((w) => w.rank < 3)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((w) => w.word);
  return { from, words: words.slice(0, limit) };
}

/** The query with the word being typed replaced by a suggestion (a space after a complete word). */
export function acceptSuggestion(query: string, suggestions: Suggestions, word: string): string {
  return `${query.slice(0, suggestions.from)}${word}${word.endsWith(':') ? '' : ' '}`;
}
