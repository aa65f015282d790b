import { describe, expect, it } from 'vitest';
import { acceptsNewAudits, acceptsNewModerations, closeRefusal, reopenRefusal } from './cycle-closing.ts';

describe('closing a cycle', () => {
  it('may close once nothing is unsigned or in draft', () => {
    expect(closeRefusal({ openModerations: 0, agreedModerations: 0, draftAudits: 0 })).toBeNull();
  });

  it('names every reason it may not, with counts', () => {
    expect(closeRefusal({ openModerations: 1, agreedModerations: 0, draftAudits: 0 })).toBe(
      'the cycle cannot be closed yet: 1 moderation is still open',
    );
    expect(closeRefusal({ openModerations: 2, agreedModerations: 1, draftAudits: 3 })).toBe(
      'the cycle cannot be closed yet: 2 moderations are still open, 1 moderation is agreed but not signed off and 3 audits are still a draft',
    );
  });

  it('takes new audits only while open', () => {
    expect([acceptsNewAudits('open'), acceptsNewAudits('closed')]).toEqual([true, false]);
  });

  it('takes new moderations and amendments only while open', () => {
    expect([acceptsNewModerations('open'), acceptsNewModerations('closed')]).toEqual([true, false]);
  });

  it('reopens only a closed cycle retention has not touched', () => {
    expect(reopenRefusal({ status: 'closed', isRetentionApplied: false })).toBeNull();
    expect(reopenRefusal({ status: 'open', isRetentionApplied: false })).toBe('the cycle is already open');
    expect(reopenRefusal({ status: 'closed', isRetentionApplied: true })).toMatch(/retention has already deleted/);
  });
});
