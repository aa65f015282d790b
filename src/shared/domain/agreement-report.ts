// Pre-moderation agreement for reports: from one row per auditor per plan section, the agreement
// statistics per section, per cycle, per pair of agencies and for each auditor against the moderated
// result. A unit is one section of one plan in one cycle: a plan re-audited in a later cycle is a new unit.
import { AGENCIES, type Agency } from '#shared/schemas/framework.ts';
import {
  summariseMultiRater,
  summariseTwoRaters,
  type MultiRaterSummary,
  type RatingPair,
  type TwoRaterSummary,
  type UnitRatings,
} from './agreement.ts';

/** One auditor's grade for one section of one plan; null when they gave none (N/A, cannot judge). */
export type GradeRating = {
  unitId: string;
  sectionId: string;
  raterId: string;
  agency: Agency;
  grade: number | null;
  cycleId: string;
};

/** The panel's agreed grade. Without cycleId it applies to the plan section in every cycle given. */
export type ModeratedGrade = {
  unitId: string;
  sectionId: string;
  grade: number | null;
  cycleId?: string;
};

/** Statistics for any number of auditors per unit. */
export type MultiRaterAgreement = MultiRaterSummary & {
  /** Plan sections with at least one rating row, graded or not. */
  nUnits: number;
  nRaters: number;
};

/** Statistics for two fixed raters (two agencies, or an auditor and the panel). */
export type TwoRaterAgreement = TwoRaterSummary;

export type SectionAgreement = MultiRaterAgreement & { sectionId: string };
export type CycleAgreement = MultiRaterAgreement & { cycleId: string };
export type AgencyPairAgreement = TwoRaterAgreement & { agencies: readonly [Agency, Agency] };
export type AuditorAgreement = TwoRaterAgreement & { raterId: string; agency: Agency };

export type AgreementReport = {
  /** Every section of every plan in every cycle given, pooled. */
  overall: MultiRaterAgreement;
  bySection: SectionAgreement[];
  byCycle: CycleAgreement[];
  byAgencyPair: AgencyPairAgreement[];
  /** Each auditor against the moderated grade; empty when no moderated results are given. */
  byAuditor: AuditorAgreement[];
};

type UnitRating = { raterId: string; agency: Agency; grade: number | null };
/** `grades` parallels `ratings`, kept ready for the statistics so a report does not rebuild it per group. */
type Unit = { cycleId: string; unitId: string; sectionId: string; ratings: UnitRating[]; grades: (number | null)[] };

/** cycle -> plan -> section: nested maps, because joining three ids into one key per row cost most of the time. */
type UnitIndex<T> = Map<string, Map<string, Map<string, T>>>;

function lookUp<T>(index: UnitIndex<T>, cycleId: string, unitId: string, sectionId: string): T | undefined {
  return index.get(cycleId)?.get(unitId)?.get(sectionId);
}

function store<T>(index: UnitIndex<T>, cycleId: string, unitId: string, sectionId: string, value: T): void {
  let plans = index.get(cycleId);
  if (!plans) {
    plans = new Map();
    index.set(cycleId, plans);
  }
  let sections = plans.get(unitId);
  if (!sections) {
    sections = new Map();
    plans.set(unitId, sections);
  }
  sections.set(sectionId, value);
}

function groupUnits(ratings: readonly GradeRating[]): Unit[] {
  const index: UnitIndex<Unit> = new Map();
  const units: Unit[] = [];
  for (const r of ratings) {
    let unit = lookUp(index, r.cycleId, r.unitId, r.sectionId);
    if (!unit) {
      unit = { cycleId: r.cycleId, unitId: r.unitId, sectionId: r.sectionId, ratings: [], grades: [] };
      store(index, r.cycleId, r.unitId, r.sectionId, unit);
      units.push(unit);
    }
    // One grade per auditor per unit: a later row (a newer revision) replaces an earlier one.
    const at = unit.ratings.findIndex((x) => x.raterId === r.raterId);
    if (at >= 0) {
      unit.ratings[at] = { raterId: r.raterId, agency: r.agency, grade: r.grade };
      unit.grades[at] = r.grade;
    } else {
      unit.ratings.push({ raterId: r.raterId, agency: r.agency, grade: r.grade });
      unit.grades.push(r.grade);
    }
  }
  return units;
}

