// Issue 2: grade 10,000 synthetic audits against the EHCP framework (target under 1 s).
import { seededRandom } from '#tests/fixtures/random.ts';
import { loadShippedFramework } from '#tests/fixtures/shipped-frameworks.ts';
import { gradeAudit } from '#shared/domain/grading.ts';
import type { AuditAnswers } from '#shared/schemas/audit.ts';
import { RATING_MEANINGS, type Framework, type RatingMeaning } from '#shared/schemas/framework.ts';
import { KEY_STAGES, type PlanAttributes } from '#shared/schemas/plan.ts';
import { percentile, timeRuns, type Scenario } from '../harness.ts';

const AUDITS = 10_000;

function syntheticAudits(framework: Framework): { answers: AuditAnswers; plan: PlanAttributes }[] {
  const ids = framework.sections.flatMap((s) => s.criteria.map((c) => c.id));
  const random = seededRandom(2026);
  // Mostly met, some partly and not met, a few N/A and Cannot judge, the odd one left blank.
  const weighted = [
    ...Array<RatingMeaning>(6).fill('met'),
    'partly-met',
    'partly-met',
    'not-met',
    ...RATING_MEANINGS,
    'blank',
  ] as const;
  return Array.from({ length: AUDITS }, () => {
    const responses: AuditAnswers['responses'] = {};
    for (const id of ids) {
      const rating = random.pick(weighted);
      if (rating !== 'blank') responses[id] = { rating };
    }
    const yearGroup = random.int(15) - 1;
    return {
      answers: { responses, sectionOverrides: {} },
      plan: {
        keyStage: random.pick(KEY_STAGES),
        yearGroup,
        primaryNeed: 'ASD',
        settingType: 'mainstream',
        planType: 'annual-review',
        lookedAfter: random.next() < 0.1,
      },
    };
  });
}

export const gradingScenario: Scenario = {
  name: 'grading',
  async run() {
    const framework = loadShippedFramework();
    const audits = syntheticAudits(framework);
    let graded = 0;
    const times = await timeRuns(() => {
      for (const audit of audits) {
        if (gradeAudit(framework, audit.answers, audit.plan).overall.grade !== null) graded += 1;
      }
    }, 5);
    const median = percentile(times, 50);
    return [
      {
        scenario: 'grade 10,000 EHCP audits',
        metric: 'median of 5 runs',
        value: Math.round(median),
        unit: 'ms',
        target: '< 1000 ms',
        isMet: median < 1000,
        detail: `${framework.sections.flatMap((s) => s.criteria).length} criteria each; ${graded} overall grades`,
      },
    ];
  },
};
