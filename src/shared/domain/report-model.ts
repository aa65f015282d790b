// The data of the plan report and the board report, built once from plain records so the PDF, the
// HTML version and the dashboard all show the same figures. Pure and serialisable: the report worker
// receives these objects as they are.
import { summariseMultiRater, type AgreementResult } from './agreement.ts';
import type { GradeRating, ModeratedGrade } from './agreement-report.ts';
import type { FeedbackCall, FeedbackForm } from '#shared/schemas/feedback.ts';
import { computeAnnualReviewMeasures, suppressMeasures, type MeasureFigures } from './annual-review-measures.ts';
import { computeSatisfaction, suppressSatisfaction, type SatisfactionFigures } from './satisfaction.ts';
import { computeBoardFigures, suppressSmallNumbers, type BoardFigures, type PlanOutcome } from './board-figures.ts';
import { gradeAudit, gradeLabel } from './grading.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Agency, Framework } from '#shared/schemas/framework.ts';
import type { Action, Moderation } from '#shared/schemas/moderation.ts';
import type { KeyStage, PlanAttributes, PrimaryNeed, SettingType } from '#shared/schemas/plan.ts';

export type CouncilBranding = { councilName: string; logoDataUrl?: string | undefined };

/**
 * How a section is named in a report's tables: its title, prefixed with its id unless the title
 * already starts with it ("Section A: views…" stays as it is; "Views" becomes "A: Views").
 */
export function sectionHeading(sectionId: string, title: string): string {
  const id = sectionId.toLowerCase();
  const words = title
    .toLowerCase()
    .split(/[\s:]+/)
    .slice(0, 2);
  return words.includes(id) ? title : `${sectionId}: ${title}`;
}

/** A moderation counts as a result once the panel has agreed it; an open one is still being discussed. */
export function isModerated(moderation: Moderation | null | undefined): moderation is Moderation {
  return moderation !== null && moderation !== undefined && moderation.status !== 'open';
}

// ---------------------------------------------------------------------------------------------
// Plan report

export type PlanReportAudit = { auditorLabel: string; agency: Agency; audit: Audit };

export type PlanReportInput = {
  council: CouncilBranding;
  planRef: string;
  attributes: PlanAttributes;
  cycleName: string;
  framework: Framework;
  /** Submitted audits only, in the order the columns should appear. */
  audits: PlanReportAudit[];
  moderation: Moderation | null;
  /** ISO date the report is generated on: decides which actions are overdue. */
  today: string;
};

export type PlanReportRow = {
  sectionId: string;
  title: string;
  /** One grade label per auditor, in the order of `auditors`. */
  auditorGrades: string[];
  moderatedGrade: string;
  rationale: string;
};

export type PlanReportModel = {
  kind: 'plan';
  title: string;
  council: CouncilBranding;
  generatedOn: string;
  planRef: string;
  attributes: PlanAttributes;
  cycleName: string;
  frameworkLabel: string;
  moderationStatus: string;
  auditors: string[];
  sections: PlanReportRow[];
  overall: PlanReportRow;
  statutoryNotMet: { criterionId: string; sectionId: string; text: string; notMetBy: string[] }[];
  strengths: string;
  areasForDevelopment: string;
  actions: (Omit<Action, 'criterionId'> & { criterionId: string; overdue: boolean })[];
};

const MODERATION_STATUS_LABELS: Record<Moderation['status'], string> = {
  open: 'Moderation open: grades not yet agreed',
  agreed: 'Agreed by the moderation panel',
  'signed-off': 'Signed off',
};

