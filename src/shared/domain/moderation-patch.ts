// Field-level moderation patches, the moderation counterpart of audit-patch.ts (field paths and
// builders are in #shared/records/moderation.ts): which fields someone else changed meanwhile,
// what the framework and the writer's role allow, and the moderation after it. Pure, so the server and the device reach the same answer.
import type { ModerationPatch } from '#shared/protocol/sync.ts';
import type { Framework } from '#shared/schemas/framework.ts';
import type { AgreedSection, Moderation } from '#shared/schemas/moderation.ts';
import {
  moderationFieldValue,
  moderationPatchFields,
  SECTION_FIELDS,
  type SectionField,
} from '#shared/records/moderation.ts';
import { applyKeyedChanges, conflictingPaths, type PatchProblem } from './audit-patch.ts';

/** Fields whose value is neither what the device last saw nor what it wants: someone else changed them. */
export function findModerationConflicts(moderation: Moderation, patch: ModerationPatch): string[] {
  return conflictingPaths(moderationPatchFields(patch), (path) => moderationFieldValue(moderation, path));
}

/** True when the patch changes nothing but parent-carer perspectives (all a parent representative may write). */
export function isPerspectiveOnlyPatch(patch: ModerationPatch): boolean {
  // Checked on the patch's structure, not on field paths: a participant or action id may itself
  // end in ".parentPerspective".
  const onlyPerspective = (section: ModerationPatch['overall']): boolean =>
    section === undefined || (section.agreedGrade === undefined && section.rationale === undefined);
  return (
    onlyPerspective(patch.overall) &&
    Object.values(patch.sections ?? {}).every(onlyPerspective) &&
    patch.strengths === undefined &&
    patch.areasForDevelopment === undefined &&
    Object.keys(patch.participants ?? {}).length === 0 &&
    Object.keys(patch.actions ?? {}).length === 0 &&
    patch.status === undefined
  );
}

/** What the framework does not allow: unknown sections or criteria, grades off its scale. */
export function validateModerationPatch(framework: Framework, patch: ModerationPatch): PatchProblem[] {
  const problems: PatchProblem[] = [];
  const sections = new Set(framework.sections.map((s) => s.id));
  const criteria = new Set(framework.sections.flatMap((s) => s.criteria.map((c) => c.id)));
  const grades = new Set(framework.gradeScale.grades.map((g) => g.value));
  const label = `${framework.id} version ${framework.version ?? '?'}`;
  const checkGrade = (field: string, grade: number | null | undefined) => {
    if (grade !== null && grade !== undefined && !grades.has(grade)) {
      problems.push({ field, message: `${grade} is not a grade on the ${label} scale` });
    }
  };
  for (const [sectionId, section] of Object.entries(patch.sections ?? {})) {
    if (!sections.has(sectionId)) {
      problems.push({ field: `sections.${sectionId}`, message: `${label} has no section "${sectionId}"` });
      continue;
    }
    checkGrade(`sections.${sectionId}.agreedGrade`, section.agreedGrade?.to);
  }
  checkGrade('overall.agreedGrade', patch.overall?.agreedGrade?.to);
  if (patch.status && patch.status.to === null) {
    problems.push({ field: 'status', message: 'the status must be open or agreed' });
  }
  for (const [id, change] of Object.entries(patch.actions ?? {})) {
    if (change.to && change.to.id !== id) {
      problems.push({ field: `actions.${id}`, message: `the action's id must be "${id}"` });
    }
    const criterionId = change.to?.criterionId;
    if (criterionId !== undefined && !criteria.has(criterionId)) {
      problems.push({ field: `actions.${id}`, message: `${label} has no criterion "${criterionId}"` });
    }
  }
  return problems;
}

function patchSection(section: AgreedSection | undefined, name: SectionField, to: unknown): AgreedSection {
  const next: AgreedSection = { ...(section ?? { agreedGrade: null, rationale: '' }) };
  if (name === 'agreedGrade') next.agreedGrade = (to as number | null) ?? null;
  else if (name === 'rationale') next.rationale = (to as string | null) ?? '';
  else if (to === null || to === undefined) delete next.parentPerspective;
  else next.parentPerspective = to as string;
  return next;
}

/** The moderation with every patch field set to its `to` value (null removes it). Timestamps are the caller's. */
export function applyModerationPatch(moderation: Moderation, patch: ModerationPatch): Moderation {
  const next: Moderation = {
    ...moderation,
    sections: { ...moderation.sections },
    participants: { ...moderation.participants },
    actions: { ...moderation.actions },
  };
  for (const [sectionId, section] of Object.entries(patch.sections ?? {})) {
    for (const name of SECTION_FIELDS) {
      const change = section[name];
      if (change) next.sections[sectionId] = patchSection(next.sections[sectionId], name, change.to);
    }
  }
  for (const name of SECTION_FIELDS) {
    const change = patch.overall?.[name];
    if (change) next.overall = patchSection(next.overall, name, change.to);
  }
  if (patch.strengths) next.strengths = patch.strengths.to ?? '';
  if (patch.areasForDevelopment) next.areasForDevelopment = patch.areasForDevelopment.to ?? '';
  applyKeyedChanges(next.participants, patch.participants);
  applyKeyedChanges(next.actions, patch.actions);
  if (patch.status?.to) next.status = patch.status.to;
  return next;
}

/**
 * The sections that need an agreed grade before the panel may agree: every section of the
 * framework that has criteria (so every section an auditor graded). The overall judgement too,
 * which missingAgreedGrades adds.
 */
export const sectionsNeedingGrades = (framework: Framework): string[] =>
  framework.sections.filter((section) => section.criteria.length > 0).map((section) => section.id);

/** The sections and overall judgement still without an agreed grade: sign-off waits for these. */
export function missingAgreedGrades(moderation: Moderation, applicableSectionIds: readonly string[]): string[] {
  const missing = applicableSectionIds.filter((id) => (moderation.sections[id]?.agreedGrade ?? null) === null);
  if (moderation.overall.agreedGrade === null) missing.push('overall');
  return missing;
}
