import { describe, expect, it } from 'vitest';
import {
  assembleFramework,
  checkColumnMapping,
  EMPTY_VALUE_MAPPING,
  frameworkValueChoices,
  guessFrameworkColumns,
  ignoredColumns,
  readFrameworkRows,
  type ValueMapping,
} from './framework-import.ts';
import { columnLetter, decodeText, findHeader, tableFromDelimitedBytes, tableFromText, type Table } from './tabular.ts';
import { guessFrameworkField } from './framework-import.ts';

const HEADER = ['Section', 'Criterion ID', 'Criterion text', 'Guidance', 'Statutory (Y/N)', 'Lead agency', 'RAG'];
const ROWS = [
  ['Section F', 'F1', 'Provision costs £ are specific', 'Look for hours and who', 'Y', 'LA', 'green'],
  ['Section F', 'F2', 'Provision is quantified', 'Hours per week', 'x', 'SEND', ''],
  ['Whole plan', 'W1', 'Written to the child', 'Child’s voice', 'No', 'Children’s social care', ''],
  ['Whole plan', 'W2', 'Outcomes are SMART', 'Check each outcome', '', 'Health', ''],
];

/** The same sheet written as a council's spreadsheet program would save it. */
function csvBytes(delimiter: string, encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252'): Uint8Array {
  const text = [HEADER, ...ROWS].map((row) => row.join(delimiter)).join('\r\n');
  if (encoding === 'windows-1252') {
    // Every character here is in Latin-1 except the curly apostrophe, which Windows-1252 puts at 0x92.
    return Uint8Array.from([...text].map((ch) => (ch === '’' ? 0x92 : ch.charCodeAt(0))));
  }
  const utf8 = new TextEncoder().encode(text);
  return encoding === 'utf-8-bom' ? Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]) : utf8;
}

const headerOf = (table: Table) => {
  const header = findHeader(table.rows, (heading) => guessFrameworkField(heading) !== null);
  if (!header) throw new Error('no header');
  return header;
};

const LA_AS_EDUCATION: ValueMapping = { leadAgency: { la: 'education' }, statutory: {} };

function mappedValues(table: Table, remembered: ValueMapping): ValueMapping {
  const header = headerOf(table);
  const choices = frameworkValueChoices(table, header, guessFrameworkColumns(header.headings), remembered);
  return {
    leadAgency: Object.fromEntries(choices.leadAgency.flatMap((v) => (v.meaning ? [[v.key, v.meaning]] : []))),
    statutory: Object.fromEntries(choices.statutory.flatMap((v) => (v.meaning === null ? [] : [[v.key, v.meaning]]))),
  };
}

describe('reading a council file', () => {
  it.each([
    [',', 'utf-8', 'CSV, comma-separated, UTF-8'],
    [';', 'utf-8-bom', 'CSV, semicolon-separated, UTF-8 with a byte-order mark'],
    ['\t', 'windows-1252', 'CSV, tab-separated, Windows-1252'],
    [';', 'windows-1252', 'CSV, semicolon-separated, Windows-1252'],
    ['\t', 'utf-8', 'CSV, tab-separated, UTF-8'],
  ] as const)('reads %j in %s and says so', (delimiter, encoding, readAs) => {
    const table = tableFromDelimitedBytes(csvBytes(delimiter, encoding));
    expect(table.readAs).toBe(readAs);
    expect(table.rows[0]).toEqual(HEADER);
    expect(table.rows[1]?.[2]).toBe('Provision costs £ are specific');
    expect(table.rows[3]?.[5]).toBe('Children’s social care');
  });

  it('reads Windows-1252 curly quotes, dashes and the euro sign, and names columns past Z', () => {
    expect(decodeText(Uint8Array.from([0x93, 0x41, 0x94, 0x20, 0x96, 0x20, 0x80, 0xa3]))).toEqual({
      text: '“A” – €£',
      encoding: 'windows-1252',
    });
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });

  it('detects the separator of pasted text, keeping quoted separators inside a cell', () => {
    expect(tableFromText('a;b;c\n"1;2";3;4').rows).toEqual([
      ['a', 'b', 'c'],
      ['1;2', '3', '4'],
    ]);
    expect(tableFromText('a,b\n"x, y",z').delimiter).toBe(',');
  });
});

describe('column mapping', () => {
  it('guesses fields from the headings and lists the unknown columns as ignored', () => {
    const table = tableFromDelimitedBytes(csvBytes(',', 'utf-8'));
    const header = headerOf(table);
    const columns = guessFrameworkColumns(header.headings);
    expect(columns).toEqual(['section', 'id', 'text', 'guidance', 'statutory', 'leadAgency', null]);
    expect(ignoredColumns(table, header, columns)).toEqual(['RAG']);
    expect(checkColumnMapping(columns)).toEqual({ missing: [], repeated: [] });
  });

  it('never takes a second column for a field already guessed, and names what is missing', () => {
    const columns = guessFrameworkColumns(['Section', 'Section', 'Text', 'Notes']);
    expect(columns).toEqual(['section', null, 'text', 'guidance']);
    expect(checkColumnMapping(columns).missing).toEqual(['id', 'statutory', 'leadAgency']);
    expect(checkColumnMapping(['id', 'id']).repeated).toEqual(['id']);
  });
});