export function buildPlanReport(input: PlanReportInput): PlanReportModel {
  const { framework, moderation } = input;
  const agreed = isModerated(moderation) ? moderation : null;
  const graded = input.audits.map((a) => gradeAudit(framework, a.audit, input.attributes));
  const sections = framework.sections.map((section, index) => {
    const agreedSection = agreed?.sections[section.id];
    return {
      sectionId: section.id,
      title: section.title,
      auditorGrades: graded.map((g) => gradeLabel(framework, g.sections[index]?.finalGrade ?? null)),
      moderatedGrade: agreedSection ? gradeLabel(framework, agreedSection.agreedGrade) : 'Not agreed',
      rationale: agreedSection?.rationale ?? '',
    };
  });
  const statutoryNotMet = framework.sections.flatMap((section) =>
    section.criteria
      .filter((c) => c.statutory)
      .map((c) => ({
        criterionId: c.id,
        sectionId: section.id,
        text: c.text,
        notMetBy: input.audits.filter((a) => a.audit.responses[c.id]?.rating === 'not-met').map((a) => a.auditorLabel),
      }))
      .filter((c) => c.notMetBy.length > 0),
  );
  const actions = Object.values(agreed?.actions ?? moderation?.actions ?? {})
    .map((a) => ({
      ...a,
      criterionId: a.criterionId ?? '',
      overdue: a.status !== 'done' && a.dueDate < input.today,
    }))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id));
  return {
    kind: 'plan',
    title: `Plan report: ${input.planRef}`,
    council: input.council,
    generatedOn: input.today,
    planRef: input.planRef,
    attributes: input.attributes,
    cycleName: input.cycleName,
    frameworkLabel: `${framework.title} (version ${framework.version ?? 0})`,
    moderationStatus: moderation ? MODERATION_STATUS_LABELS[moderation.status] : 'Not moderated yet',
    auditors: input.audits.map((a) => a.auditorLabel),
    sections,
    overall: {
      sectionId: 'overall',
      title: 'Overall',
      auditorGrades: graded.map((g) => gradeLabel(framework, g.overall.finalGrade)),
      moderatedGrade: agreed ? gradeLabel(framework, agreed.overall.agreedGrade) : 'Not agreed',
      rationale: agreed?.overall.rationale ?? '',
    },
    statutoryNotMet,
    strengths: agreed?.strengths ?? '',
    areasForDevelopment: agreed?.areasForDevelopment ?? '',
    actions,
  };
}

export type PlanTables = { grades: ReportTableRows; statutory: ReportTableRows; actions: ReportTableRows };

