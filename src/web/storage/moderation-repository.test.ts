// The device's moderation store on a real IndexedDB (fake-indexeddb): each change written with its
// outbox entry, unsent edits coalesced, pulls that keep unsent fields on top, conflicts settled by
// the moderator, refusals undone, and a moderation someone else opened first adopted.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Moderation } from '#shared/schemas/moderation.ts';
import {
  CYCLE,
  MODERATED_AUDITS,
  MODERATION_ID,
  QA_LEAD,
  seedModeration,
  seedQaLeadDevice,
  serverModeration,
} from '#tests/web-support/device-fixtures.tsx';
import { getDatabase } from './db.ts';
import { exportUnsyncedWork } from './device.ts';
import { getCouncilSettings } from './settings.ts';
import {
  amendModeration,
  changeModeration,
  getModeration,
  listModerations,
  ModerationSignedOffError,
  openModeration,
  resolveModerationConflict,
  signOffModeration,
} from './moderation-repository.ts';
import { applyPushResults, listOutbox, takeBatch } from './outbox.ts';
import { applyPull } from './pull.ts';

async function acceptAll(): Promise<void> {
  const batch = await takeBatch(100);
  if (batch) await applyPushResults(batch.mutations.map((m) => ({ mutationId: m.id, status: 'applied' as const })));
}

function pullModeration(moderation: Moderation, cursor = 'cursor-9'): Promise<void> {
  return applyPull([{ kind: 'moderation', id: moderation.id, deleted: false, data: moderation }], cursor);
}

describe('opening a moderation', () => {
  beforeEach(async () => {
    await seedQaLeadDevice();
  });

  it('writes the moderation and its open mutation together, and returns the same one when opened again', async () => {
    const input = { cycle: CYCLE, planRef: 'PLN-0005', audits: MODERATED_AUDITS, chair: QA_LEAD };
    const id = await openModeration(input, '2026-03-04T10:00:00.000Z');
    expect(await openModeration(input)).toBe(id);
    const moderation = await getModeration(id);
    expect(moderation).toMatchObject({ status: 'open', revision: 1, planRef: 'PLN-0005', openedBy: QA_LEAD.id });
    expect(moderation?.auditRefs).toHaveLength(3);
    const outbox = await listOutbox();
    expect(outbox.map((e) => [e.entity, e.recordId, e.mutation.name])).toEqual([['moderation', id, 'moderation.open']]);
  });

  it('adopts the moderation another QA lead opened first, moving its own queued changes onto it', async () => {
    const input = { cycle: CYCLE, planRef: 'PLN-0005', audits: MODERATED_AUDITS, chair: QA_LEAD };
    const localId = await openModeration(input);
    await changeModeration(localId, 'sections.F.agreedGrade', 2);
    const server = serverModeration({ sections: { A: { agreedGrade: 3, rationale: 'Clear voice' } } });
    const batch = await takeBatch(100);
    const [open, patch] = batch?.mutations ?? [];
    await applyPushResults([
      { mutationId: open!.id, status: 'conflict', fields: ['moderationId'], serverModeration: server },
      { mutationId: patch!.id, status: 'rejected', reason: 'not-found', message: 'No such moderation' },
    ]);
    expect(await getModeration(localId)).toBeUndefined();
    const adopted = await getModeration(server.id);
    expect(adopted?.sections.A?.agreedGrade).toBe(3);
    expect(adopted?.sections.F?.agreedGrade).toBe(2);
    const outbox = await listOutbox();
    expect(outbox.map((e) => [e.recordId, e.status, e.mutation.name])).toEqual([
      [server.id, 'pending', 'moderation.patch'],
    ]);
    expect(outbox[0]?.mutation.args).toMatchObject({ moderationId: server.id });
  });
});

