// Every combination of roles gets the same answer from the three places that decide who reads the
// parent-carer representative's view: the shared rule, the server's redaction of pulled records and
// the device's suppression of small numbers in reports. They once disagreed for parent rep + admin.
import { describe, expect, it } from 'vitest';
import { readsRedactedView } from '#shared/domain/redacted-view.ts';
import { suppressionThreshold } from '#shared/domain/report-sources.ts';
import { DEFAULT_COUNCIL_SETTINGS } from '#shared/schemas/settings.ts';
import { ROLES, type Role } from '#shared/schemas/user.ts';
import { seesRedacted } from '#server/sync/redact.ts';

/** All 16 subsets of the four roles (the empty one included: no role reads the full view by default). */
function roleCombinations(): Role[][] {
  return Array.from({ length: 2 ** ROLES.length }, (_, mask) => ROLES.filter((_, bit) => (mask & (1 << bit)) !== 0));
}

describe('who reads the redacted view, for every combination of roles', () => {
  it('covers all sixteen combinations', () => {
    expect(new Set(roleCombinations().map((roles) => roles.join('+'))).size).toBe(16);
  });

  it.each(roleCombinations().map((roles) => [roles.join(' + ') || '(no role)', roles] as const))(
    '%s',
    (_label, roles) => {
      const user = { roles };
      // The rule written out independently: parent-carer representative and not QA lead.
      const expected = roles.includes('parent-rep') && !roles.includes('qa-lead');
      expect(readsRedactedView(user)).toBe(expected);
      expect(seesRedacted(user)).toBe(expected);
      const threshold = suppressionThreshold(DEFAULT_COUNCIL_SETTINGS, readsRedactedView(user));
      expect(threshold).toBe(expected ? DEFAULT_COUNCIL_SETTINGS.smallNumberThreshold : null);
    },
  );

  it('gives an admin who is also a parent-carer representative the redacted records and suppressed numbers', () => {
    const user = { roles: ['admin', 'parent-rep'] as Role[] };
    expect(seesRedacted(user)).toBe(true);
    expect(suppressionThreshold(DEFAULT_COUNCIL_SETTINGS, readsRedactedView(user))).not.toBeNull();
  });

  it('treats nobody signed in as not redacted on the device (reports wait for the session)', () => {
    expect(readsRedactedView(undefined)).toBe(false);
    expect(suppressionThreshold(DEFAULT_COUNCIL_SETTINGS, readsRedactedView(undefined))).toBeNull();
  });
});
