// A queued change in words an auditor recognises: "Criterion F2: rating Met".
import type { OutboxEntry } from '#web/storage/records.ts';

const REASON_TEXT: Record<NonNullable<OutboxEntry['rejection']>['reason'], string> = {
  invalid: 'The server found the change invalid',
  forbidden: 'You are not allowed to make this change',
  'not-found': 'The server does not have this audit or assignment',
  immutable: 'The audit was already submitted, so it cannot change',
  incomplete: 'The audit is not complete, so it cannot be submitted',
};

// The same reasons, for a change to a moderation.
const MODERATION_REASON_TEXT: Record<NonNullable<OutboxEntry['rejection']>['reason'], string> = {
  invalid: 'The server found the change invalid',
  forbidden: 'You are not allowed to make this change',
  'not-found': 'The server does not have this moderation or plan',
  immutable: 'The moderation was already signed off, so it cannot change',
  incomplete: 'The moderation is not ready for this step',
};

const SECTION_FIELD_TEXT: Record<string, string> = {
  agreedGrade: 'Agreed grade',
  rationale: 'Rationale',
  parentPerspective: 'Parent carer perspective',
};

export function describeReason(entry: OutboxEntry): string {
  if (!entry.rejection) return '';
  const about = entry.rejection.fields?.length ? ` (${entry.rejection.fields.join(', ')})` : '';
  const text = entry.entity === 'moderation' ? MODERATION_REASON_TEXT : REASON_TEXT;
  return `${text[entry.rejection.reason]}${about}. ${entry.rejection.message}`;
}

/** A moderation field path in words: "Agreed grade for section F", "An action". */
export function describeModerationField(field: string | null): string {
  if (!field) return 'The moderation';
  const [group = '', key = '', name = ''] = field.split('.');
  switch (group) {
    case 'sections':
      return `${SECTION_FIELD_TEXT[name] ?? name} for section ${key}`;
    case 'overall':
      return `${SECTION_FIELD_TEXT[key] ?? key} for the overall judgement`;
    case 'strengths':
      return 'Strengths';
    case 'areasForDevelopment':
      return 'Areas for development';
    case 'participants':
      return 'A panel member';
    case 'actions':
      return 'An action';
    case 'status':
      return 'Moderation status';
    default:
      return field;
  }
}

export function describeField(field: string | null): string {
  if (!field) return 'The audit';
  if (field.startsWith('responses.')) return `Criterion ${field.slice('responses.'.length)}`;
  if (field.startsWith('sectionOverrides.')) return `Grade for section ${field.slice('sectionOverrides.'.length)}`;
  if (field === 'overallOverride') return 'Overall judgement';
  if (field === 'concern') return 'Concern flag';
  return field;
}

export function describeChange(entry: OutboxEntry): string {
  switch (entry.mutation.name) {
    case 'moderation.open':
      return 'Opened the moderation';
    case 'moderation.patch':
      return `Changed ${describeModerationField(entry.field).toLowerCase()} (moderation)`;
    case 'moderation.signOff':
      return 'Signed off the moderation';
    case 'moderation.amend':
      return 'Started an amendment of the signed-off moderation';
    case 'audit.start':
      return 'Started the audit';
    case 'audit.submit':
      return 'Submitted the audit';
    case 'audit.patch':
      return `Changed ${describeField(entry.field).toLowerCase()}`;
    case 'audit.revise':
      return 'Started a correction of the submitted audit';
  }
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