/** The plan report's tables, so the PDF and the HTML version show the same cells. */
export function planTables(model: PlanReportModel): PlanTables {
  return {
    grades: {
      head: ['Section', ...model.auditors, 'Moderated grade', 'Rationale'],
      rows: [...model.sections, model.overall].map((r) => [
        r.sectionId === 'overall' ? r.title : sectionHeading(r.sectionId, r.title),
        ...r.auditorGrades,
        r.moderatedGrade,
        r.rationale,
      ]),
    },
    statutory: {
      head: ['Criterion', 'Text', 'Not met according to'],
      rows: model.statutoryNotMet.map((c) => [c.criterionId, c.text, c.notMetBy.join(', ')]),
    },
    actions: {
      head: ['Action', 'Owner', 'Due', 'Criterion', 'Status'],
      rows: model.actions.map((a) => [
        a.description,
        a.ownerRole,
        a.dueDate,
        a.criterionId || '–',
        a.overdue ? `${a.status} (overdue)` : a.status,
      ]),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Board report and dashboard

/** A plan's outcome with each auditor's final grades, for the agreement figures. */
export type ReportPlan = PlanOutcome & {
  auditGrades: { raterId: string; agency: Agency; sections: Record<string, number | null> }[];
};

type ReportPlanSource = {
  planRef: string;
  cycleId: string;
  framework: Framework;
  attributes: PlanAttributes;
  /** Submitted audits of this plan in this cycle (latest revision each). */
  audits: Audit[];
  moderation: Moderation | null;
  /** Each audit's final section grades; by default graded here. A caller may pass a memoised grader. */
  gradeSections?: ((audit: Audit) => Record<string, number | null>) | undefined;
};

/** An audit's final grade per section (after overrides), as the reports count them. */
export function auditSectionGrades(
  framework: Framework,
  audit: Audit,
  attributes: PlanAttributes,
): Record<string, number | null> {
  const graded = gradeAudit(framework, audit, attributes);
  return Object.fromEntries(graded.sections.map((s) => [s.sectionId, s.finalGrade]));
}

/**
 * One plan's outcome: moderated grades once agreed; dated by sign-off (or last change) of the
 * moderation, else by the latest submission, which places it in a term.
 */
export function buildReportPlan(source: ReportPlanSource): ReportPlan {
  const agreed = isModerated(source.moderation) ? source.moderation : null;
  const submitted = source.audits.map((a) => a.submittedAt ?? a.updatedAt).sort();
  const date = (agreed?.signedOffAt ?? agreed?.updatedAt ?? submitted.at(-1) ?? '1970-01-01').slice(0, 10);
  return {
    planRef: source.planRef,
    cycleId: source.cycleId,
    date,
    framework: source.framework,
    attributes: source.attributes,
    moderated: agreed
      ? {
          sections: Object.fromEntries(Object.entries(agreed.sections).map(([id, s]) => [id, s.agreedGrade])),
          overall: agreed.overall.agreedGrade,
        }
      : null,
    audits: source.audits.map((a) => ({ agency: a.agency, responses: a.responses })),
    auditGrades: source.audits.map((a) => ({
      raterId: a.auditorId,
      agency: a.agency,
      sections: source.gradeSections?.(a) ?? auditSectionGrades(source.framework, a, source.attributes),
    })),
    actions: Object.values(source.moderation?.actions ?? {}),
  };
}

export type ReportFilters = {
  cycleId?: string | undefined;
  /** Inclusive ISO dates on the plan's outcome date. */
  from?: string | undefined;
  to?: string | undefined;
  keyStage?: KeyStage | undefined;
  primaryNeed?: PrimaryNeed | undefined;
  settingType?: SettingType | undefined;
  /** Keeps only plans this agency audited, and only that agency's audits for auditor-level figures. */
  agency?: Agency | undefined;
};

export function filterReportPlans(plans: readonly ReportPlan[], filters: ReportFilters): ReportPlan[] {
  const { cycleId, from, to, keyStage, primaryNeed, settingType, agency } = filters;
  const out: ReportPlan[] = [];
  for (const p of plans) {
    if (cycleId && p.cycleId !== cycleId) continue;
    if (from && p.date < from) continue;
    if (to && p.date > to) continue;
    if (keyStage && p.attributes.keyStage !== keyStage) continue;
    if (primaryNeed && p.attributes.primaryNeed !== primaryNeed) continue;
    if (settingType && p.attributes.settingType !== settingType) continue;
    if (agency) {
      if (!p.audits.some((a) => a.agency === agency)) continue;
      out.push({
        ...p,
        audits: p.audits.filter((a) => a.agency === agency),
        auditGrades: p.auditGrades.filter((a) => a.agency === agency),
      });
      continue;
    }
    out.push(p);
  }
  return out;
}

export type AgreementFigure = { label: string; value: number | null; note: string };

export type AgreementSummary = {
  /** Plan sections graded by two or more auditors. */
  units: number;
  exactPercent: AgreementFigure;
  withinOnePercent: AgreementFigure;
  alpha: AgreementFigure;
  bySection: { sectionId: string; units: number; exactPercent: number | null; alpha: number | null }[];
};

const round = (n: number | null, places: number) => (n === null ? null : Math.round(n * 10 ** places) / 10 ** places);

function figure(label: string, result: AgreementResult, asPercent: boolean): AgreementFigure {
  return {
    label,
    value: result.value === null ? null : asPercent ? round(result.value * 100, 1) : round(result.value, 2),
    note: result.value === null ? result.message : `from ${result.nUnits} plan sections`,
  };
}

/** Every grade value on the scales of the plans' frameworks, ascending. Each framework is read once. */
function gradeScaleOf(plans: readonly ReportPlan[]): number[] {
  const scale = new Set<number>();
  for (const framework of new Set(plans.map((p) => p.framework))) {
    for (const g of framework.gradeScale.grades) scale.add(g.value);
  }
  return [...scale].sort((a, b) => a - b);
}

/**
 * Agreement between auditors before moderation: every plan section graded by the auditors is one
 * unit. Built straight from each plan's grades (no regrouping by id), so a dashboard filter change
 * over thousands of plans stays fast.
 */
export function summariseAgreement(plans: readonly ReportPlan[]): AgreementSummary {
  const all: (number | null)[][] = [];
  const bySection = new Map<string, (number | null)[][]>();
  for (const p of plans) {
    if (p.auditGrades.length === 0) continue;
    for (const sectionId of Object.keys(p.auditGrades[0]?.sections ?? {})) {
      const unit = p.auditGrades.map((a) => a.sections[sectionId] ?? null);
      all.push(unit);
      let units = bySection.get(sectionId);
      if (!units) {
        units = [];
        bySection.set(sectionId, units);
      }
      units.push(unit);
    }
  }
  const sortedScale = gradeScaleOf(plans);
  const o = summariseMultiRater(all, sortedScale);
  return {
    units: o.exact.nUnits,
    exactPercent: figure('Exact agreement', o.exact, true),
    withinOnePercent: figure('Agreement within one grade', o.withinOne, true),
    alpha: figure("Krippendorff's alpha (ordinal)", o.alpha.ordinal, false),
    bySection: [...bySection].map(([sectionId, units]) => {
      const s = summariseMultiRater(units, sortedScale);
      return {
        sectionId,
        units: s.exact.nUnits,
        exactPercent: s.exact.value === null ? null : round(s.exact.value * 100, 1),
        alpha: round(s.alpha.ordinal.value, 2),
      };
    }),
  };
}

/** The rows `buildAgreementReport` takes, with the grade scale of every framework among the plans. */
export type AgreementRows = { ratings: GradeRating[]; moderated: ModeratedGrade[]; scale: number[] };

/**
 * Each auditor's section grades (and the panel's agreed ones) of these plans, one unit per section of
 * each plan in each cycle (unitId `cycleId|planRef`). Plan by plan, section by section in framework
 * order, so the report's tables follow the framework.
 */
export function agreementRows(plans: readonly ReportPlan[]): AgreementRows {
  const ratings: GradeRating[] = [];
  const moderated: ModeratedGrade[] = [];
  for (const p of plans) {
    const unitId = `${p.cycleId}|${p.planRef}`;
    for (const section of p.framework.sections) {
      for (const a of p.auditGrades) {
        if (!(section.id in a.sections)) continue;
        ratings.push({
          unitId,
          sectionId: section.id,
          raterId: a.raterId,
          agency: a.agency,
          grade: a.sections[section.id] ?? null,
          cycleId: p.cycleId,
        });
      }
      const agreed = p.moderated?.sections[section.id];
      if (agreed !== undefined) moderated.push({ unitId, sectionId: section.id, grade: agreed, cycleId: p.cycleId });
    }
  }
  return { ratings, moderated, scale: gradeScaleOf(plans) };
}

export type BoardReportModel = {
  kind: 'board';
  title: string;
  council: CouncilBranding;
  generatedOn: string;
  /** "Cycle: Autumn 2026 audit" or "1 September 2026 to 31 December 2026". */
  scope: string;
  /** Set when small numbers were withheld: counts below this are shown as "fewer than N". */
  suppressedBelow: number | null;
  figures: BoardFigures;
  agreement: AgreementSummary | null;
  /** Annual-review measures declared by the plans' frameworks, per term (empty when none declare any). */
  measures: MeasureFigures[];
  /**
   * Parent-carer satisfaction per term from feedback calls, small numbers always withheld (it is
   * about families, whoever reads it); null when there is no form or no call.
   */
  satisfaction: SatisfactionFigures | null;
  /** The threshold the satisfaction figures were withheld below. */
  satisfactionThreshold: number;
  /** The grade scale of the newest framework, for the distribution chart's labels. */
  goodOrBetterLabel: string;
  alt: { distribution: string; trend: string; sections: string };
};

export type BoardReportOptions = {
  council: CouncilBranding;
  today: string;
  scope: string;
  /** Withhold counts below this (views for parent-carer representatives); agreement is then left out. */
  suppressBelow?: number | null | undefined;
  /** Submitted feedback calls, their form, and the council's small-number threshold. */
  satisfaction?: { calls: readonly FeedbackCall[]; form: FeedbackForm; threshold: number } | undefined;
};

/** The board report's headline figures as label and value, so the PDF and the HTML version say the same. */
export function boardHeadlineRows(model: BoardReportModel): [string, string][] {
  const f = model.figures;
  const t = model.suppressedBelow;
  const good = f.goodOrBetterOverall;
  const delivery = f.provisionDelivery;
  return [
    ['Plans audited', String(f.plansAudited)],
    ['Plans moderated', String(f.plansModerated)],
    [
      `${model.goodOrBetterLabel} overall`,
      `${showPercent(good.percent, t)} (${showCount(good.count, t)} of ${showCount(good.of, t)})`,
    ],
    ['Actions open', String(f.actions.open)],
    ['Actions overdue', String(f.actions.overdue)],
    ['Actions done', String(f.actions.done)],
    [
      'Section F provision delivered as specified',
      delivery.rate === null
        ? 'no school visits recorded'
        : `${delivery.rate}% (${delivery.delivered} of ${delivery.specified} lines, ${delivery.plans} plans)`,
    ],
  ];
}

/** A report table's column headers and rows as text, so the PDF and the HTML version show the same cells. */
export type ReportTableRows = { head: string[]; rows: string[][] };

export type BoardTables = {
  trend: ReportTableRows;
  sections: ReportTableRows;
  statutory: ReportTableRows;
  themes: ReportTableRows;
  /** Null when agreement figures are withheld. */
  agreement: ReportTableRows | null;
  /** One row per measure per term, then its total; no rows when no framework declares measures. */
  measures: ReportTableRows;
  /** One row per term, then all terms; no rows without feedback calls. */
  satisfaction: ReportTableRows;
};

/** "75% (3 of 4 reviews)", or why there is no figure. */
export function measureFigureText(
  unit: MeasureFigures['unit'],
  term: MeasureFigures['total'],
  t: number | null,
): string {
  if (term.denominator === null) return `withheld (fewer than ${t ?? 0} reviews)`;
  if (term.share === null) return term.denominator === 0 ? 'no reviews judged' : 'withheld';
  const basis = `${showCount(term.numerator, t)} of ${term.denominator} ${unit}`;
  return `${term.share}% (${unit === 'lines' ? `${basis}, ${showCount(term.reviews, t)} reviews` : basis})`;
}

function changeText(change: number | null): string {
  if (change === null) return '–';
  if (change === 0) return 'no change';
  return `${change > 0 ? 'up' : 'down'} ${Math.abs(change)} points`;
}

function notCountedText(term: MeasureFigures['total'], t: number | null): string {
  return `${showCount(term.unknown, t)} unknown, ${showCount(term.notApplicable, t)} not applicable`;
}

/** "80% (4 of 5 answered)", or "withheld" when the numbers behind it are small. */
export function satisfactionFigureText(term: SatisfactionFigures['total'], threshold: number): string {
  if (term.answered === null) return `withheld (fewer than ${threshold} answered)`;
  if (term.answered === 0) return 'no answers';
  if (term.share === null) return `withheld (${term.answered} answered)`;
  return `${term.share}% (${term.satisfied ?? 0} of ${term.answered} answered)`;
}

/** The satisfaction table, shared by the PDF, the HTML version and the dashboard. */
export function satisfactionTable(figures: SatisfactionFigures | null, threshold: number): ReportTableRows {
  const notAnswered = (n: number | null) => (n === null ? `fewer than ${threshold}` : String(n));
  return {
    head: ['Term', 'Satisfied', 'Change on previous term', 'Declined or not answered'],
    rows: figures
      ? [
          ...figures.terms.map((term) => [
            term.term,
            satisfactionFigureText(term, threshold),
            changeText(term.change),
            notAnswered(term.notAnswered),
          ]),
          [
            figures.total.term,
            satisfactionFigureText(figures.total, threshold),
            '–',
            notAnswered(figures.total.notAnswered),
          ],
        ]
      : [],
  };
}

/** The measures table, shared by the PDF, the HTML version and the dashboard. */
export function measureTable(measures: readonly MeasureFigures[], t: number | null): ReportTableRows {
  return {
    head: ['Measure', 'Term', 'Figure', 'Change on previous term', 'Not counted'],
    rows: measures.flatMap((m) => [
      ...m.terms.map((term) => [
        m.label,
        term.term,
        measureFigureText(m.unit, term, t),
        changeText(term.change),
        notCountedText(term, t),
      ]),
      [m.label, m.total.term, measureFigureText(m.unit, m.total, t), '–', notCountedText(m.total, t)],
    ]),
  };
}

function agreementRow(a: AgreementFigure, unit: '%' | ''): string[] {
  return [a.label, a.value === null ? 'no figure' : `${a.value}${unit}`, a.note];
}

/** The board report's tables (after the headline figures), in the order both versions print them. */
export function boardTables(model: BoardReportModel): BoardTables {
  const f = model.figures;
  const t = model.suppressedBelow;
  const agreement = model.agreement;
  return {
    trend: {
      head: ['Term', 'Plans', model.goodOrBetterLabel, 'Framework'],
      rows: f.trend.map((term) => [
        term.term,
        showCount(term.plans, t),
        showPercent(term.goodOrBetter.percent, t),
        `${term.frameworkVersions.join(', ')}${term.isVersionChange ? ' (changed)' : ''}`,
      ]),
    },
    sections: {
      head: ['Section', 'Plans graded', model.goodOrBetterLabel],
      rows: f.goodOrBetterBySection.map((s) => [
        sectionHeading(s.sectionId, s.title),
        showCount(s.share.of, t),
        showPercent(s.share.percent, t),
      ]),
    },
    statutory: {
      head: ['Criterion', 'Text', 'Not met', 'Partly met', 'Judged'],
      rows: f.statutoryFailures.map((s) => [
        s.criterionId,
        s.text,
        showCount(s.notMet, t),
        showCount(s.partlyMet, t),
        String(s.judged),
      ]),
    },
    themes: {
      head: ['Criterion', 'Text', 'Not or partly met', 'Share of judged'],
      rows: f.themes.map((th) => [th.criterionId, th.text, showCount(th.shortfalls, t), showPercent(th.percent, t)]),
    },
    agreement:
      agreement === null
        ? null
        : {
            head: ['Statistic', 'Value', 'Basis'],
            rows: [
              agreementRow(agreement.exactPercent, '%'),
              agreementRow(agreement.withinOnePercent, '%'),
              agreementRow(agreement.alpha, ''),
            ],
          },
    measures: measureTable(model.measures, t),
    satisfaction: satisfactionTable(model.satisfaction, model.satisfactionThreshold),
  };
}

/** "12", or "fewer than 5" when withheld. */
export function showCount(n: number | null, threshold: number | null): string {
  if (n === null) return threshold === null ? 'none' : `fewer than ${threshold}`;
  return String(n);
}

export function showPercent(p: number | null, threshold: number | null = null): string {
  if (p === null) return threshold === null ? 'no figure' : 'withheld';
  return `${p}%`;
}

export function buildBoardReport(plans: readonly ReportPlan[], options: BoardReportOptions): BoardReportModel {
  const threshold = options.suppressBelow ?? null;
  const raw = computeBoardFigures([...plans], options.today);
  const figures = threshold === null ? raw : suppressSmallNumbers(raw, threshold);
  const measures = computeAnnualReviewMeasures(plans);
  const feedback = options.satisfaction;
  const satisfaction =
    feedback && feedback.calls.length > 0
      ? suppressSatisfaction(computeSatisfaction(feedback.calls, feedback.form), feedback.threshold)
      : null;
  const newest = [...plans].sort((a, b) => (b.framework.version ?? 0) - (a.framework.version ?? 0))[0]?.framework;
  const goodLabel = newest ? `${gradeLabel(newest, newest.gradeScale.goodOrBetterFrom)} or better` : 'Good or better';
  const distributionAlt = `Overall grades of ${showCount(figures.plansModerated, null)} moderated plans: ${figures.distribution
    .map((d) => `${d.label} ${showCount(d.count, threshold)}`)
    .join(', ')}.`;
  const trendAlt =
    figures.trend.length === 0
      ? 'No moderated plans in this period, so there is no trend.'
      : `${goodLabel} by term: ${figures.trend
          .map(
            (t) =>
              `${t.term} ${showPercent(t.goodOrBetter.percent, threshold)} of ${showCount(t.plans, threshold)} plans` +
              (t.isVersionChange ? ` (framework changed to ${t.frameworkVersions.join(', ')})` : ''),
          )
          .join('; ')}.`;
  const sectionsAlt = `${goodLabel} by section: ${figures.goodOrBetterBySection
    .map((s) => `${s.sectionId} ${showPercent(s.share.percent, threshold)}`)
    .join(', ')}.`;
  return {
    kind: 'board',
    title: 'Partnership board report: EHC plan quality',
    council: options.council,
    generatedOn: options.today,
    scope: options.scope,
    suppressedBelow: threshold,
    figures,
    // Agreement figures are about auditors, not children, but rest on few units: withheld with small numbers.
    agreement: threshold === null ? summariseAgreement(plans) : null,
    measures: threshold === null ? measures : suppressMeasures(measures, threshold),
    satisfaction,
    satisfactionThreshold: feedback?.threshold ?? threshold ?? 0,
    goodOrBetterLabel: goodLabel,
    alt: { distribution: distributionAlt, trend: trendAlt, sections: sectionsAlt },
  };
}
