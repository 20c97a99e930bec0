import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GroupUserInfoCard, UserMembershipData } from '../../bungie/index.ts';
import { chooseMembership, ownsMembership } from './choose-membership.ts';

const card = (membershipType: number, membershipId: string, crossSaveOverride = 0) =>
  ({
    membershipType,
    membershipId,
    crossSaveOverride,
    displayName: `m${membershipId}`,
    applicableMembershipTypes: [],
    isPublic: true
  }) as unknown as GroupUserInfoCard;

// A real cross-save account: four memberships, Xbox primary (test/fixtures/bungie/PROVENANCE.md).
const crossSave = JSON.parse(
  readFileSync(
    new URL(
      '../../../../test/fixtures/bungie/UserMembershipData.hakke-manager-2023-06.json',
      import.meta.url
    ),
    'utf8'
  )
) as UserMembershipData;

describe('chooseMembership', () => {
  it.each([
    {
      name: 'the cross-save primary, whatever was played last',
      input: crossSave,
      lastPlayed: { '4611686018527279848': '2030-01-01T00:00:00Z' },
      expected: '4611686018492795083'
    },
    {
      name: 'the most recently played without cross save',
      input: { destinyMemberships: [card(1, 'a'), card(3, 'b'), card(2, 'c')] },
      lastPlayed: {
        a: '2021-01-01T00:00:00Z',
        b: '2023-05-01T00:00:00Z',
        c: '2022-01-01T00:00:00Z'
      },
      expected: 'b'
    },
    {
      name: 'the first when no dates are known',
      input: { destinyMemberships: [card(1, 'a'), card(3, 'b')] },
      lastPlayed: {},
      expected: 'a'
    },
    {
      name: 'never one overridden by cross save',
      input: { destinyMemberships: [card(1, 'a', 3), card(3, 'b', 3)] },
      lastPlayed: { a: '2025-01-01T00:00:00Z', b: '2020-01-01T00:00:00Z' },
      expected: 'b'
    },
    {
      name: 'the one there is',
      input: { destinyMemberships: [card(2, 'only')], primaryMembershipId: 'gone' },
      lastPlayed: {},
      expected: 'only'
    }
  ])('picks $name', ({ input, lastPlayed, expected }) => {
    expect(chooseMembership(input, lastPlayed as Record<string, string>)?.membershipId).toBe(
      expected
    );
  });

  it('picks nothing for an account with no Destiny membership', () => {
    expect(chooseMembership({ destinyMemberships: [] }, {})).toBeUndefined();
  });
});

describe('ownsMembership', () => {
  it('accepts only a membership of the account, with its own type', () => {
    expect(ownsMembership(crossSave, 2, '4611686018527279848')).toBe(true);
    expect(ownsMembership(crossSave, 3, '4611686018527279848')).toBe(false);
    expect(ownsMembership(crossSave, 2, '4611686018400000000')).toBe(false);
  });
});