describe('changing a moderation', () => {
  beforeEach(async () => {
    await seedModeration();
  });

  it('queues one patch per field, rewriting an unsent one and keeping what the server last saw', async () => {
    await changeModeration(MODERATION_ID, 'sections.F.rationale', 'Provision');
    await changeModeration(MODERATION_ID, 'sections.F.rationale', 'Provision is not quantified');
    await changeModeration(MODERATION_ID, 'sections.F.agreedGrade', 2);
    const outbox = await listOutbox();
    expect(outbox.map((e) => e.field)).toEqual(['sections.F.rationale', 'sections.F.agreedGrade']);
    expect(outbox[0]?.mutation.args).toMatchObject({
      moderationId: MODERATION_ID,
      patch: { sections: { F: { rationale: { from: '', to: 'Provision is not quantified' } } } },
    });
    expect((await getModeration(MODERATION_ID))?.sections.F).toEqual({
      agreedGrade: 2,
      rationale: 'Provision is not quantified',
    });
  });

  it('drops the queued change when the field goes back to what the server has', async () => {
    await changeModeration(MODERATION_ID, 'strengths', 'Strong voice');
    await changeModeration(MODERATION_ID, 'strengths', '');
    expect(await listOutbox()).toEqual([]);
  });

  it('stores a blank perspective as no perspective', async () => {
    await changeModeration(MODERATION_ID, 'sections.A.parentPerspective', '   ');
    expect(await listOutbox()).toEqual([]);
  });

  it('writes nothing when the value is invalid', async () => {
    await expect(changeModeration(MODERATION_ID, 'strengths', 'x'.repeat(4001))).rejects.toThrow();
    expect((await getModeration(MODERATION_ID))?.strengths).toBe('');
    expect(await listOutbox()).toEqual([]);
  });

  it('keeps unsent fields on top of what a pull brings, and takes the rest', async () => {
    await changeModeration(MODERATION_ID, 'sections.F.agreedGrade', 2);
    await pullModeration(
      serverModeration({ sections: { F: { agreedGrade: 1, rationale: '' }, A: { agreedGrade: 3, rationale: 'x' } } }),
    );
    const merged = await getModeration(MODERATION_ID);
    expect(merged?.sections.F?.agreedGrade).toBe(2);
    expect(merged?.sections.A?.agreedGrade).toBe(3);
  });

  it('shows a field changed on both sides and lets the moderator keep theirs or mine', async () => {
    await changeModeration(MODERATION_ID, 'overall.agreedGrade', 3);
    await changeModeration(MODERATION_ID, 'strengths', 'Mine');
    const batch = await takeBatch(100);
    const server = serverModeration({ overall: { agreedGrade: 2, rationale: '' }, strengths: 'Theirs' });
    await applyPushResults(
      (batch?.mutations ?? []).map((m) => ({
        mutationId: m.id,
        status: 'conflict' as const,
        fields: [m.name === 'moderation.patch' && m.args.patch.strengths ? 'strengths' : 'overall.agreedGrade'],
        serverModeration: server,
      })),
    );
    expect((await listOutbox()).map((e) => e.status)).toEqual(['conflict', 'conflict']);

    await resolveModerationConflict(MODERATION_ID, 'overall.agreedGrade', 'theirs');
    await resolveModerationConflict(MODERATION_ID, 'strengths', 'mine');
    const moderation = await getModeration(MODERATION_ID);
    expect(moderation?.overall.agreedGrade).toBe(2);
    expect(moderation?.strengths).toBe('Mine');
    const outbox = await listOutbox();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.mutation.args).toMatchObject({ patch: { strengths: { from: 'Theirs', to: 'Mine' } } });
  });

  it('puts a refused field back to what the server had', async () => {
    await changeModeration(MODERATION_ID, 'sections.F.agreedGrade', 2);
    const batch = await takeBatch(100);
    await applyPushResults([
      { mutationId: batch!.mutations[0]!.id, status: 'rejected', reason: 'forbidden', message: 'No' },
    ]);
    expect((await getModeration(MODERATION_ID))?.sections.F?.agreedGrade).toBeNull();
    expect((await listOutbox()).map((e) => e.status)).toEqual(['rejected']);
  });
});

