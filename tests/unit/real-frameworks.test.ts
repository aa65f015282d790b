// The two frameworks we ship: they validate, and they carry the rules of domain.md that the
// rest of the product (grading, reports, moderation) relies on.
import { describe, expect, it } from 'vitest';
import { answers, YEAR_10_PLAN, YEAR_5_PLAN } from '#tests/fixtures/frameworks.ts';
import { loadShippedFramework } from '#tests/fixtures/shipped-frameworks.ts';
import { applicableCriteria } from '#shared/domain/applicability.ts';
import { gradeAudit } from '#shared/domain/grading.ts';
import type { Framework } from '#shared/schemas/framework.ts';

const criteriaOf = (framework: Framework) => framework.sections.flatMap((s) => s.criteria);
const find = (framework: Framework, id: string) => criteriaOf(framework).find((c) => c.id === id);

describe('audit-frameworks/ehcp-quality-audit.json', () => {
  const ehcp = loadShippedFramework('audit-frameworks/ehcp-quality-audit.json');

  it('is a published multi-agency plan audit covering the gate, A to K and the whole plan', () => {
    expect(ehcp).toMatchObject({ id: 'ehcp-quality', version: 1, status: 'published', kind: 'plan-audit' });
    expect(ehcp.sections.map((s) => s.id)).toEqual([
      'gate',
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
      'H',
      'I',
      'J',
      'K',
      'WP',
    ]);
    expect(new Set(ehcp.sections.map((s) => s.leadAgency))).toEqual(
      new Set(['education', 'health', 'social-care', 'multi-agency']),
    );
  });

  it('has at least 60 criteria, each with guidance, some statutory', () => {
    const criteria = criteriaOf(ehcp);
    expect(criteria.length).toBeGreaterThanOrEqual(60);
    expect(criteria.every((c) => c.guidance.length >= 80)).toBe(true);
    expect(criteria.filter((c) => c.statutory).length).toBeGreaterThanOrEqual(15);
    expect(find(ehcp, 'F2')?.statutory).toBe(true);
    expect(find(ehcp, 'WP1')?.statutory).toBe(true);
  });

  it('applies preparing-for-adulthood criteria from Year 9 only', () => {
    const young = new Set(applicableCriteria(ehcp, YEAR_5_PLAN));
    const older = new Set(applicableCriteria(ehcp, YEAR_10_PLAN));
    const adulthood = [...older].filter((id) => !young.has(id));
    expect(adulthood.length).toBeGreaterThanOrEqual(2);
    expect(adulthood.every((id) => find(ehcp, id)?.applicability?.label === 'Year 9 and above')).toBe(true);
  });

  it('grades a plan with Section F provision not quantified as Inadequate in F and not Good overall', () => {
    const ratings = Object.fromEntries(applicableCriteria(ehcp, YEAR_5_PLAN).map((id) => [id, 'met' as const]));
    const graded = gradeAudit(ehcp, answers({ ...ratings, F2: 'not-met' }), YEAR_5_PLAN);
    const f = graded.sections.find((s) => s.sectionId === 'F');
    expect(f?.grade).toBe(1);
    expect(f?.reason).toBe('Capped at Inadequate: statutory criterion F2 not met.');
    expect(graded.overall.grade).toBe(2);
    expect(graded.overall.reason).toMatch(/^Capped at Requires improvement: .* is Inadequate\.$/);
  });

  it('grades a plan meeting every criterion Outstanding', () => {
    const ratings = Object.fromEntries(applicableCriteria(ehcp, YEAR_10_PLAN).map((id) => [id, 'met' as const]));
    const graded = gradeAudit(ehcp, answers(ratings), YEAR_10_PLAN);
    expect(graded.overall.grade).toBe(4);
    expect(graded.sections.every((s) => !s.isProvisional)).toBe(true);
  });
});

