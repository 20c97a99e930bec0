import { describe, expect, it } from 'vitest';
import type { VendorStock } from '../inventory/model.ts';
import { confirmationEmail, renderXurEmail } from './xur-email.ts';

const stock: VendorStock = {
  present: true,
  nextRefreshDate: '2026-12-01T17:00:00Z',
  fetchedAt: '2026-11-28T18:00:00Z',
  items: [
    { hash: 1, bucketHash: 0, costs: [{ hash: 1022552290, quantity: 97 }] },
    { hash: 2, bucketHash: 0, costs: [{ hash: 1022552290, quantity: 23 }] },
    { hash: 3, bucketHash: 0, costs: [] }
  ]
};
const words = new Map([
  [1, { name: 'Hawkmoon', typeName: 'Hand Cannon', icon: '/common/destiny2_content/icons/h.jpg' }],
  [2, { name: '<img src=x onerror=alert(1)>Bad "name"', typeName: 'Helmet' }]
]);

describe('renderXurEmail', () => {
  const email = renderXurEmail(stock, (hash) => words.get(hash), {
    imageOrigin: 'https://www.bungie.net',
    xurPage: 'https://vault.example/xur',
    stop: 'https://vault.example/api/notices/xur/email/stop?player=1&token=a"b'
  });

  it('lists every item with its icon, name, type and cost, and when he leaves', () => {
    expect(email.subject).toBe(
      'Xûr has arrived: Hawkmoon, <img src=x onerror=alert(1)>Bad "name", Classified'
    );
    expect(email.html).toContain('He leaves Tue, 01 Dec 2026 17:00 UTC.');
    expect(email.html).toContain(
      '<tr><td><img src="https://www.bungie.net/common/destiny2_content/icons/h.jpg" alt="Hawkmoon" width="48" height="48"></td><td>Hawkmoon</td><td>Hand Cannon</td><td>97 Legendary Shards</td></tr>'
    );
    expect(email.html.match(/<tr><td>/g)).toHaveLength(3);
    expect(email.text.split('\n')).toEqual([
      'Xûr has arrived (he leaves Tue, 01 Dec 2026 17:00 UTC).',
      '- Hawkmoon (Hand Cannon): 97 Legendary Shards',
      '- <img src=x onerror=alert(1)>Bad "name" (Helmet): 23 Legendary Shards',
      '- Classified',
      '',
      'See him in Vault Raider: https://vault.example/xur',
      'Stop these emails: https://vault.example/api/notices/xur/email/stop?player=1&token=a"b'
    ]);
  });

  it('links to the Xûr page and to stopping the emails, the link escaped', () => {
    expect(email.html).toContain('<a href="https://vault.example/xur"');
    expect(email.html).toContain(
      '<a href="https://vault.example/api/notices/xur/email/stop?player=1&amp;token=a&quot;b"'
    );
  });

  it('escapes names from the definitions: no markup of theirs reaches the HTML', () => {
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;Bad &quot;name&quot;');
  });
});

describe('confirmationEmail', () => {
  it('carries the one link, escaped, and says nothing is sent without it', () => {
    const email = confirmationEmail(
      'https://vault.example/api/notices/xur/email/confirm?player=1&token=t'
    );
    expect(email.html).toContain(
      '<a href="https://vault.example/api/notices/xur/email/confirm?player=1&amp;token=t">'
    );
    expect(email.text).toContain(
      'Confirm and start the emails: https://vault.example/api/notices/xur/email/confirm?player=1&token=t'
    );
    expect(email.text).toContain('nothing is sent without the confirmation');
  });
});