function multiRater(units: readonly Unit[], scale: readonly number[]): MultiRaterAgreement {
  const grades: UnitRatings[] = units.map((u) => u.grades);
  const raters = new Set<string>();
  for (const unit of units) for (const r of unit.ratings) raters.add(r.raterId);
  return { nUnits: units.length, nRaters: raters.size, ...summariseMultiRater(grades, scale) };
}

/** Groups in order of first appearance, so the report follows the order the ratings came in. */
function groupBy(units: readonly Unit[], keyOf: (unit: Unit) => string): Map<string, Unit[]> {
  const groups = new Map<string, Unit[]>();
  for (const unit of units) {
    const key = keyOf(unit);
    const group = groups.get(key);
    if (group) group.push(unit);
    else groups.set(key, [unit]);
  }
  return groups;
}

const AGENCY_ORDER = new Map<Agency, number>(AGENCIES.map((agency, i) => [agency, i]));

/**
 * Pairs of grades between two agencies' auditors on the units both rated. When an agency has more than
 * one auditor on a unit, every cross pair counts once; agencies are paired in the AGENCIES order so the
 * same agency is always "rater 1" of its pair. Returned in that order too.
 */
function agencyPairs(units: readonly Unit[]): { agencies: readonly [Agency, Agency]; pairs: RatingPair[] }[] {
  const slots: ({ agencies: readonly [Agency, Agency]; pairs: RatingPair[] } | undefined)[] = [];
  for (const unit of units) {
    for (const a of unit.ratings) {
      const first = AGENCY_ORDER.get(a.agency) ?? 0;
      for (const b of unit.ratings) {
        const second = AGENCY_ORDER.get(b.agency) ?? 0;
        if (first >= second) continue;
        const slot = first * AGENCIES.length + second;
        let entry = slots[slot];
        if (!entry) {
          entry = { agencies: [a.agency, b.agency], pairs: [] };
          slots[slot] = entry;
        }
        entry.pairs.push([a.grade, b.grade]);
      }
    }
  }
  return slots.filter((entry) => entry !== undefined);
}

function auditorPairs(
  units: readonly Unit[],
  moderated: readonly ModeratedGrade[],
): Map<string, { agency: Agency; pairs: RatingPair[] }> {
  const agreed: UnitIndex<number | null> = new Map();
  // A moderated grade without a cycle is filed under '' and used when no cycle-specific one exists.
  for (const m of moderated) store(agreed, m.cycleId ?? '', m.unitId, m.sectionId, m.grade);
  const result = new Map<string, { agency: Agency; pairs: RatingPair[] }>();
  for (const unit of units) {
    const panel =
      lookUp(agreed, unit.cycleId, unit.unitId, unit.sectionId) ?? lookUp(agreed, '', unit.unitId, unit.sectionId);
    if (panel === undefined) continue;
    for (const r of unit.ratings) {
      let entry = result.get(r.raterId);
      if (!entry) {
        entry = { agency: r.agency, pairs: [] };
        result.set(r.raterId, entry);
      }
      entry.pairs.push([r.grade, panel]);
    }
  }
  return result;
}

/**
 * Agreement statistics for a set of pre-moderation grades. `scale` is the framework's grade values;
 * every grade must be on it (a grade that is not makes each statistic say so rather than guess).
 */
export function buildAgreementReport(
  ratings: readonly GradeRating[],
  scale: readonly number[],
  moderated: readonly ModeratedGrade[] = [],
): AgreementReport {
  const units = groupUnits(ratings);
  const bySection = [...groupBy(units, (u) => u.sectionId)].map(([sectionId, group]): SectionAgreement => ({
    sectionId,
    ...multiRater(group, scale),
  }));
  const byCycle = [...groupBy(units, (u) => u.cycleId)].map(([cycleId, group]): CycleAgreement => ({
    cycleId,
    ...multiRater(group, scale),
  }));
  const byAgencyPair = agencyPairs(units).map(({ agencies, pairs }): AgencyPairAgreement => ({
    agencies,
    ...summariseTwoRaters(pairs, scale),
  }));
  const byAuditor = [...auditorPairs(units, moderated)].map(([raterId, { agency, pairs }]): AuditorAgreement => ({
    raterId,
    agency,
    ...summariseTwoRaters(pairs, scale),
  }));
  return { overall: multiRater(units, scale), bySection, byCycle, byAgencyPair, byAuditor };
}
