// The moderation mutations of a push (moderation.open, .patch, .signOff, .amend), each run by
// push.ts in its own transaction after claiming the mutation id, exactly like the audit ones:
// field-level patches checked against what the device last saw, refusals rolled back whole.
import { isSameValue } from '#shared/domain/audit-patch.ts';
import { acceptsNewModerations, CLOSED_CYCLE_MODERATION_REFUSAL } from '#shared/domain/cycle-closing.ts';
import {
  applyModerationPatch,
  findModerationConflicts,
  isPerspectiveOnlyPatch,
  missingAgreedGrades,
  sectionsNeedingGrades,
  validateModerationPatch,
} from '#shared/domain/moderation-patch.ts';
import type { ModerationPatch, MutationResult } from '#shared/protocol/sync.ts';
import {
  amendedModeration,
  moderationFieldValue,
  moderationPatchFields,
  openedModeration,
} from '#shared/records/moderation.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { Moderation } from '#shared/schemas/moderation.ts';
import { restampRecord } from '../store/feed.ts';
import {
  claimAndLockModeration,
  claimCycle,
  getModeration,
  invitedParentReps,
  latestSubmittedAuditsOfPlan,
  lockCycleStatus,
  lockModerationsOfPlan,
  moderationRevisions,
  writeModeration,
} from '../store/moderations.ts';
import { rolesOfUsers } from '../store/users.ts';
import { getSettings } from '../store/settings.ts';
import type { SqlRunner } from '../store/sql-client.ts';
import { duplicate, invalid, rejected, type Claim, type Handler, type PushContext } from './push-common.ts';
import { redactModeration, seesRedacted } from './redact.ts';

/** The participant key of the QA lead who opened the moderation. */

const isQaLead = (ctx: PushContext): boolean => ctx.user.roles.includes('qa-lead');
const onlyQaLead = (mutationId: string, what: string): MutationResult =>
  rejected(mutationId, 'forbidden', `only a QA lead may ${what}`);

const gradeField = (id: string): string => (id === 'overall' ? 'overall.agreedGrade' : `sections.${id}.agreedGrade`);

/** The moderation as this caller may receive it (redacted for parent-carer representatives). */
async function asSeenBy(tx: SqlRunner, ctx: PushContext, moderation: Moderation): Promise<Moderation> {
  if (!seesRedacted(ctx.user)) return moderation;
  const settings = await getSettings(tx);
  return redactModeration(moderation, settings.showAuditorNamesToParentReps, ctx.now());
}

const conflict = async (
  tx: SqlRunner,
  ctx: PushContext,
  mutationId: string,
  fields: string[],
  moderation: Moderation,
): Promise<MutationResult> => ({
  mutationId,
  status: 'conflict',
  fields,
  serverModeration: await asSeenBy(tx, ctx, moderation),
});

/** Claims the mutation and locks the moderation it names, in one statement. */
async function claimModeration(
  tx: SqlRunner,
  moderationId: string,
  mutationId: string,
  claim: Claim,
): Promise<{ moderation: Moderation } | { refusal: MutationResult }> {
  const found = await claimAndLockModeration(tx, claim, moderationId);
  if (!found?.claimed) return { refusal: duplicate(mutationId) };
  if (!found.doc) return { refusal: rejected(mutationId, 'not-found', 'there is no such moderation') };
  return { moderation: found.doc };
}

async function frameworkOf(tx: SqlRunner, ctx: PushContext, moderation: Moderation): Promise<Framework | undefined> {
  return ctx.frameworks.get(tx, moderation.frameworkId, moderation.frameworkVersion);
}

/**
 * Participants naming a user must name a real account; a parent-carer representative's
 * invitation must name an enabled account with that role.
 */
async function participantProblems(
  tx: SqlRunner,
  patch: ModerationPatch,
): Promise<{ field: string; message: string }[]> {
  const named = Object.entries(patch.participants ?? {}).flatMap(([id, change]) =>
    change.to?.userId === undefined ? [] : [{ id, userId: change.to.userId, role: change.to.role }],
  );
  if (named.length === 0) return [];
  const rows = await rolesOfUsers(
    tx,
    named.map((p) => p.userId),
  );
  const users = new Map(rows.map((row) => [row.id, row]));
  return named.flatMap((p) => {
    const user = users.get(p.userId);
    const field = `participants.${p.id}`;
    if (!user) return [{ field, message: `there is no user "${p.userId}"` }];
    if (p.role !== 'parent-rep') return [];
    if (user.disabled) return [{ field, message: `the account "${p.userId}" is disabled` }];
    if (!user.roles.includes('parent-rep')) {
      return [{ field, message: `"${p.userId}" is not a parent-carer representative` }];
    }
    return [];
  });
}

