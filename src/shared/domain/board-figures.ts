// The figures a SEND Partnership Board reads, computed from moderated results: plans audited,
// % Good or better overall and per section, grade distribution, the trend by school term (with
// framework version changes marked), statutory failures by criterion, recurring themes, actions
// open and overdue, and the rate at which Section F provision is delivered as specified.
import type { CriterionResponse } from '#shared/schemas/audit.ts';
import type { Framework, RatingMeaning } from '#shared/schemas/framework.ts';
import type { Action } from '#shared/schemas/moderation.ts';
import type { PlanAttributes } from '#shared/schemas/plan.ts';

export type PlanOutcome = {
  planRef: string;
  cycleId: string;
  /** The date the plan's moderation was agreed (ISO date), which places it in a term. */
  date: string;
  framework: Framework;
  attributes: PlanAttributes;
  /** Agreed grades by section id, and overall; null where none was agreed. */
  moderated: { sections: Record<string, number | null>; overall: number | null } | null;
  /** Each auditor's responses, for criterion-level figures. */
  audits: { agency: string; responses: Record<string, CriterionResponse | undefined> }[];
  actions: Action[];
};

/** null stands for a figure withheld because it is too small to publish safely. */
export type Share = { count: number | null; of: number | null; percent: number | null };
type Count = number | null;

export type BoardFigures = {
  plansAudited: number;
  plansModerated: number;
  goodOrBetterOverall: Share;
  goodOrBetterBySection: { sectionId: string; title: string; share: Share }[];
  /** Overall grade counts by grade value, best first. */
  distribution: { grade: number; label: string; count: Count }[];
  trend: { term: string; plans: Count; goodOrBetter: Share; frameworkVersions: string[]; isVersionChange: boolean }[];
  statutoryFailures: { criterionId: string; text: string; notMet: Count; partlyMet: Count; judged: number }[];
  themes: { criterionId: string; text: string; shortfalls: Count; judged: number; percent: number | null }[];
  actions: { open: number; overdue: number; done: number };
  provisionDelivery: { delivered: number; specified: number; rate: number | null; plans: number };
};

export function share(count: number, of: number): Share {
  return { count, of, percent: of === 0 ? null : Math.round((count / of) * 1000) / 10 };
}

/**
 * The English school term a date falls in: Autumn (September to December), Spring (January to
 * Easter, taken as the end of March) and Summer (April to August), within the academic year.
 * Returned as "2026/27 Autumn", which sorts in time order within a year.
 */
