/** Request and response bodies of Vault Raider's own /api, shared by the edge and the browser. */

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export interface MembershipSummary {
  membershipType: number;
  membershipId: string;
  displayName: string;
  /** "PlayStation", "Steam", … */
  platform: string;
  /** Another membership holds this one's data under cross save; it cannot be chosen. */
  overridden: boolean;
}

export interface MeResponse {
  displayName: string;
  bungieNetId: string;
  memberships: MembershipSummary[];
  chosen: { membershipType: number; membershipId: string };
}

export interface ChooseMembershipRequest {
  membershipType: number;
  membershipId: string;
}
