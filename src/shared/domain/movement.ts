// Movement between two audits of the same plan (a re-audit): overall and per section, whether the
// grade improved, stayed the same or declined. Higher grade values are better (see GradeSchema).
import type { Moderation } from '#shared/schemas/moderation.ts';

export const MOVEMENTS = ['improved', 'same', 'declined', 'not-comparable'] as const;
export type Movement = (typeof MOVEMENTS)[number];

/** Agreed grades of one audit of a plan: the overall grade and each section's, null where none. */
export type GradedResult = { overall: number | null; sections: Record<string, number | null> };

export type GradeMovement = { before: number | null; after: number | null; movement: Movement };
export type SectionMovement = GradeMovement & { sectionId: string };
export type PlanMovement = { overall: GradeMovement; sections: SectionMovement[] };

/** A grade missing on either side (not yet moderated, or the section had no grade) is not comparable. */
export function compareGrades(before: number | null | undefined, after: number | null | undefined): Movement {
  if (before === null || before === undefined || after === null || after === undefined) return 'not-comparable';
  if (after > before) return 'improved';
  if (after < before) return 'declined';
  return 'same';
}

/** The grades a moderation panel agreed, in the shape movement compares. */
export function agreedGrades(moderation: Pick<Moderation, 'overall' | 'sections'>): GradedResult {
  return {
    overall: moderation.overall.agreedGrade,
    sections: Object.fromEntries(Object.entries(moderation.sections).map(([id, s]) => [id, s.agreedGrade])),
  };
}

/**
 * Compares a plan's earlier result with its re-audit. `after` is null until the re-audit has a
 * result. Sections come in `sectionOrder` (the framework's order), then any others by id, so a
 * section only one of two framework versions has still shows, as not comparable.
 */
export function planMovement(
  before: GradedResult,
  after: GradedResult | null,
  sectionOrder: readonly string[] = [],
): PlanMovement {
  const ids = new Set([...Object.keys(before.sections), ...Object.keys(after?.sections ?? {})]);
  const ordered = [
    ...sectionOrder.filter((id) => ids.has(id)),
    ...[...ids].filter((id) => !sectionOrder.includes(id)).sort(),
  ];
  const entry = (b: number | null | undefined, a: number | null | undefined): GradeMovement => ({
    before: b ?? null,
    after: a ?? null,
    movement: compareGrades(b, a),
  });
  return {
    overall: entry(before.overall, after?.overall),
    sections: ordered.map((sectionId) => ({
      sectionId,
      ...entry(before.sections[sectionId], after?.sections[sectionId]),
    })),
  };
}

/** How many of a set of movements fall in each kind, every kind present. */
export function countMovements(movements: readonly Movement[]): Record<Movement, number> {
  const counts = Object.fromEntries(MOVEMENTS.map((m) => [m, 0])) as Record<Movement, number>;
  for (const movement of movements) counts[movement] += 1;
  return counts;
}