export const openModeration: Handler<'moderation.open'> = async (tx, ctx, args, mutationId, claim) => {
  const found = await claimCycle(tx, claim, args.cycleId);
  if (!found?.claimed) return duplicate(mutationId);
  if (!isQaLead(ctx)) return onlyQaLead(mutationId, 'open a moderation');
  if (found.cycle_id === null) return rejected(mutationId, 'not-found', 'there is no such cycle', ['cycleId']);
  const existing = await lockModerationsOfPlan(tx, args.moderationId, args.cycleId, args.planRef);
  const sameId = existing.find((row) => row.doc.id === args.moderationId);
  if (sameId) {
    return sameId.doc.cycleId === args.cycleId && sameId.doc.planRef === args.planRef
      ? duplicate(mutationId)
      : rejected(mutationId, 'invalid', 'this moderation id is already used for another plan', ['moderationId']);
  }
  const latest = existing[0];
  // Another QA lead (or device) opened this plan's moderation first: hand the device that record.
  if (latest) return conflict(tx, ctx, mutationId, ['moderationId'], latest.doc);
  if (!acceptsNewModerations(found.cycle_status)) {
    return rejected(mutationId, 'forbidden', CLOSED_CYCLE_MODERATION_REFUSAL);
  }
  const assignments = await latestSubmittedAuditsOfPlan(tx, args.cycleId, args.planRef);
  if (assignments.length === 0) {
    return rejected(mutationId, 'not-found', 'this plan has no audits assigned in the cycle', ['planRef']);
  }
  const waiting = assignments.filter((row) => row.audit_id === null).map((row) => row.agency);
  if (waiting.length > 0) {
    return rejected(
      mutationId,
      'incomplete',
      `not every audit of this plan is submitted yet: waiting for ${waiting.join(', ')}`,
      waiting,
    );
  }
  const now = ctx.now().toISOString();
  const moderation = openedModeration({
    id: args.moderationId,
    cycleId: args.cycleId,
    planRef: args.planRef,
    frameworkId: found.framework_id,
    frameworkVersion: found.framework_version,
    auditRefs: assignments.flatMap((row) =>
      row.audit_id !== null && row.revision !== null ? [{ auditId: row.audit_id, revision: row.revision }] : [],
    ),
    chair: ctx.user,
    openedAt: args.openedAt,
    updatedAt: now,
  });
  await writeModeration(tx, moderation, { actorId: ctx.user.id, action: 'moderation.open', after: moderation });
  return { mutationId, status: 'applied' };
};

export const patchModeration: Handler<'moderation.patch'> = async (tx, ctx, args, mutationId, claim) => {
  const found = await claimModeration(tx, args.moderationId, mutationId, claim);
  if ('refusal' in found) return found.refusal;
  const moderation = found.moderation;
  if (!isQaLead(ctx)) {
    const invited = ctx.user.roles.includes('parent-rep') && invitedParentReps(moderation).includes(ctx.user.id);
    if (!invited) return rejected(mutationId, 'forbidden', 'you are not on the panel of this moderation');
    if (!isPerspectiveOnlyPatch(args.patch)) {
      return rejected(mutationId, 'forbidden', 'a parent-carer representative may change only their perspectives');
    }
  }
  if (moderation.status === 'signed-off') {
    return rejected(mutationId, 'immutable', 'this moderation is signed off: amend it to change it');
  }
  const framework = await frameworkOf(tx, ctx, moderation);
  if (!framework) return rejected(mutationId, 'invalid', 'the framework this moderation uses is not published');
  const problems = [...validateModerationPatch(framework, args.patch), ...(await participantProblems(tx, args.patch))];
  if (problems.length > 0) return invalid(mutationId, problems);
  const conflicts = findModerationConflicts(moderation, args.patch);
  if (conflicts.length > 0) return conflict(tx, ctx, mutationId, conflicts, moderation);
  const changed = moderationPatchFields(args.patch).filter(
    (field) => !isSameValue(field.to, moderationFieldValue(moderation, field.path)),
  );
  if (changed.length === 0) return { mutationId, status: 'applied' };
  const next: Moderation = { ...applyModerationPatch(moderation, args.patch), updatedAt: ctx.now().toISOString() };
  if (next.status === 'agreed') {
    const missing = missingAgreedGrades(next, sectionsNeedingGrades(framework));
    if (missing.length > 0) {
      return rejected(
        mutationId,
        'incomplete',
        `the panel has not agreed a grade for: ${missing.join(', ')}`,
        missing.map(gradeField),
      );
    }
  }
  await writeModeration(
    tx,
    next,
    {
      actorId: ctx.user.id,
      action: 'moderation.patch',
      before: Object.fromEntries(changed.map((field) => [field.path, moderationFieldValue(moderation, field.path)])),
      after: Object.fromEntries(changed.map((field) => [field.path, field.to])),
    },
    moderation,
  );
  return { mutationId, status: 'applied' };
};

