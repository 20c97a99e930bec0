import { describe, expect, it } from 'vitest';
import { SEARCH_WORDS } from './filters.ts';
import { acceptSuggestion, suggestWords } from './suggest.ts';

describe('suggestWords', () => {
  it.each<[string, string[]]>([
    ['is:we', ['is:weapon']],
    ['is:weapon -is:lo', ['is:locked']],
    ['(is:exotic or is:ma', ['is:masterwork', 'is:masterworked', 'is:machinegun']],
    ['tag:j', ['tag:junk']],
    ['po', ['power:', 'is:postmaster', 'is:power', 'slot:power', 'is:weapon']],
    ['loadout', ['is:inloadout', 'inloadout:']],
    // Nothing for one letter, a finished word, plain text no word contains, or after a space.
    ['i', []],
    ['is:weapon', []],
    ['gjallarhorn', []],
    ['is:weapon ', []]
  ])('%s → %j', (query, words) => {
    expect(suggestWords(query, SEARCH_WORDS).words).toEqual(words);
  });

  it('keeps at most the limit', () => {
    expect(suggestWords('is:', SEARCH_WORDS, 3).words).toHaveLength(3);
  });

  it('replaces only the word being typed, keeping a leading minus', () => {
    const query = 'is:weapon -is:lo';
    const suggestions = suggestWords(query, SEARCH_WORDS);
    expect(acceptSuggestion(query, suggestions, 'is:locked')).toBe('is:weapon -is:locked ');
    const keyword = suggestWords('pow', SEARCH_WORDS);
    expect(acceptSuggestion('pow', keyword, 'power:')).toBe('power:');
  });
});
