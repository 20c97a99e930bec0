import { describe, expect, it } from 'vitest';
import { answerKey, createAnswerMemory } from './profile-answers.ts';

const base = { membershipType: 2, membershipId: '4611', components: [200, 201], slotTableKey: 'a' };

describe('answerKey', () => {
  it.each([
    { name: 'another player', other: { ...base, membershipId: '4612' } },
    { name: 'another platform', other: { ...base, membershipType: 3 } },
    { name: 'other components', other: { ...base, components: [200] } },
    { name: 'another slot table', other: { ...base, slotTableKey: 'b' } },
    { name: 'no slot table yet', other: { ...base, slotTableKey: undefined } }
  ])('tells apart $name', ({ other }) => {
    expect(answerKey(other)).not.toBe(answerKey(base));
  });

  it('is the same for the same answer', () => {
    expect(answerKey({ ...base, components: [200, 201] })).toBe(answerKey(base));
  });
});

describe('createAnswerMemory', () => {
  const entry = (n: number) => ({ fingerprint: `f${n}`, etag: `"${n}"` });

  it('keeps the latest entry of a key', () => {
    const memory = createAnswerMemory(2);
    memory.set('a', entry(1));
    memory.set('a', entry(2));
    expect(memory.get('a')).toEqual(entry(2));
    expect(memory.size).toBe(1);
  });

  it('drops the least recently used entry when full', () => {
    const memory = createAnswerMemory(2);
    memory.set('a', entry(1));
    memory.set('b', entry(2));
    expect(memory.get('a')).toEqual(entry(1)); // a is now the most recent
    memory.set('c', entry(3));
    expect(memory.get('b')).toBeUndefined();
    expect(memory.get('a')).toEqual(entry(1));
    expect(memory.get('c')).toEqual(entry(3));
    expect(memory.size).toBe(2);
  });
});
