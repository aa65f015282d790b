// A readable diff between two versions of a framework, for the people who approve a new version:
// criteria added, removed, moved or reworded; statutory flags, applicability and weights changed;
// sections, the grade scale, rating labels and rules changed. Matching is by id.
import type { Criterion, Framework, Section } from '#shared/schemas/framework.ts';

export type FrameworkChange =
  | { kind: 'section-added'; sectionId: string; title: string }
  | { kind: 'section-removed'; sectionId: string; title: string }
  | { kind: 'section-changed'; sectionId: string; field: string; before: string; after: string }
  | { kind: 'criterion-added'; sectionId: string; criterionId: string; text: string }
  | { kind: 'criterion-removed'; sectionId: string; criterionId: string; text: string }
  | { kind: 'criterion-moved'; criterionId: string; fromSection: string; toSection: string }
  | { kind: 'criterion-changed'; sectionId: string; criterionId: string; field: string; before: string; after: string }
  | { kind: 'scale-changed'; field: string; before: string; after: string }
  | { kind: 'rating-label-changed'; meaning: string; before: string; after: string }
  | { kind: 'rule-added' | 'rule-removed'; ruleId: string; summary: string }
  | { kind: 'rule-changed'; ruleId: string; before: string; after: string }
  | { kind: 'setting-changed'; field: string; before: string; after: string };

const show = (value: unknown): string =>
  value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value);

function compareFields<T extends object>(
  before: T,
  after: T,
  fields: (keyof T & string)[],
  emit: (field: string, before: string, after: string) => void,
): void {
  for (const field of fields) {
    const a = show(before[field]);
    const b = show(after[field]);
    if (a !== b) emit(field, a, b);
  }
}

const CRITERION_FIELDS: (keyof Criterion)[] = [
  'text',
  'guidance',
  'statutory',
  'leadAgency',
  'applicability',
  'weight',
  'allowedRatings',
  'measure',
];
const SECTION_FIELDS: (keyof Section)[] = ['title', 'description', 'leadAgency', 'weight', 'countsTowardsOverall'];

function ruleSummaries(framework: Framework): Map<string, string> {
  const rules = new Map<string, string>();
  for (const rule of framework.limitingRules) rules.set(rule.id, `limiting: ${show({ ...rule, id: undefined })}`);
  for (const rule of framework.overall.rules) rules.set(rule.id, `overall: ${show({ ...rule, id: undefined })}`);
  return rules;
}

