// When an audit cycle may be closed, and what a closed cycle refuses. Closing is what lets retention
// act on a cycle (it never touches an open one), so a cycle closes only when its results are final:
// every moderation signed off, and no auditor still holding a draft that would be frozen unfinished.
import type { CycleStatus } from '#shared/schemas/cycle.ts';

/** What stops a cycle closing, counted on the server. */
export type CloseBlockers = {
  /** Moderations still open (the panel has not agreed the grades). */
  openModerations: number;
  /** Moderations agreed but not yet signed off by the QA lead. */
  agreedModerations: number;
  /** Audits started and not submitted. */
  draftAudits: number;
};

/** The rule as the cycle page states it. */
export const CLOSING_RULE =
  'You can close a cycle once every moderation in it is signed off and no audit in it is still a draft. ' +
  'Plans that nobody audited or moderated do not stop it closing.';

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** Why the cycle cannot close yet, as one sentence for the QA lead; null when it can. */
export function closeRefusal(blockers: CloseBlockers): string | null {
  const reasons = [
    blockers.openModerations > 0
      ? `${plural(blockers.openModerations, 'moderation is', 'moderations are')} still open`
      : null,
    blockers.agreedModerations > 0
      ? `${plural(blockers.agreedModerations, 'moderation is', 'moderations are')} agreed but not signed off`
      : null,
    blockers.draftAudits > 0 ? `${plural(blockers.draftAudits, 'audit is', 'audits are')} still a draft` : null,
  ].filter((reason): reason is string => reason !== null);
  if (reasons.length === 0) return null;
  const listed = reasons.length === 1 ? reasons[0] : `${reasons.slice(0, -1).join(', ')} and ${reasons.at(-1)}`;
  return `the cycle cannot be closed yet: ${listed}`;
}

/** Whether a device may start (or revise into) an audit in a cycle with this status (as stored: text). */
export const acceptsNewAudits = (status: string): boolean => status === 'open';

/** The rejection a push of audit.start (or audit.revise) into a closed cycle answers with. */
export const CLOSED_CYCLE_REFUSAL =
  'the cycle is closed, so it takes no new audits: ask an administrator to reopen it if this audit is still needed';

/**
 * Whether a QA lead may open or amend a moderation in a cycle with this status: like an audit, a
 * moderation revision is new work, and a closed cycle's results are final.
 */
export const acceptsNewModerations = (status: string): boolean => status === 'open';

/** The rejection a push of moderation.open (or moderation.amend) into a closed cycle answers with. */
export const CLOSED_CYCLE_MODERATION_REFUSAL =
  'the cycle is closed, so its moderations can no longer be opened or amended: ask an administrator to reopen it if this is still needed';

/** Why an admin cannot reopen a cycle; null when they can. */
export function reopenRefusal(cycle: { status: CycleStatus; isRetentionApplied: boolean }): string | null {
  if (cycle.status === 'open') return 'the cycle is already open';
  if (cycle.isRetentionApplied) {
    return 'the cycle cannot be reopened: retention has already deleted some of its audits or moderations';
  }
  return null;
}