export function schoolTerm(isoDate: string): string {
  const [yearText, monthText] = isoDate.split('-');
  const year = Number(yearText);
  const month = Number(monthText);
  const startYear = month >= 9 ? year : year - 1;
  const academicYear = `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
  const term = month >= 9 ? '1 Autumn' : month <= 3 ? '2 Spring' : '3 Summer';
  return `${academicYear} ${term}`;
}

/** "2026/27 1 Autumn" -> "2026/27 Autumn" for display. */
export function termLabel(term: string): string {
  return term.replace(/ \d /, ' ');
}

const isJudged = (rating: RatingMeaning | undefined) =>
  rating === 'met' || rating === 'partly-met' || rating === 'not-met';

export function computeBoardFigures(outcomes: PlanOutcome[], today: string, themeCount = 10): BoardFigures {
  const moderated = outcomes.filter((o) => o.moderated !== null);
  const isGood = (o: PlanOutcome, grade: number | null | undefined) =>
    grade !== null && grade !== undefined && grade >= o.framework.gradeScale.goodOrBetterFrom;

  const overallGraded = moderated.filter((o) => o.moderated?.overall !== null);
  const goodOrBetterOverall = share(
    overallGraded.filter((o) => isGood(o, o.moderated?.overall)).length,
    overallGraded.length,
  );

  // Sections and criteria are keyed by id across frameworks; titles come from the newest framework seen.
  const sectionTitles = new Map<string, string>();
  const criterionText = new Map<string, { text: string; statutory: boolean }>();
  const gradeLabels = new Map<number, string>();
  // Each framework once (thousands of outcomes share a handful), oldest version first.
  const frameworks = [...new Set(outcomes.map((o) => o.framework))].sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
  for (const framework of frameworks) {
    for (const section of framework.sections) {
      sectionTitles.set(section.id, section.title);
      for (const c of section.criteria) criterionText.set(c.id, { text: c.text, statutory: c.statutory });
    }
    for (const grade of framework.gradeScale.grades) gradeLabels.set(grade.value, grade.label);
  }

  const goodOrBetterBySection = [...sectionTitles].map(([sectionId, title]) => {
    const graded = moderated.filter((o) => {
      const grade = o.moderated?.sections[sectionId];
      return grade !== null && grade !== undefined;
    });
    return {
      sectionId,
      title,
      share: share(graded.filter((o) => isGood(o, o.moderated?.sections[sectionId])).length, graded.length),
    };
  });

  const distribution = [...gradeLabels]
    .sort(([a], [b]) => b - a)
    .map(([grade, label]) => ({
      grade,
      label,
      count: overallGraded.filter((o) => o.moderated?.overall === grade).length,
    }));

  const byTerm = new Map<string, PlanOutcome[]>();
  for (const o of overallGraded) {
    const term = schoolTerm(o.date);
    const plans = byTerm.get(term);
    if (plans) plans.push(o);
    else byTerm.set(term, [o]);
  }
  let previousVersions = '';
  const trend = [...byTerm]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([term, plans]) => {
      const frameworkVersions = [...new Set(plans.map((o) => `${o.framework.id} v${o.framework.version ?? 0}`))].sort();
      const key = frameworkVersions.join(',');
      const isVersionChange = previousVersions !== '' && key !== previousVersions;
      previousVersions = key;
      return {
        term: termLabel(term),
        plans: plans.length,
        goodOrBetter: share(plans.filter((o) => isGood(o, o.moderated?.overall)).length, plans.length),
        frameworkVersions,
        isVersionChange,
      };
    });

  const tally = new Map<string, { notMet: number; partlyMet: number; judged: number }>();
  for (const o of outcomes) {
    for (const audit of o.audits) {
      for (const [criterionId, response] of Object.entries(audit.responses)) {
        const rating = response?.rating;
        if (!isJudged(rating)) continue;
        const t = tally.get(criterionId) ?? { notMet: 0, partlyMet: 0, judged: 0 };
        t.judged += 1;
        if (rating === 'not-met') t.notMet += 1;
        if (rating === 'partly-met') t.partlyMet += 1;
        tally.set(criterionId, t);
      }
    }
  }
  const statutoryFailures = [...tally]
    .filter(([id, t]) => criterionText.get(id)?.statutory === true && t.notMet > 0)
    .map(([criterionId, t]) => ({ criterionId, text: criterionText.get(criterionId)?.text ?? criterionId, ...t }))
    .sort((a, b) => b.notMet - a.notMet || a.criterionId.localeCompare(b.criterionId));

  const themes = [...tally]
    .map(([criterionId, t]) => {
      const shortfalls = t.notMet + t.partlyMet;
      return {
        criterionId,
        text: criterionText.get(criterionId)?.text ?? criterionId,
        shortfalls,
        judged: t.judged,
        percent: share(shortfalls, t.judged).percent,
      };
    })
    .filter((t) => t.shortfalls > 0)
    .sort(
      (a, b) =>
        (b.percent ?? 0) - (a.percent ?? 0) ||
        b.shortfalls - a.shortfalls ||
        a.criterionId.localeCompare(b.criterionId),
    )
    .slice(0, themeCount);

  const allActions = outcomes.flatMap((o) => o.actions);
  const unfinished = allActions.filter((a) => a.status !== 'done');
  const actions = {
    open: unfinished.length,
    overdue: unfinished.filter((a) => a.dueDate < today).length,
    done: allActions.length - unfinished.length,
  };

  let delivered = 0;
  let specified = 0;
  const deliveryPlans = new Set<string>();
  for (const o of outcomes) {
    for (const audit of o.audits) {
      for (const response of Object.values(audit.responses)) {
        if (!response?.measure) continue;
        delivered += response.measure.numerator;
        specified += response.measure.denominator;
        deliveryPlans.add(`${o.cycleId}/${o.planRef}`);
      }
    }
  }

  return {
    plansAudited: outcomes.length,
    plansModerated: moderated.length,
    goodOrBetterOverall,
    goodOrBetterBySection,
    distribution,
    trend,
    statutoryFailures,
    themes,
    actions,
    provisionDelivery: {
      delivered,
      specified,
      rate: specified === 0 ? null : Math.round((delivered / specified) * 1000) / 10,
      plans: deliveryPlans.size,
    },
  };
}

/**
 * For views shown to parent representatives: counts from 1 to threshold - 1 are withheld (null,
 * shown as "fewer than N"), and so are shares computed over fewer than threshold plans, so that
 * no figure can point at a child.
 */
export function suppressSmallNumbers(figures: BoardFigures, threshold: number): BoardFigures {
  const count = (n: Count): Count => (n !== null && n > 0 && n < threshold ? null : n);
  // A percentage would give a withheld count away, so it goes with it.
  const hide = (s: Share): Share => {
    if (s.of !== null && s.of > 0 && s.of < threshold) return { count: null, of: null, percent: null };
    return count(s.count) === null ? { ...s, count: null, percent: null } : s;
  };
  return {
    ...figures,
    goodOrBetterOverall: hide(figures.goodOrBetterOverall),
    goodOrBetterBySection: figures.goodOrBetterBySection.map((s) => ({ ...s, share: hide(s.share) })),
    distribution: figures.distribution.map((d) => ({ ...d, count: count(d.count) })),
    trend: figures.trend.map((t) => ({ ...t, plans: count(t.plans), goodOrBetter: hide(t.goodOrBetter) })),
    statutoryFailures: figures.statutoryFailures.map((f) => ({
      ...f,
      notMet: count(f.notMet),
      partlyMet: count(f.partlyMet),
    })),
    themes: figures.themes.map((t) => ({
      ...t,
      shortfalls: count(t.shortfalls),
      percent: t.judged < threshold || count(t.shortfalls) === null ? null : t.percent,
    })),
  };
}