export function diffFrameworks(before: Framework, after: Framework): FrameworkChange[] {
  const changes: FrameworkChange[] = [];
  const sectionsBefore = new Map(before.sections.map((s) => [s.id, s]));
  const sectionsAfter = new Map(after.sections.map((s) => [s.id, s]));
  const placeBefore = new Map(
    before.sections.flatMap((s) => s.criteria.map((c) => [c.id, { section: s, criterion: c }] as const)),
  );
  const placeAfter = new Map(
    after.sections.flatMap((s) => s.criteria.map((c) => [c.id, { section: s, criterion: c }] as const)),
  );

  for (const section of before.sections) {
    if (!sectionsAfter.has(section.id))
      changes.push({ kind: 'section-removed', sectionId: section.id, title: section.title });
  }
  for (const section of after.sections) {
    const old = sectionsBefore.get(section.id);
    if (!old) {
      changes.push({ kind: 'section-added', sectionId: section.id, title: section.title });
      continue;
    }
    compareFields(old, section, SECTION_FIELDS, (field, a, b) =>
      changes.push({ kind: 'section-changed', sectionId: section.id, field, before: a, after: b }),
    );
  }

  for (const [id, { section, criterion }] of placeBefore) {
    if (!placeAfter.has(id))
      changes.push({ kind: 'criterion-removed', sectionId: section.id, criterionId: id, text: criterion.text });
  }
  for (const [id, { section, criterion }] of placeAfter) {
    const old = placeBefore.get(id);
    if (!old) {
      changes.push({ kind: 'criterion-added', sectionId: section.id, criterionId: id, text: criterion.text });
      continue;
    }
    if (old.section.id !== section.id) {
      changes.push({ kind: 'criterion-moved', criterionId: id, fromSection: old.section.id, toSection: section.id });
    }
    compareFields(old.criterion, criterion, CRITERION_FIELDS, (field, a, b) =>
      changes.push({ kind: 'criterion-changed', sectionId: section.id, criterionId: id, field, before: a, after: b }),
    );
  }

  compareFields(before.gradeScale, after.gradeScale, ['grades', 'goodOrBetterFrom'], (field, a, b) =>
    changes.push({ kind: 'scale-changed', field, before: a, after: b }),
  );
  const labelsBefore = new Map(before.ratingOptions.map((o) => [o.meaning, o.label]));
  const labelsAfter = new Map(after.ratingOptions.map((o) => [o.meaning, o.label]));
  for (const meaning of new Set([...labelsBefore.keys(), ...labelsAfter.keys()])) {
    const a = labelsBefore.get(meaning) ?? '(not offered)';
    const b = labelsAfter.get(meaning) ?? '(not offered)';
    if (a !== b) changes.push({ kind: 'rating-label-changed', meaning, before: a, after: b });
  }

  const rulesBefore = ruleSummaries(before);
  const rulesAfter = ruleSummaries(after);
  for (const [ruleId, summary] of rulesBefore) {
    if (!rulesAfter.has(ruleId)) changes.push({ kind: 'rule-removed', ruleId, summary });
  }
  for (const [ruleId, summary] of rulesAfter) {
    const old = rulesBefore.get(ruleId);
    if (old === undefined) changes.push({ kind: 'rule-added', ruleId, summary });
    else if (old !== summary) changes.push({ kind: 'rule-changed', ruleId, before: old, after: summary });
  }

  compareFields(
    {
      title: before.title,
      kind: before.kind,
      method: before.overall.method,
      grading: before.grading,
      moderation: before.moderation,
    },
    {
      title: after.title,
      kind: after.kind,
      method: after.overall.method,
      grading: after.grading,
      moderation: after.moderation,
    },
    ['title', 'kind', 'method', 'grading', 'moderation'],
    (field, a, b) => changes.push({ kind: 'setting-changed', field, before: a, after: b }),
  );
  return changes;
}

/** One line per change, in words a QA lead reads when approving a new version. */
export function describeFrameworkChange(change: FrameworkChange): string {
  switch (change.kind) {
    case 'section-added':
      return `Section ${change.sectionId} added: ${change.title}`;
    case 'section-removed':
      return `Section ${change.sectionId} removed: ${change.title}`;
    case 'section-changed':
      return `Section ${change.sectionId} ${change.field} changed from "${change.before}" to "${change.after}"`;
    case 'criterion-added':
      return `Criterion ${change.criterionId} added to ${change.sectionId}: ${change.text}`;
    case 'criterion-removed':
      return `Criterion ${change.criterionId} removed from ${change.sectionId}: ${change.text}`;
    case 'criterion-moved':
      return `Criterion ${change.criterionId} moved from ${change.fromSection} to ${change.toSection}`;
    case 'criterion-changed':
      if (change.field === 'text')
        return `Criterion ${change.criterionId} reworded: "${change.before}" is now "${change.after}"`;
      return `Criterion ${change.criterionId} ${change.field} changed from ${change.before} to ${change.after}`;
    case 'scale-changed':
      return `Grade scale ${change.field} changed`;
    case 'rating-label-changed':
      return `Rating "${change.meaning}" relabelled from "${change.before}" to "${change.after}"`;
    case 'rule-added':
      return `Rule ${change.ruleId} added (${change.summary})`;
    case 'rule-removed':
      return `Rule ${change.ruleId} removed (${change.summary})`;
    case 'rule-changed':
      return `Rule ${change.ruleId} changed from ${change.before} to ${change.after}`;
    case 'setting-changed':
      return `${change.field} changed from ${change.before} to ${change.after}`;
  }
}
