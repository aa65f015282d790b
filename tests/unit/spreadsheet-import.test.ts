// Excel workbooks as councils keep them, written in the test with write-excel-file: a title merged
// across the top, a two-row header with merged group cells, blank rows between the data. Read by the
// same reader the browser uses, then through the framework and plan-list mapping steps.
import writeXlsxFile, { type SheetData } from 'write-excel-file/universal';
import { describe, expect, it } from 'vitest';
import {
  frameworkValueChoices,
  guessFrameworkColumns,
  guessFrameworkField,
  ignoredColumns,
  readFrameworkRows,
} from '#shared/domain/framework-import.ts';
import { checkPlanTable, guessPlanColumns, guessPlanField } from '#shared/domain/plan-import.ts';
import { findHeader, type Table } from '#shared/domain/tabular.ts';
import { readSpreadsheetBytes, SpreadsheetReadError } from '#web/components/spreadsheet-file.ts';

async function xlsx(data: SheetData): Promise<ArrayBuffer> {
  return (await writeXlsxFile(data, { sheet: 'Criteria' }).toBlob()).arrayBuffer();
}

const FRAMEWORK_SHEET: SheetData = [
  [{ value: 'Anyshire EHCP audit criteria 2026', columnSpan: 4 }, null, null, null, null, null, null],
  [
    { value: 'Section', rowSpan: 2 },
    { value: 'Criterion', columnSpan: 3 },
    null,
    null,
    { value: 'Statutory', rowSpan: 2 },
    { value: 'Lead agency', rowSpan: 2 },
    { value: 'Comments', rowSpan: 2 },
  ],
  [null, 'ID', 'Text', 'Guidance', null, null, null],
  ['Section F', 'F1', 'Provision is specific', 'Look for hours', 'Y', 'LA', 'check'],
  [null, null, null, null, null, null, null],
  ['Section F', 'F2', 'Provision is quantified', 'Hours per week', true, 'ICB', null],
  [null, null, null, null, null, null, null],
  ['Whole plan', 'W1', 'Written to the child', 'Child’s voice', 'No', 'LA', null],
  ['Whole plan', 'W1', 'Repeated', 'Look', 'maybe', 'CCG', null],
];

const headerOf = (table: Table, guess: (heading: string) => unknown) => {
  const header = findHeader(table.rows, (heading) => guess(heading) !== null);
  if (!header) throw new Error('no header');
  return header;
};

describe('an Excel framework with merged header cells and blank rows', () => {
  it('finds the header under the merged title, fills merged headings down and keeps line numbers', async () => {
    const table = await readSpreadsheetBytes(await xlsx(FRAMEWORK_SHEET));
    expect(table.readAs).toBe('Excel workbook, sheet "Criteria"');
    const header = headerOf(table, guessFrameworkField);
    expect(header.rowIndex).toBe(2);
    expect(header.headings).toEqual(['Section', 'ID', 'Text', 'Guidance', 'Statutory', 'Lead agency', 'Comments']);
    const columns = guessFrameworkColumns(header.headings);
    expect(columns).toEqual(['section', 'id', 'text', 'guidance', 'statutory', 'leadAgency', null]);
    expect(ignoredColumns(table, header, columns)).toEqual(['Comments']);

    const choices = frameworkValueChoices(table, header, columns, { leadAgency: {}, statutory: {} });
    expect(choices.leadAgency.map((v) => [v.word, v.meaning])).toEqual([
      ['LA', null],
      ['ICB', 'health'],
      ['CCG', 'health'],
    ]);
    // An Excel TRUE arrives as "yes".
    expect(choices.statutory.map((v) => [v.word, v.meaning])).toEqual([
      ['Y', true],
      ['yes', true],
      ['No', false],
      ['maybe', null],
    ]);

    const { problems } = readFrameworkRows(table, header, {
      columns,
      values: {
        leadAgency: { la: 'education', icb: 'health', ccg: 'health' },
        statutory: { y: true, yes: true, no: false },
      },
    });
    expect(problems.map((p) => [p.line, p.cell, p.value])).toEqual([
      [8, 'B8', 'W1'],
      [9, 'B9', 'W1'],
      [9, 'E9', 'maybe'],
    ]);
  });

  it('refuses an old .xls file with words that say what to do', async () => {
    const xls = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).buffer;
    await expect(readSpreadsheetBytes(xls)).rejects.toThrow(SpreadsheetReadError);
    await expect(readSpreadsheetBytes(xls)).rejects.toThrow(/save it as an Excel workbook \(\.xlsx\)/);
  });
});

describe('an Excel plan list', () => {
  it('maps council headings, ignores unknown columns and lists each bad row by its spreadsheet line', async () => {
    const table = await readSpreadsheetBytes(
      await xlsx([
        [{ value: 'Plans issued 2025-26', columnSpan: 3 }, null, null, null, null, null, null, null],
        ['Plan reference', 'Key stage', 'NC year', 'Primary need', 'Setting', 'Plan type', 'CLA', 'Caseworker notes'],
        ['PLN-0001', 'KS2', 4, 'ASD', 'mainstream', 'new', 'no', 'ok'],
        [null, null, null, null, null, null, null, null],
        ['PLN-0002', 'KS3', 'Year 8', 'SEMH', 'special', 'amended', 'yes', 'Jack Smith'],
        ['PLN-0003', 'KS3', 8, 'XYZ', 'special', 'amended', 'no', ''],
        ['PLN-0004', 'KS1', 1, 'SLCN', 'mainstream', 'new', false, ''],
      ]),
    );
    const header = headerOf(table, guessPlanField);
    expect(header.rowIndex).toBe(1);
    const columns = guessPlanColumns(header.headings);
    expect(columns).toEqual([
      'ref',
      'keyStage',
      'yearGroup',
      'primaryNeed',
      'settingType',
      'planType',
      'lookedAfter',
      null,
    ]);
    const checked = checkPlanTable(table, header, columns);
    expect(checked.plans.map((p) => [p.line, p.plan.ref])).toEqual([
      [3, 'PLN-0001'],
      [7, 'PLN-0004'],
    ]);
    expect(checked.refused.map((r) => [r.line, r.ref])).toEqual([
      [5, 'PLN-0002'],
      [6, 'PLN-0003'],
    ]);
    expect(checked.refused[0]?.reasons.join()).toMatch(/Caseworker notes.*a name/);
    expect(checked.ignoredColumns).toEqual(['Caseworker notes']);
  });

  it('keeps a column the user leaves out from being read as a field, and still checks it for identifiers', async () => {
    const table = await readSpreadsheetBytes(
      await xlsx([
        ['Ref', 'Key stage', 'Year', 'Need', 'Setting', 'Plan type', 'Looked after', 'Team', 'Child name'],
        ['PLN-0101', 'KS2', 4, 'ASD', 'mainstream', 'new', 'no', 'North', 'Amy Jones'],
      ]),
    );
    const header = headerOf(table, guessPlanField);
    const columns = guessPlanColumns(header.headings);
    expect(columns.at(-1)).toBeNull();
    const withoutTeam = columns.map((field) => (field === 'team' ? null : field));
    const checked = checkPlanTable(table, header, withoutTeam);
    expect(checked.refused[0]?.reasons).toEqual(['column "Child name" holds a name']);
    expect(checked.ignoredColumns).toContain('not imported: Team');
  });
});
