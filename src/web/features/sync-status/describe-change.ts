// A queued change in words an auditor recognises: "Criterion F2: rating Met". The words for each
// kind of record (reasons, field paths, mutations) are the registry's (#shared/records).
import { RECORD_WORDS, type EditedKind } from '#shared/records/index.ts';
import type { OutboxEntry } from '#web/storage/records.ts';

export { describeAuditField as describeField } from '#shared/records/audit.ts';
export { describeModerationField } from '#shared/records/moderation.ts';

/** The kind of record an entry changes: entries from before moderation existed name no kind, and are audits'. */
const kindOf = (entry: OutboxEntry): EditedKind => entry.entity ?? 'audit';

export function describeReason(entry: OutboxEntry): string {
  if (!entry.rejection) return '';
  const about = entry.rejection.fields?.length ? ` (${entry.rejection.fields.join(', ')})` : '';
  return `${RECORD_WORDS[kindOf(entry)].reasons[entry.rejection.reason]}${about}. ${entry.rejection.message}`;
}

export function describeChange(entry: OutboxEntry): string {
  const describe = RECORD_WORDS[kindOf(entry)].mutations[entry.mutation.name];
  return describe ? describe(entry.field) : entry.mutation.name;
}

/** A field value as a short phrase, for comparing "your answer" with "the server's answer". */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'No answer';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'object') return 'No answer';
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  // A panel member or an action (moderation fields).
  if (typeof record.name === 'string' && typeof record.role === 'string') {
    return `${record.name} (${record.role.replace(/-/g, ' ')})`;
  }
  if (typeof record.description === 'string' && typeof record.ownerRole === 'string') {
    const due = typeof record.dueDate === 'string' ? `, due ${record.dueDate}` : '';
    const status = typeof record.status === 'string' ? `, ${record.status.replace(/-/g, ' ')}` : '';
    return `${record.description} (owner: ${record.ownerRole}${due}${status})`;
  }
  if (typeof record.rating === 'string') parts.push(`Rating: ${record.rating.replace(/-/g, ' ')}`);
  if (typeof record.grade === 'number') parts.push(`Grade ${record.grade}`);
  if (typeof record.reason === 'string') parts.push(`Reason: ${record.reason}`);
  if (typeof record.raised === 'boolean') parts.push(record.raised ? 'Concern flagged' : 'No concern');
  if (typeof record.note === 'string' && record.note) parts.push(`Note: ${record.note}`);
  if (typeof record.comment === 'string') parts.push(`Comment: ${record.comment}`);
  if (typeof record.evidence === 'string') parts.push(`Evidence: ${record.evidence}`);
  const measure = record.measure as { numerator?: number; denominator?: number } | undefined;
  if (measure) parts.push(`${measure.numerator ?? '?'} of ${measure.denominator ?? '?'}`);
  return parts.join('. ') || 'No answer';
}
