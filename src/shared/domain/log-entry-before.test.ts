import { describe, expect, it } from 'vitest';
import { shownBefore } from './log-entry-before.ts';

describe('shownBefore', () => {
  it('shows a field a patch filled in from blank as blank, in the order the after lists them', () => {
    expect(
      shownBefore({
        action: 'audit.patch',
        before: { 'responses.B2': { rating: 'met' } },
        after: { 'responses.B1': { rating: 'met' }, 'responses.B2': { rating: 'not-met' } },
      }),
    ).toEqual({ 'responses.B1': null, 'responses.B2': { rating: 'met' } });
  });

  it('reads an older entry that listed blank fields as null the same way', () => {
    const old = {
      action: 'audit.patch',
      before: { 'responses.B1': null },
      after: { 'responses.B1': { rating: 'met' } },
    };
    const now = { action: 'audit.patch', before: {}, after: { 'responses.B1': { rating: 'met' } } };
    expect(shownBefore(old)).toEqual({ 'responses.B1': null });
    expect(shownBefore(now)).toEqual(shownBefore(old));
  });

  it('leaves entries that are not patches as stored', () => {
    expect(shownBefore({ action: 'audit.start', before: null, after: { id: 'a' } })).toBeNull();
    expect(
      shownBefore({ action: 'audit.submit', before: { status: 'draft' }, after: { status: 'submitted' } }),
    ).toEqual({
      status: 'draft',
    });
  });
});
