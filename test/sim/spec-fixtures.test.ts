import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeErrors, responseValidator, schemaValidator } from './openapi.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/bungie/${name}`, import.meta.url), 'utf8'));

describe('the real captures agree with the spec (with the two known deviations)', () => {
  it('the real 2021 GetProfile envelope validates', () => {
    const validate = responseValidator(
      '/Destiny2/{membershipType}/Profile/{destinyMembershipId}/',
      'get'
    );
    const ok = validate(fixture('GetProfile.dim-2021-05-28.json'));
    expect(describeErrors(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the real GetManifest envelope validates', () => {
    const validate = responseValidator('/Destiny2/Manifest/', 'get');
    expect(validate(fixture('GetManifest.flat-destiny-2026-06-23.json'))).toBe(true);
  });

  it('a real UserMembershipData body validates', () => {
    const validate = schemaValidator('User.UserMembershipData');
    validate(fixture('UserMembershipData.hakke-manager-2023-06.json'));
    expect(describeErrors(validate.errors)).toEqual([]);
  });

  it('rejects what the spec forbids, so a pass means something', () => {
    const validate = responseValidator('/Destiny2/Manifest/', 'get');
    const envelope = fixture('GetManifest.flat-destiny-2026-06-23.json');
    expect(validate({ ...envelope, Response: { ...envelope.Response, version: 7 } })).toBe(false);
    expect(validate({ ...envelope, Response: { ...envelope.Response, notInTheSpec: true } })).toBe(
      false
    );
    expect(validate({ ...envelope, ErrorCode: 'one' })).toBe(false);
  });
});
