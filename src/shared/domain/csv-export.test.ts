import { describe, expect, it } from 'vitest';
import { answers, buildFramework, YEAR_5_PLAN } from '#tests/fixtures/frameworks.ts';
import type { Audit } from '#shared/schemas/audit.ts';
import type { Moderation } from '#shared/schemas/moderation.ts';
import { actionsCsv, auditResponsesCsv, moderatedResultsCsv, sectionGradesCsv } from './csv-export.ts';

const framework = buildFramework();
const audit: Audit = {
  id: '6f1c2b8e-4a55-4c43-9d59-0c3a0e6c1a11',
  cycleId: 'cycle-2026-11',
  planRef: 'PLN-0001',
  frameworkId: framework.id,
  frameworkVersion: 1,
  auditorId: 'u-edu',
  agency: 'education',
  ...answers({ B1: 'met', F2: 'not-met' }),
  status: 'submitted',
  revision: 1,
  createdAt: '2026-11-02T09:00:00.000Z',
  updatedAt: '2026-11-02T10:00:00.000Z',
  submittedAt: '2026-11-02T10:00:00.000Z',
};
audit.responses.F2 = {
  rating: 'not-met',
  comment: 'Says "access to, as required"\nno hours',
  evidence: '=HYPERLINK("x")',
};

const records = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');

describe('auditResponsesCsv', () => {
  it('writes one row per criterion with stable columns, marking criteria that do not apply', () => {
    const csv = auditResponsesCsv([{ audit, framework, plan: YEAR_5_PLAN }]);
    const [header, ...rows] = records(csv.replace('"Says "', 'X')); // line break inside a quoted cell splits no record below
    expect(header).toBe(
      'cycle_id,plan_ref,audit_id,revision,auditor_id,agency,framework_id,framework_version,status,submitted_at,section_id,criterion_id,statutory,applies,rating,comment,evidence,measure_numerator,measure_denominator',
    );
    expect(csv.match(/PLN-0001/g)).toHaveLength(13);
    expect(rows[0]).toBe(
      'cycle-2026-11,PLN-0001,6f1c2b8e-4a55-4c43-9d59-0c3a0e6c1a11,1,u-edu,education,test-framework,1,submitted,2026-11-02T10:00:00.000Z,B,B1,true,true,met,,,,',
    );
    expect(csv).toContain(',E,E3,false,false,,,,,\r\n');
    expect(csv).toContain(
      ',F,F2,true,true,not-met,"Says ""access to, as required""\nno hours","\'=HYPERLINK(""x"")",,\r\n',
    );
  });
});

describe('sectionGradesCsv', () => {
  it('writes each section and the overall judgement with the reason', () => {
    const rows = records(sectionGradesCsv([{ audit, framework, plan: YEAR_5_PLAN }]));
    expect(rows).toHaveLength(1 + 4 + 1);
    expect(rows[4]).toBe(
      'cycle-2026-11,PLN-0001,6f1c2b8e-4a55-4c43-9d59-0c3a0e6c1a11,u-edu,education,F,1,1,Inadequate,false,,0,0,Inadequate from the criteria: 0% of the available score (1 not met). Provisional: 3 still unanswered.',
    );
    expect(rows[5]).toMatch(
      /,overall,2,2,Requires improvement,false,,2\.5,2\.5,Requires improvement: best fit of 2 section grades \(mean 2\.50\)\.$/,
    );
  });
});

describe('moderated results and actions', () => {
  const moderation: Moderation = {
    id: '0b6f3c2e-1d4a-4c1e-9f3a-2b7d8e9f0a11',
    cycleId: 'cycle-2026-11',
    planRef: 'PLN-0001',
    frameworkId: framework.id,
    frameworkVersion: 1,
    auditRefs: [],
    participants: {},
    sections: { F: { agreedGrade: 1, rationale: 'No quantification' } },
    overall: { agreedGrade: 2, rationale: 'F caps it' },
    strengths: '',
    areasForDevelopment: '',
    actions: {
      a1: {
        id: 'a1',
        description: 'Quantify SALT',
        ownerRole: 'SEN case officer',
        dueDate: '2026-11-01',
        status: 'open',
      },
      a2: {
        id: 'a2',
        description: 'Add OT advice',
        ownerRole: 'DCO',
        dueDate: '2026-12-01',
        status: 'open',
        criterionId: 'K1',
      },
    },
    status: 'signed-off',
    revision: 1,
    openedAt: '2026-11-20T13:00:00.000Z',
    openedBy: 'qa-lead-1',
    updatedAt: '2026-11-20T15:00:00.000Z',
    signedOffAt: '2026-11-20T15:00:00.000Z',
  };

  it('writes agreed grades per section and overall', () => {
    const rows = records(moderatedResultsCsv([{ moderation, framework }]));
    expect(rows.slice(-2)).toEqual([
      'cycle-2026-11,PLN-0001,0b6f3c2e-1d4a-4c1e-9f3a-2b7d8e9f0a11,1,signed-off,2026-11-20T15:00:00.000Z,F,1,Inadequate,No quantification',
      'cycle-2026-11,PLN-0001,0b6f3c2e-1d4a-4c1e-9f3a-2b7d8e9f0a11,1,signed-off,2026-11-20T15:00:00.000Z,overall,2,Requires improvement,F caps it',
    ]);
  });

  it('writes actions with whether they are overdue', () => {
    expect(records(actionsCsv([moderation], '2026-11-22')).slice(1)).toEqual([
      'cycle-2026-11,PLN-0001,0b6f3c2e-1d4a-4c1e-9f3a-2b7d8e9f0a11,a1,Quantify SALT,SEN case officer,2026-11-01,,open,true',
      'cycle-2026-11,PLN-0001,0b6f3c2e-1d4a-4c1e-9f3a-2b7d8e9f0a11,a2,Add OT advice,DCO,2026-12-01,K1,open,false',
    ]);
  });
});