describe('signing off and amending', () => {
  beforeEach(async () => {
    await seedModeration({ status: 'agreed' });
  });

  it('makes a signed-off moderation read-only, and reopens it when the server refuses the sign-off', async () => {
    await signOffModeration(MODERATION_ID, QA_LEAD.id, '2026-03-05T10:00:00.000Z');
    expect(await getModeration(MODERATION_ID)).toMatchObject({ status: 'signed-off', signedOffBy: QA_LEAD.id });
    await expect(changeModeration(MODERATION_ID, 'strengths', 'Late')).rejects.toBeInstanceOf(ModerationSignedOffError);
    // A pull before the push does not undo the waiting sign-off.
    await pullModeration(serverModeration({ status: 'agreed' }));
    expect((await getModeration(MODERATION_ID))?.status).toBe('signed-off');

    const batch = await takeBatch(100);
    await applyPushResults([
      { mutationId: batch!.mutations[0]!.id, status: 'rejected', reason: 'incomplete', message: 'Grades missing' },
    ]);
    const reopened = await getModeration(MODERATION_ID);
    expect(reopened?.status).toBe('agreed');
    expect(reopened?.signedOffAt).toBeUndefined();
  });

  it('amends a signed-off moderation as a new open revision with the reason, leaving the old one as it was', async () => {
    await signOffModeration(MODERATION_ID, QA_LEAD.id);
    await acceptAll();
    const newId = await amendModeration(MODERATION_ID, 'Section F grade was recorded wrongly', QA_LEAD.id);
    const amended = await getModeration(newId);
    expect(amended).toMatchObject({
      status: 'open',
      revision: 2,
      supersedes: { moderationId: MODERATION_ID, reason: 'Section F grade was recorded wrongly' },
    });
    expect((await getModeration(MODERATION_ID))?.status).toBe('signed-off');
    expect((await listModerations()).length).toBe(2);
    const outbox = await listOutbox();
    expect(outbox.map((e) => [e.recordId, e.mutation.name])).toEqual([[newId, 'moderation.amend']]);
  });
});

describe('pulled settings and deletions', () => {
  it('keeps the council settings, and forgets a moderation the server no longer shows unless it has unsent work', async () => {
    await seedModeration();
    expect((await getCouncilSettings()).councilName).toBe('Demo Council');
    await applyPull(
      [
        {
          kind: 'settings',
          id: 'council',
          deleted: false,
          data: { councilName: 'Exampleshire', showAuditorNamesToParentReps: true, smallNumberThreshold: 3 },
        },
      ],
      'cursor-3',
    );
    expect(await getCouncilSettings()).toMatchObject({ councilName: 'Exampleshire', smallNumberThreshold: 3 });
    expect(await getDatabase().settings.count()).toBe(1);

    await changeModeration(MODERATION_ID, 'strengths', 'Unsent');
    await applyPull([{ kind: 'moderation', id: MODERATION_ID, deleted: true }], 'cursor-4');
    expect(await getModeration(MODERATION_ID)).toBeDefined();
    await acceptAll();
    await applyPull([{ kind: 'moderation', id: MODERATION_ID, deleted: true }], 'cursor-5');
    expect(await getModeration(MODERATION_ID)).toBeUndefined();
  });
});

describe('exporting unsynced work', () => {
  beforeEach(async () => {
    await seedQaLeadDevice();
  });

  it('includes a moderation with unsent changes, so a device that cannot sync still hands over the panel record', async () => {
    const id = await openModeration({ cycle: CYCLE, planRef: 'PLN-0005', audits: MODERATED_AUDITS, chair: QA_LEAD });
    await changeModeration(id, 'sections.F.rationale', 'Provision not quantified');
    const exported = await exportUnsyncedWork('2026-03-04T12:00:00.000Z');
    expect(exported.audits).toEqual([]);
    expect(exported.moderations).toHaveLength(1);
    expect(exported.moderations[0]).toMatchObject({ id, sections: { F: { rationale: 'Provision not quantified' } } });
    expect(exported.changes).toHaveLength(2);
  });
});
