import { describe, expect, it } from 'vitest';
import { readTabMessage } from './tab-channel';

describe('readTabMessage', () => {
  it.each([
    [
      { news: 'outbox-changed', from: 'tab-a' },
      { news: 'outbox-changed', from: 'tab-a' }
    ],
    [
      { news: 'profile-stored', from: 'tab-a' },
      { news: 'profile-stored', from: 'tab-a' }
    ],
    [
      { news: 'player-data-changed', from: 'tab-a' },
      { news: 'player-data-changed', from: 'tab-a' }
    ],
    [
      { news: 'signed-out', from: 'tab-a' },
      { news: 'signed-out', from: 'tab-a' }
    ],
    // As an older version sent them: a page and a worker may differ while an update waits.
    ['changed', { news: 'outbox-changed', from: '' }],
    [{ from: 'tab-a' }, { news: 'profile-stored', from: 'tab-a' }],
    [{ news: 'something-else', from: 'tab-a' }, undefined],
    [{ news: 'outbox-changed' }, undefined],
    ['hello', undefined],
    [null, undefined],
    [42, undefined]
  ])('%j → %j', (data, message) => {
    expect(readTabMessage(data)).toEqual(message);
  });
});
