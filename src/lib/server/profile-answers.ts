/**
 * What the edge remembers, per isolate, of the last GetProfile answer it slimmed for each player:
 * the answer's fingerprint (a hash of its bytes without the mint times) and the entity tag of the
 * slim profile made from it. Slimming is a pure function of the answer and the published slot
 * table, both named by the key, so when Bungie's next answer has the same fingerprint the slim
 * profile has the same tag: a device that holds it gets 304 without the edge parsing or slimming a
 * megabyte of JSON. Lost with the isolate; nothing but speed depends on it.
 */

export interface RememberedAnswer {
  fingerprint: string;
  etag: string;
}

export interface AnswerKey {
  membershipType: number;
  membershipId: string;
  /** The GetProfile components asked for: a different set, a different answer. */
  components: readonly number[];
  /** The published slot table's content key, which slimming reads. */
  slotTableKey: string | undefined;
}

export function answerKey(key: AnswerKey): string {
  return [
    key.membershipType,
    key.membershipId,
    key.components.join(','),
    key.slotTableKey ?? ''
  ].join('|');
}

/** A bounded memory, the least recently used entry dropped first. */
export function createAnswerMemory(capacity: number) {
  const entries = new Map<string, RememberedAnswer>();
  return {
    get(key: string): RememberedAnswer | undefined {
      const entry = entries.get(key);
      if (entry) {
        entries.delete(key);
        entries.set(key, entry);
      }
      return entry;
    },
    set(key: string, entry: RememberedAnswer): void {
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
    },
    get size() {
      return entries.size;
    }
  };
}

/** Some 150 bytes an entry: a few thousand players cost an isolate well under a megabyte. */
export const profileAnswers = createAnswerMemory(4096);