describe('value mapping', () => {
  it('guesses the usual words, leaves "LA" for the user, and takes a remembered choice first', () => {
    const table = tableFromDelimitedBytes(csvBytes(',', 'utf-8'));
    const header = headerOf(table);
    const columns = guessFrameworkColumns(header.headings);
    const fresh = frameworkValueChoices(table, header, columns, EMPTY_VALUE_MAPPING);
    expect(fresh.leadAgency.map((v) => [v.word, v.meaning, v.firstLine])).toEqual([
      ['LA', null, 2],
      ['SEND', 'education', 3],
      ['Children’s social care', 'social-care', 4],
      ['Health', 'health', 5],
    ]);
    expect(fresh.statutory.map((v) => [v.word, v.meaning])).toEqual([
      ['Y', true],
      ['x', true],
      ['No', false],
      ['', false],
    ]);
    const remembered = frameworkValueChoices(table, header, columns, {
      leadAgency: { la: 'social-care' },
      statutory: { x: false },
    });
    expect(remembered.leadAgency[0]?.meaning).toBe('social-care');
    expect(remembered.statutory[1]?.meaning).toBe(false);
  });

  it('turns the mapped rows into sections named in words, with generated ids', () => {
    const table = tableFromDelimitedBytes(csvBytes(';', 'windows-1252'));
    const header = headerOf(table);
    const { problems, sections } = readFrameworkRows(table, header, {
      columns: guessFrameworkColumns(header.headings),
      values: mappedValues(table, LA_AS_EDUCATION),
    });
    expect(problems).toEqual([]);
    expect(sections.map((s) => [s.id, s.title, s.leadAgency, s.criteria.map((c) => c.id)])).toEqual([
      ['section-f', 'Section F', 'education', ['F1', 'F2']],
      ['whole-plan', 'Whole plan', 'social-care', ['W1', 'W2']],
    ]);
    // Renamed and reordered by the user before saving.
    const [f, whole] = sections;
    if (!f || !whole) throw new Error('sections missing');
    const assembled = assembleFramework('council-f', 'Council audit', [{ ...whole, title: 'The whole plan' }, f]);
    if (!assembled.ok) throw new Error(JSON.stringify(assembled.problems));
    expect(assembled.framework.status).toBe('draft');
    expect(assembled.framework.sections.map((s) => s.title)).toEqual(['The whole plan', 'Section F']);
    expect(assembled.framework.sections[0]?.criteria.map((c) => [c.id, c.statutory, c.leadAgency])).toEqual([
      ['W1', false, undefined],
      ['W2', false, 'health'],
    ]);
    expect(assembled.framework.sections[1]?.criteria[0]?.text).toBe('Provision costs £ are specific');
  });
});

describe('every problem at once, each with its line, cell and value', () => {
  const text = [
    'Section,ID,Text,Guidance,Statutory,Lead agency,Weight,Applies from year',
    'A,A1,Views recorded,Look for quotes,yes,Health,1,',
    'A,A1,Repeated id,Look,no,Health,,',
    ',A3,No section,Look,no,Health,,',
    'A,,No id,Look,no,Health,,',
    'A,A5,Unclear statutory,Look,maybe,Health,,',
    'A,A6,Unknown agency,Look,no,Council,,',
    'Z,A7,Section not listed,Look,no,Health,,',
    'A,A8,,,no,Health,heavy,Year nine',
    '',
    'A,A1,Third time,Look,no,Health,,',
  ].join('\n');
  const table = tableFromText(text);
  const header = headerOf(table);
  const { problems, sections } = readFrameworkRows(table, header, {
    columns: guessFrameworkColumns(header.headings),
    values: { leadAgency: { health: 'health' }, statutory: { yes: true, no: false } },
    sectionList: ['A', 'B'],
  });
  const at = (line: number) => problems.filter((p) => p.line === line).map((p) => [p.cell, p.value, p.message]);

  it('imports nothing while any stands', () => {
    expect(sections).toEqual([]);
  });

  it('names a duplicate id on every line it is on', () => {
    expect(at(2)).toEqual([['B2', 'A1', 'The criterion id "A1" is used more than once: also on lines 3, 11']]);
    expect(at(3)).toEqual([['B3', 'A1', 'The criterion id "A1" is used more than once: also on lines 2, 11']]);
    expect(at(11)).toEqual([['B11', 'A1', 'The criterion id "A1" is used more than once: also on lines 2, 3']]);
  });

  it('names empty sections and ids, words that are not yes or no, unknown agencies and unlisted sections', () => {
    expect(at(4)).toEqual([['A4', '', 'The section is empty: say which section this criterion is in']]);
    expect(at(5)).toEqual([['B5', '', 'The criterion id is empty: give every criterion an id, such as A1']]);
    expect(at(6)).toEqual([['E6', 'maybe', '"maybe" is not yes or no: say what it means in the values step']]);
    expect(at(7)).toEqual([
      ['F7', 'Council', '"Council" is not a lead agency: say which agency it means in the values step'],
    ]);
    expect(at(8)).toEqual([
      ['A8', 'Z', 'The section "Z" is not in your list of sections: add it to the list or correct the row'],
    ]);
  });

  it('names empty text and guidance, a bad weight and a bad year group on the same line', () => {
    expect(at(9).map(([cell]) => cell)).toEqual(['C9', 'D9', 'G9', 'H9']);
    expect(problems.find((p) => p.cell === 'H9')?.value).toBe('Year nine');
  });

  it('keeps the blank line 10 out of it and counts lines as the spreadsheet does', () => {
    expect(at(10)).toEqual([]);
    expect(problems.find((p) => p.cell === 'A4')?.column).toBe('Section');
  });
});