export const signOffModeration: Handler<'moderation.signOff'> = async (tx, ctx, args, mutationId, claim) => {
  const found = await claimModeration(tx, args.moderationId, mutationId, claim);
  if ('refusal' in found) return found.refusal;
  if (!isQaLead(ctx)) return onlyQaLead(mutationId, 'sign off a moderation');
  const moderation = found.moderation;
  if (moderation.status === 'signed-off') {
    return moderation.revision === args.revision
      ? duplicate(mutationId)
      : rejected(mutationId, 'immutable', `revision ${moderation.revision} is signed off and can no longer change`);
  }
  if (moderation.revision !== args.revision) {
    return rejected(
      mutationId,
      'invalid',
      `this moderation is at revision ${moderation.revision}, not ${args.revision}`,
      ['revision'],
    );
  }
  const framework = await frameworkOf(tx, ctx, moderation);
  if (!framework) return rejected(mutationId, 'invalid', 'the framework this moderation uses is not published');
  const missing = missingAgreedGrades(moderation, sectionsNeedingGrades(framework));
  if (moderation.status !== 'agreed' || missing.length > 0) {
    return rejected(
      mutationId,
      'incomplete',
      moderation.status !== 'agreed'
        ? 'the panel has not marked this moderation agreed yet'
        : `the panel has not agreed a grade for: ${missing.join(', ')}`,
      [...(moderation.status === 'agreed' ? [] : ['status']), ...missing.map(gradeField)],
    );
  }
  const next: Moderation = {
    ...moderation,
    status: 'signed-off',
    signedOffAt: args.signedOffAt,
    signedOffBy: ctx.user.id,
    updatedAt: ctx.now().toISOString(),
  };
  await writeModeration(
    tx,
    next,
    {
      actorId: ctx.user.id,
      action: 'moderation.signOff',
      before: { status: moderation.status, revision: moderation.revision },
      after: { status: next.status, revision: next.revision, signedOffAt: args.signedOffAt },
    },
    moderation,
  );
  // A signed-off amendment replaces the revision it amends for auditors.
  if (moderation.supersedes) await restampRecord(tx, 'moderation', moderation.supersedes.moderationId);
  return { mutationId, status: 'applied' };
};

/**
 * Amends a signed-off moderation: the next revision, a copy of it, open again. The signed-off
 * revision never changes and stays what auditors see until the amendment is signed off. Only the
 * latest revision may be amended; a device amending an older one is handed the newer one.
 */
export const amendModeration: Handler<'moderation.amend'> = async (tx, ctx, args, mutationId, claim) => {
  const found = await claimModeration(tx, args.moderationId, mutationId, claim);
  if ('refusal' in found) return found.refusal;
  if (!isQaLead(ctx)) return onlyQaLead(mutationId, 'amend a moderation');
  const amended = found.moderation;
  const revisions = await moderationRevisions(tx, amended.cycleId, amended.planRef);
  const sameId = await getModeration(tx, args.newModerationId);
  if (sameId) {
    return sameId.supersedes?.moderationId === args.moderationId
      ? duplicate(mutationId)
      : rejected(mutationId, 'invalid', 'this moderation id is already used for another moderation', [
          'newModerationId',
        ]);
  }
  if (amended.status !== 'signed-off') {
    return rejected(mutationId, 'invalid', 'this moderation is not signed off yet: change it instead of amending it', [
      'moderationId',
    ]);
  }
  const latest = revisions[0];
  if (latest && latest.revision > amended.revision) {
    return conflict(tx, ctx, mutationId, ['newModerationId'], latest);
  }
  if (!acceptsNewModerations((await lockCycleStatus(tx, amended.cycleId)) ?? '')) {
    return rejected(mutationId, 'forbidden', CLOSED_CYCLE_MODERATION_REFUSAL);
  }
  const next = amendedModeration(amended, {
    id: args.newModerationId,
    reason: args.reason,
    openedAt: args.startedAt,
    openedBy: ctx.user.id,
    updatedAt: ctx.now().toISOString(),
  });
  await writeModeration(tx, next, {
    actorId: ctx.user.id,
    action: 'moderation.amend',
    before: { moderationId: amended.id, revision: amended.revision, status: amended.status },
    after: next,
  });
  return { mutationId, status: 'applied' };
};
