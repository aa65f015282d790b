// Issue 5: agreement statistics for a cycle of 500 plans, 13 sections each, 3 auditors per plan (target under 200 ms).
import { seededRandom } from '#tests/fixtures/random.ts';
import { buildAgreementReport, type GradeRating, type ModeratedGrade } from '#shared/domain/agreement-report.ts';
import { AGENCIES } from '#shared/schemas/framework.ts';
import { percentile, timeRuns, type Scenario } from '../harness.ts';

const PLANS = 500;
// Sections A to K (H split in two) plus the overall judgement.
const SECTIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K', 'overall'] as const;
const SCALE = [4, 3, 2, 1];
const AUDITORS_PER_AGENCY = 8;
const CYCLE = 'cycle-2026-spring';

function syntheticCycle(): { ratings: GradeRating[]; moderated: ModeratedGrade[] } {
  const random = seededRandom(2605);
  const agencies = AGENCIES.filter((a) => a !== 'sendat');
  const ratings: GradeRating[] = [];
  const moderated: ModeratedGrade[] = [];
  // Mostly Good or Requires improvement, as audits find; Outstanding and Inadequate less often.
  const truth = [1, 2, 2, 3, 3, 3, 4] as const;
  for (let plan = 0; plan < PLANS; plan += 1) {
    const unitId = `plan-${plan}`;
    const auditors = agencies.map((agency) => ({
      agency,
      raterId: `${agency}-${random.int(AUDITORS_PER_AGENCY)}`,
    }));
    for (const sectionId of SECTIONS) {
      const agreed = random.pick(truth);
      moderated.push({ cycleId: CYCLE, unitId, sectionId, grade: agreed });
      for (const { agency, raterId } of auditors) {
        // About 8% N/A or cannot judge; otherwise the agreed grade, one off, or now and then two off.
        const r = random.next();
        const offset = r < 0.65 ? 0 : r < 0.95 ? (random.next() < 0.5 ? -1 : 1) : random.next() < 0.5 ? -2 : 2;
        const grade = random.next() < 0.08 ? null : Math.min(4, Math.max(1, agreed + offset));
        ratings.push({ cycleId: CYCLE, unitId, sectionId, raterId, agency, grade });
      }
    }
  }
  return { ratings, moderated };
}

export const agreementScenario: Scenario = {
  name: 'agreement',
  async run() {
    const { ratings, moderated } = syntheticCycle();
    let report = buildAgreementReport(ratings, SCALE, moderated);
    const times = await timeRuns(() => {
      report = buildAgreementReport(ratings, SCALE, moderated);
    }, 5);
    const median = percentile(times, 50);
    const alpha = report.overall.alpha.ordinal.value;
    return [
      {
        scenario: 'agreement statistics, 500 plans x 13 sections x 3 auditors',
        metric: 'median of 5 runs',
        value: Math.round(median * 10) / 10,
        unit: 'ms',
        target: '< 200 ms',
        isMet: median < 200,
        detail:
          `${ratings.length} grades; ${report.bySection.length} sections, ${report.byAgencyPair.length} agency pairs, ` +
          `${report.byAuditor.length} auditors vs moderated; ordinal alpha ${alpha === null ? 'n/a' : alpha.toFixed(3)}`,
      },
    ];
  },
};
