import type { GroupUserInfoCard } from '../../bungie/index.ts';

export interface MembershipChoiceInput {
  destinyMemberships: readonly GroupUserInfoCard[];
  primaryMembershipId?: string;
}

/**
 * Which Destiny membership a player means. Under cross save the primary one; otherwise the one
 * played most recently (`lastPlayed`: membershipId → ISO date, from GetLinkedProfiles). Memberships
 * overridden by cross save (their data lives in another) are never chosen.
 */
export function chooseMembership(
  input: MembershipChoiceInput,
  lastPlayed: Readonly<Record<string, string>>
): GroupUserInfoCard | undefined {
  const { destinyMemberships, primaryMembershipId } = input;
  const primary =
    primaryMembershipId && destinyMemberships.find((m) => m.membershipId === primaryMembershipId);
  if (primary) return primary;
  const playable = destinyMemberships.filter(
    (m) => m.crossSaveOverride === 0 || m.crossSaveOverride === m.membershipType
  );
  const time = (m: GroupUserInfoCard) => Date.parse(lastPlayed[m.membershipId] ?? '') || 0;
  let best: GroupUserInfoCard | undefined;
  for (const membership of playable) {
    if (!best || time(membership) > time(best)) best = membership;
  }
  return best;
}

/** Whether `membershipId` is one of the player's own Destiny memberships (never trust the client's word). */
export function ownsMembership(
  input: MembershipChoiceInput,
  membershipType: number,
  membershipId: string
): boolean {
  return input.destinyMemberships.some(
    (m) => m.membershipId === membershipId && m.membershipType === membershipType
  );
}