describe('audit-frameworks/annual-review-visit.json', () => {
  const review = loadShippedFramework('audit-frameworks/annual-review-visit.json');

  it('is a published annual-review audit with the school-visit sections', () => {
    expect(review).toMatchObject({ id: 'annual-review-visit', version: 1, status: 'published', kind: 'annual-review' });
    expect(review.sections.map((s) => s.id)).toEqual([
      'timeliness',
      'voice',
      'progress',
      'provision',
      'currency',
      'pfa',
      'outcome',
    ]);
  });

  it('counts Section F provision lines delivered against specified', () => {
    expect(find(review, 'PROV1')?.measure).toMatchObject({ kind: 'ratio', id: 'f-lines-delivered' });
  });

  it('declares the four annual-review measures the board reads, fed by its own criteria', () => {
    expect(review.measures?.map((m) => [m.id, m.kind === 'lines' ? m.ratio : m.criteria])).toEqual([
      ['review-within-12-months', ['TIME1']],
      ['attainment-against-outcomes', ['PROG1']],
      ['views-before-review', ['VOICE1', 'VOICE3']],
      ['section-f-in-place', 'f-lines-delivered'],
    ]);
  });

  it('applies the whole preparing-for-adulthood section from Year 9 only', () => {
    const pfa = review.sections.find((s) => s.id === 'pfa');
    const young = applicableCriteria(review, YEAR_5_PLAN);
    expect(pfa?.criteria.some((c) => young.includes(c.id))).toBe(false);
    const graded = gradeAudit(review, answers({}), YEAR_5_PLAN);
    expect(graded.sections.find((s) => s.sectionId === 'pfa')?.status).toBe('not-applicable');
  });
});

describe('audit-frameworks/advice-quality.json', () => {
  const advice = loadShippedFramework('audit-frameworks/advice-quality.json');
  const ratingsFor = (rating: 'met' | 'cannot-judge', plan = YEAR_5_PLAN) =>
    Object.fromEntries(applicableCriteria(advice, plan).map((id) => [id, rating]));

  it('is a published audit with one section per agency’s advice, each criterion naming its lead agency', () => {
    expect(advice).toMatchObject({ id: 'advice-quality', version: 1, status: 'published', kind: 'plan-audit' });
    expect(advice.sections.map((s) => [s.id, s.leadAgency])).toEqual([
      ['ep', 'education'],
      ['health', 'health'],
      ['social-care', 'social-care'],
      ['coordination', 'multi-agency'],
    ]);
    for (const section of advice.sections) {
      expect(section.criteria.every((c) => c.leadAgency === section.leadAgency)).toBe(true);
    }
    const criteria = criteriaOf(advice);
    expect(criteria.length).toBeGreaterThanOrEqual(30);
    expect(criteria.every((c) => c.guidance.length >= 80)).toBe(true);
  });

  it('treats the six-week deadline as statutory with no Partly met', () => {
    for (const id of ['EP1', 'HE1', 'SC1']) {
      expect(find(advice, id)).toMatchObject({ statutory: true, allowedRatings: ['met', 'not-met', 'cannot-judge'] });
      expect(find(advice, id)?.text).toMatch(/within six weeks/);
    }
  });

  it('asks the looked-after and preparing-for-adulthood questions only where they apply', () => {
    expect(applicableCriteria(advice, YEAR_5_PLAN)).not.toContain('SC10');
    expect(applicableCriteria(advice, YEAR_5_PLAN)).not.toContain('CO4');
    expect(applicableCriteria(advice, { ...YEAR_10_PLAN, lookedAfter: true })).toEqual(
      expect.arrayContaining(['SC10', 'CO4']),
    );
  });

  it('grades health advice with unquantified provision Inadequate without touching the other agencies’ grades', () => {
    const graded = gradeAudit(advice, answers({ ...ratingsFor('met'), HE6: 'not-met' }), YEAR_5_PLAN);
    const grade = (id: string) => graded.sections.find((s) => s.sectionId === id)?.grade;
    expect([grade('ep'), grade('health'), grade('social-care')]).toEqual([4, 1, 4]);
  });

  it('leaves another agency’s advice ungraded, not marked down, when the auditor cannot judge it', () => {
    const ratings = { ...ratingsFor('met') };
    for (const c of advice.sections.find((s) => s.id === 'social-care')?.criteria ?? []) ratings[c.id] = 'cannot-judge';
    const graded = gradeAudit(advice, answers(ratings), YEAR_5_PLAN);
    expect(graded.sections.find((s) => s.sectionId === 'social-care')?.grade).toBeNull();
    expect(graded.overall.grade).toBe(4);
  });
});
