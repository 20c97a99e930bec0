import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  emailRequestSchema,
  mailRequest,
  requestEmail,
  type StoredEmailSubscription
} from './email-subscription.ts';

const now = new Date('2026-11-30T12:00:00Z');
const known = (over: Partial<StoredEmailSubscription> = {}): StoredEmailSubscription => ({
  membershipId: '1',
  address: 'guardian@example.com',
  token: 'old-token',
  confirmed: false,
  requestedAt: '2026-11-30T11:00:00Z',
  ...over
});

describe('requestEmail', () => {
  it.each<
    [string, StoredEmailSubscription | undefined, string, Partial<StoredEmailSubscription>, boolean]
  >([
    [
      'a first address: unconfirmed, a new token, a confirmation',
      undefined,
      'guardian@example.com',
      { token: 'fresh', confirmed: false, requestedAt: now.toISOString() },
      true
    ],
    [
      'the same address again, unconfirmed: the same token, another confirmation',
      known(),
      'Guardian@Example.com',
      { token: 'old-token', requestedAt: now.toISOString() },
      true
    ],
    [
      'the same address pressed twice within a minute: no second email',
      known({ requestedAt: '2026-11-30T11:59:30Z' }),
      'guardian@example.com',
      { requestedAt: '2026-11-30T11:59:30Z' },
      false
    ],
    [
      'the same address, already confirmed: stays confirmed, no email',
      known({ confirmed: true }),
      'guardian@example.com',
      { confirmed: true, token: 'old-token' },
      false
    ],
    [
      'another address: starts over unconfirmed with a new token',
      known({ confirmed: true, notified: 'v' }),
      'titan@example.com',
      { address: 'titan@example.com', confirmed: false, token: 'fresh' },
      true
    ]
  ])('%s', (_, before, address, expected, send) => {
    const { record, sendConfirmation } = requestEmail(before, '1', address, 'fresh', now);
    expect(record).toMatchObject(expected);
    expect(sendConfirmation).toBe(send);
  });

  it('sends a player at most five confirmations a day, whatever the addresses', () => {
    let record: StoredEmailSubscription | undefined;
    const sent: string[] = [];
    for (let i = 0; i < 8; i++) {
      const address = `alt${i}@example.com`;
      const asked = requestEmail(record, '1', address, `t${i}`, now);
      record = asked.record;
      if (asked.sendConfirmation) sent.push(address);
    }
    expect(sent).toEqual([0, 1, 2, 3, 4].map((i) => `alt${i}@example.com`));
    // Refused ones change nothing: the last address asked for in time stays.
    expect(record).toMatchObject({ address: 'alt4@example.com', confirmations: { count: 5 } });
    // The next day, again.
    const tomorrow = new Date('2026-12-01T12:00:00Z');
    expect(requestEmail(record, '1', 'alt9@example.com', 't9', tomorrow)).toMatchObject({
      sendConfirmation: true,
      record: { address: 'alt9@example.com', confirmations: { day: '2026-12-01', count: 1 } }
    });
  });

  it('forgets what the old address was told when the address changes', () => {
    expect(
      requestEmail(known({ notified: 'v' }), '1', 'titan@example.com', 'fresh', now).record.notified
    ).toBeUndefined();
  });
});

describe('emailRequestSchema', () => {
  it.each([
    ['guardian@example.com', true],
    ['  guardian@example.com ', true],
    ['not an address', false],
    [`${'a'.repeat(250)}@example.com`, false],
    ['a@b', false]
  ])('%s → %s', (address, ok) => {
    expect(v.safeParse(emailRequestSchema, { address }).success).toBe(ok);
  });
});

describe('mailRequest', () => {
  it("is Resend's shape: a bearer key, from, one recipient, both bodies", async () => {
    const request = mailRequest(
      { url: 'https://mail.example/emails', apiKey: 'k', from: 'Vault Raider <xur@example.com>' },
      {
        to: 'guardian@example.com',
        subject: 's',
        html: '<p>h</p>',
        text: 't',
        headers: { 'List-Unsubscribe': '<https://x>' }
      }
    );
    expect(request.url).toBe('https://mail.example/emails');
    expect(request.headers.get('authorization')).toBe('Bearer k');
    expect(await request.json()).toEqual({
      from: 'Vault Raider <xur@example.com>',
      to: ['guardian@example.com'],
      subject: 's',
      html: '<p>h</p>',
      text: 't',
      headers: { 'List-Unsubscribe': '<https://x>' }
    });
  });
});
