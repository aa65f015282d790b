// What a parent-carer representative receives in place of the records QA leads and auditors see.
// The server decides, not the device: free text the identifier detector flags is replaced by
// WITHHELD_TEXT, and, unless the council shows auditors' names to them, people are pseudonyms.
//
// The rule (see the README, "Moderation"):
// - applies to whoever readsRedactedView (#shared/domain/redacted-view.ts): parent-rep and not QA lead, on every audit but their own
//   and every moderation, in pulls and in conflict answers alike;
// - audit comments, evidence, override reasons, concern notes and correction reasons, and the
//   moderation's rationales, strengths, areas for development, action descriptions and amendment
//   reason, become WITHHELD_TEXT when findIdentifiers finds anything in them. Parent perspectives,
//   which parent-carer representatives write themselves, are sent as written;
// - without showAuditorNamesToParentReps, an audit's auditorId becomes "auditor-N", N counting the
//   plan's assigned auditors in that cycle in agency order (the agency stays, so the device can show
//   "Auditor 1 (Health)"); panel members other than parent-carer representatives become
//   "Panel member N" (by participant id order) with no user id; openedBy and signedOffBy become
//   "panel-chair". Other users' account records are not sent at all (see visible_users, 0004).
import { findIdentifiers } from '#shared/domain/identifiers.ts';
import { readsRedactedView } from '#shared/domain/redacted-view.ts';
import type { Audit, CriterionResponse } from '#shared/schemas/audit.ts';
import { WITHHELD_TEXT, type Moderation, type Participant } from '#shared/schemas/moderation.ts';
import type { User } from '#shared/schemas/user.ts';

export const PANEL_CHAIR_PSEUDONYM = 'panel-chair';

/** True when the records this user receives are redacted for a parent-carer representative. */
export const seesRedacted = (user: Pick<User, 'roles'>): boolean => readsRedactedView(user);

/** The text, or WITHHELD_TEXT when it seems to hold a personal identifier. */
export function withhold(text: string, today: Date): string {
  return findIdentifiers(text, today).length > 0 ? WITHHELD_TEXT : text;
}

function redactResponse(response: CriterionResponse, today: Date): CriterionResponse {
  const next: CriterionResponse = { ...response };
  if (response.comment !== undefined) next.comment = withhold(response.comment, today);
  if (response.evidence !== undefined) next.evidence = withhold(response.evidence, today);
  return next;
}

/** A key for the pseudonym table: one auditor of one plan in one cycle. */
export const auditorKey = (cycleId: string, planRef: string, auditorId: string): string =>
  `${cycleId}\u0000${planRef}\u0000${auditorId}`;

/**
 * An audit as a parent-carer representative receives it. `pseudonym` replaces the auditor's id
 * (undefined keeps it: the council shows names).
 */
export function redactAudit(audit: Audit, pseudonym: string | undefined, today: Date): Audit {
  const next: Audit = {
    ...audit,
    responses: Object.fromEntries(
      Object.entries(audit.responses).map(([id, response]) => [id, redactResponse(response, today)]),
    ),
    sectionOverrides: Object.fromEntries(
      Object.entries(audit.sectionOverrides).map(([id, o]) => [id, { ...o, reason: withhold(o.reason, today) }]),
    ),
  };
  if (pseudonym !== undefined) next.auditorId = pseudonym;
  if (audit.overallOverride) {
    next.overallOverride = { ...audit.overallOverride, reason: withhold(audit.overallOverride.reason, today) };
  }
  if (audit.concern) next.concern = { ...audit.concern, note: withhold(audit.concern.note, today) };
  if (audit.supersedes) next.supersedes = { ...audit.supersedes, reason: withhold(audit.supersedes.reason, today) };
  return next;
}

/** A moderation as a parent-carer representative receives it. */
export function redactModeration(moderation: Moderation, showNames: boolean, today: Date): Moderation {
  // Perspectives stay as written: parent-carer representatives wrote them.
  const section = (s: Moderation['overall']): Moderation['overall'] => ({
    ...s,
    rationale: withhold(s.rationale, today),
  });
  const next: Moderation = {
    ...moderation,
    sections: Object.fromEntries(Object.entries(moderation.sections).map(([id, s]) => [id, section(s)])),
    overall: section(moderation.overall),
    strengths: withhold(moderation.strengths, today),
    areasForDevelopment: withhold(moderation.areasForDevelopment, today),
    actions: Object.fromEntries(
      Object.entries(moderation.actions).map(([id, a]) => [id, { ...a, description: withhold(a.description, today) }]),
    ),
  };
  if (moderation.supersedes) {
    next.supersedes = { ...moderation.supersedes, reason: withhold(moderation.supersedes.reason, today) };
  }
  if (!showNames) {
    let member = 0;
    const participants: Record<string, Participant> = {};
    for (const id of Object.keys(moderation.participants).sort()) {
      const participant = moderation.participants[id];
      if (!participant) continue;
      if (participant.role === 'parent-rep') {
        participants[id] = participant;
        continue;
      }
      member += 1;
      const { userId: _userId, ...rest } = participant;
      participants[id] = { ...rest, name: `Panel member ${member}` };
    }
    next.participants = participants;
    next.openedBy = PANEL_CHAIR_PSEUDONYM;
    if (moderation.signedOffBy !== undefined) next.signedOffBy = PANEL_CHAIR_PSEUDONYM;
  }
  return next;
}
