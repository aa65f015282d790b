// One moderation with everything its screens show, read from the device and kept live: a pull or
// another tab's change re-renders the screen.
import { useMemo } from 'react';
import type { Framework } from '#shared/schemas/framework.ts';
import type { Moderation } from '#shared/schemas/moderation.ts';
import type { Plan } from '#shared/schemas/plan.ts';
import type { CouncilSettings } from '#shared/schemas/settings.ts';
import type { User } from '#shared/schemas/user.ts';
import type { Cycle } from '#shared/schemas/cycle.ts';
import type { SectionDisagreement } from '#shared/domain/disagreement.ts';
import type { MultiRaterSummary } from '#shared/domain/agreement.ts';
import { useStoredQuery } from '#web/storage/hooks.ts';
import { getSession } from '#web/storage/meta.ts';
import {
  getAuditsById,
  getModeration,
  listModerationChanges,
  listUsersOnDevice,
} from '#web/storage/moderation-repository.ts';
import type { OutboxEntry, StoredSession } from '#web/storage/records.ts';
import { getCouncilSettings } from '#web/storage/settings.ts';
import { getCycle, getFramework, getPlan } from '#web/storage/reference-data.ts';
import {
  auditorColumns,
  disagreementsFor,
  orderAudits,
  planAgreement,
  type AuditorColumn,
} from './moderation-model.ts';

/** What the viewer may do here: the chair edits everything, a parent representative their perspectives. */
export type ModerationRole = 'chair' | 'parent-rep' | 'reader';

export type ModerationWorkspace = {
  moderation: Moderation;
  framework: Framework;
  plan: Plan | undefined;
  cycle: Cycle | undefined;
  session: StoredSession;
  users: User[];
  settings: CouncilSettings;
  columns: AuditorColumn[];
  missingAudits: number;
  disagreements: SectionDisagreement[];
  agreement: MultiRaterSummary;
  role: ModerationRole;
  /** Chair while not signed off: agreed fields may change. */
  canEdit: boolean;
  /** A parent representative while not signed off: their perspectives may change. */
  canAddPerspective: boolean;
  changes: OutboxEntry[];
};

type Loaded =
  | { kind: 'missing' }
  | { kind: 'no-framework'; moderation: Moderation }
  | {
      kind: 'ready';
      moderation: Moderation;
      framework: Framework;
      plan: Plan | undefined;
      cycle: Cycle | undefined;
      session: StoredSession;
      users: User[];
      settings: CouncilSettings;
      audits: Awaited<ReturnType<typeof getAuditsById>>;
      changes: OutboxEntry[];
    };

async function loadWorkspace(moderationId: string): Promise<Loaded> {
  const [moderation, session] = await Promise.all([getModeration(moderationId), getSession()]);
  if (!moderation || !session) return { kind: 'missing' };
  const [framework, plan, cycle, users, settings, audits, changes] = await Promise.all([
    getFramework(moderation.frameworkId, moderation.frameworkVersion),
    getPlan(moderation.planRef),
    getCycle(moderation.cycleId),
    listUsersOnDevice(),
    getCouncilSettings(),
    getAuditsById(moderation.auditRefs.map((ref) => ref.auditId)),
    listModerationChanges(moderation.id),
  ]);
  if (!framework) return { kind: 'no-framework', moderation };
  return { kind: 'ready', moderation, framework, plan, cycle, session, users, settings, audits, changes };
}

export function useModeration(
  moderationId: string,
):
  | { kind: 'loading' }
  | { kind: 'missing' }
  | { kind: 'no-framework' }
  | { kind: 'ready'; workspace: ModerationWorkspace } {
  const loaded = useStoredQuery(() => loadWorkspace(moderationId), [moderationId]);
  return useMemo(() => {
    if (!loaded) return { kind: 'loading' };
    if (loaded.kind !== 'ready') return { kind: loaded.kind };
    const { moderation, framework, plan, session, users, audits } = loaded;
    const ordered = orderAudits(moderation, audits);
    const columns = auditorColumns(framework, plan, ordered, users);
    const roles = new Set(session.user.roles);
    const role: ModerationRole = roles.has('qa-lead') ? 'chair' : roles.has('parent-rep') ? 'parent-rep' : 'reader';
    const isSignedOff = moderation.status === 'signed-off';
    return {
      kind: 'ready',
      workspace: {
        ...loaded,
        columns,
        missingAudits: moderation.auditRefs.length - ordered.length,
        disagreements: disagreementsFor(framework, columns),
        agreement: planAgreement(framework, columns),
        role,
        canEdit: role === 'chair' && !isSignedOff,
        canAddPerspective: role === 'parent-rep' && !isSignedOff,
      },
    };
  }, [loaded]);
}
