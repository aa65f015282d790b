// Each PDF generated in Node with the same documents the report worker renders, then read back
// with poppler's pdftotext: the figures a reader sees must be real text, in reading order.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderToBuffer } from '@react-pdf/renderer';
import { describe, expect, it } from 'vitest';
import { buildBoardReport, buildPlanReport } from '#shared/domain/report-model.ts';
import { reportDocument, type ReportModel } from '#web/pdf/report-document.tsx';
import { loadShippedFramework, REVIEW_FRAMEWORK_FILE } from '#tests/fixtures/shipped-frameworks.ts';
import {
  boardPlans,
  planReportInput,
  REPORT_COUNCIL,
  REPORT_TODAY,
  reviewPlans,
} from '#tests/web-support/report-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));

async function pdfText(model: ReportModel, name: string): Promise<{ text: string; info: string; bytes: Buffer }> {
  const bytes = await renderToBuffer(reportDocument(model));
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return { text, info, bytes };
}

describe('plan report PDF', () => {
  it('holds the plan, each auditor’s grades, the moderated grades, statutory failures and actions', async () => {
    const { text, info, bytes } = await pdfText(buildPlanReport(planReportInput()), 'plan.pdf');
    expect(bytes.subarray(0, 4).toString()).toBe('%PDF');
    expect(info).toMatch(/Title:\s+Plan report: PLN-0101/);
    expect(info).toMatch(/Author:\s+Northshire Council/);
    expect(text).toContain('Northshire Council');
    expect(text).toContain('Year 5');
    expect(text).toContain('Auditor 1 (Education)');
    expect(text).toMatch(/\bSection F Outstanding Inadequate Requires improvement Panel view of F\./);
    expect(text).toMatch(/Overall Outstanding Requires improvement Requires improvement/);
    expect(text).toMatch(/F2 Criterion F2 Auditor 2 \(Health\)/);
    expect(text).toContain('Quantify the provision in Section F.');
    expect(text).toMatch(
      /Quantify speech and language therapy hours in F SEN case officer 2026-11-01 F2 open \(overdue\)/,
    );
  }, 30_000);
});

describe('board report PDF', () => {
  it('holds the headline figures, the text alternatives and the tables', async () => {
    const model = buildBoardReport(boardPlans(), {
      council: REPORT_COUNCIL,
      today: REPORT_TODAY,
      scope: 'Cycle: Autumn 2026',
    });
    const { text, info } = await pdfText(model, 'board.pdf');
    expect(info).toMatch(/Title:\s+Partnership board report: EHC plan quality/);
    expect(text).toMatch(/Plans audited 3/);
    expect(text).toMatch(/Plans moderated 2/);
    expect(text).toMatch(/Good or better overall 50% \(1 of 2\)/);
    expect(text).toMatch(/Actions overdue 1/);
    expect(text).toMatch(/75% \(3 of 4 lines, 1 plans\)/);
    // Text alternatives wrap across lines beside their chart.
    expect(text.replace(/\s+/g, ' ')).toContain(
      'Text alternative: Overall grades of 2 moderated plans: Outstanding 1, Good 0, Requires improvement 1, Inadequate 0.',
    );
    expect(text).toMatch(/2026\/27 Autumn 2 50%/);
    expect(text).toMatch(/F2 Criterion F2 1 1 5/);
    expect(text).toMatch(/Exact agreement 87\.5%/);
  }, 30_000);

  it('withholds small numbers in the parent-carer representatives’ version', async () => {
    const model = buildBoardReport(boardPlans(), {
      council: REPORT_COUNCIL,
      today: REPORT_TODAY,
      scope: 'All plans',
      suppressBelow: 5,
    });
    const { text } = await pdfText(model, 'board-suppressed.pdf');
    expect(text).toContain('fewer than 5');
    expect(text).not.toMatch(/Exact agreement/);
  }, 30_000);

  it('prints the annual review measures per term with the number behind each share', async () => {
    const plans = reviewPlans(loadShippedFramework(REVIEW_FRAMEWORK_FILE));
    const model = buildBoardReport(plans, { council: REPORT_COUNCIL, today: REPORT_TODAY, scope: 'Annual reviews' });
    const { text } = await pdfText(model, 'board-measures.pdf');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Annual review measures');
    expect(flat).toMatch(/2026\/27 Spring 75% \(3 of 4 reviews\) up 25 points/);
    expect(flat).toContain('All terms 75% (9 of 12 lines, 3');
  }, 30_000);
});
