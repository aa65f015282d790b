import { describe, expect, it } from 'vitest';
import { identifierColumnKind, identifierValueKind, parsePlanCsv } from './plan-csv.ts';

const HEADER = 'ref,keyStage,yearGroup,primaryNeed,settingType,planType,lookedAfter,team';

describe('identifier detection', () => {
  it.each([
    ['First name', 'a name'],
    ['SURNAME', 'a name'],
    ['Child name', 'a name'],
    ['DOB', 'a date of birth'],
    ['Date of birth', 'a date of birth'],
    ['NHS No.', 'an NHS number'],
    ['UPN', 'a unique pupil number'],
    ['Home address', 'an address'],
    ['Postcode', 'an address'],
    ['Parent email', 'contact details'],
  ])('column %s holds %s', (header, kind) => {
    expect(identifierColumnKind(header)).toBe(kind);
  });

  it.each([
    ['943 476 5919', 'an NHS number'],
    ['9434765919', 'an NHS number'],
    ['A123456789012', 'a unique pupil number'],
    ['12/03/2014', 'a date of birth'],
    ['2014-03-12', 'a date of birth'],
    ['3 March 2014', 'a date of birth'],
    ['BS1 4DJ', 'an address'],
    ['12 Acacia Avenue', 'an address'],
    ['Mrs Patel', 'a name'],
    ['Jamie Smith', 'a name'],
    ['jo@example.org', 'contact details'],
  ])('value %s looks like %s', (value, kind) => {
    expect(identifierValueKind(value)).toBe(kind);
  });

  it.each(['PLN-0001', 'North team', 'Early Years', 'ASD', 'mainstream', '10', 'annual-review', 'East Locality'])(
    'value %s is not an identifier',
    (value) => {
      expect(identifierValueKind(value)).toBeNull();
    },
  );

  it("finds an identifier inside free text, with the same detector as auditors' comments", () => {
    expect(identifierValueKind("Moved from Oliver Smith's team")).toBe('a person’s full name');
    expect(identifierValueKind('NHS 943 476 5919 held')).toBe('an NHS number');
    expect(identifierValueKind('North locality, Year 9 cohort')).toBeNull();
  });

  it('does not take a date in a date column for a date of birth', () => {
    expect(identifierValueKind('2025-09-01', { isDateColumn: true })).toBeNull();
  });
});

describe('parsePlanCsv', () => {
  it('imports clean rows, converting friendly spellings', () => {
    const result = parsePlanCsv(
      [
        'Plan ref,Key stage,Year group,Primary need,Setting,Plan type,Looked after,Issue date,Team',
        'PLN-0001,KS2,Year 5,asd,Mainstream,Annual review,No,01/09/2024,North team',
        'PLN-0002,EYFS,R,SLCN,early years,new,yes,,',
      ].join('\n'),
    );
    expect(result.refused).toEqual([]);
    expect(result.plans.map((p) => p.plan)).toEqual([
      {
        ref: 'PLN-0001',
        attributes: {
          keyStage: 'ks2',
          yearGroup: 5,
          primaryNeed: 'ASD',
          settingType: 'mainstream',
          planType: 'annual-review',
          lookedAfter: false,
          issueDate: '2024-09-01',
          team: 'North team',
        },
      },
      {
        ref: 'PLN-0002',
        attributes: {
          keyStage: 'early-years',
          yearGroup: 0,
          primaryNeed: 'SLCN',
          settingType: 'early-years',
          planType: 'new',
          lookedAfter: true,
        },
      },
    ]);
  });

  it('refuses each row that carries an identifier, with the reason, and imports the rest', () => {
    const result = parsePlanCsv(
      [
        `${HEADER},Surname,Notes`,
        'PLN-0001,ks2,5,ASD,mainstream,new,no,North team,,',
        'PLN-0002,ks2,5,ASD,mainstream,new,no,North team,Smith,',
        'PLN-0003,ks2,5,ASD,mainstream,new,no,North team,,NHS 943 476 5919',
        'PLN-0004,ks2,5,ASD,mainstream,new,no,Jamie Smith,,',
        'PLN-0005,ks2,5,ASD,mainstream,new,no,North team,,born 12/03/2014',
        '9434765919,ks2,5,ASD,mainstream,new,no,North team,,',
        'PLN-0007,ks2,5,ASD,mainstream,new,no,North team,,lives at 4 Mill Lane',
      ].join('\n'),
    );
    expect(result.plans.map((p) => p.plan.ref)).toEqual(['PLN-0001']);
    expect(result.refused).toEqual([
      { line: 3, ref: 'PLN-0002', reasons: ['column "Surname" holds a name'] },
      { line: 4, ref: 'PLN-0003', reasons: ['column "Notes" looks like an NHS number'] },
      { line: 5, ref: 'PLN-0004', reasons: ['column "team" looks like a name'] },
      { line: 6, ref: 'PLN-0005', reasons: ['column "Notes" looks like a date of birth'] },
      { line: 7, reasons: ['column "ref" looks like an NHS number'] },
      { line: 8, ref: 'PLN-0007', reasons: ['column "Notes" looks like an address'] },
    ]);
    expect(result.ignoredColumns).toEqual(['Notes']);
  });

  it('names what is wrong with a row that is not a valid plan', () => {
    const result = parsePlanCsv(
      [
        HEADER,
        'PLN-0001,ks9,five,ASD,castle,new,maybe,',
        'pln 2,ks2,5,ASD,mainstream,new,no,',
        'PLN-0001,ks2,5,ASD,mainstream,new,no,',
        'PLN-0003,ks2,5,ASD,mainstream,new,no,',
        'PLN-0003,ks2,5,ASD,mainstream,new,no,',
      ].join('\n'),
    );
    expect(result.refused[0]).toMatchObject({ line: 2, ref: 'PLN-0001' });
    expect(result.refused[0]?.reasons.map((r) => r.split(':')[0])).toEqual([
      'keyStage',
      'yearGroup',
      'settingType',
      'lookedAfter',
    ]);
    expect(result.refused[1]).toMatchObject({
      line: 3,
      reasons: [expect.stringMatching(/^ref: "pln 2" is not/) as string],
    });
    expect(result.refused[2]).toEqual({
      line: 6,
      ref: 'PLN-0003',
      reasons: ['ref PLN-0003 appears again (first on line 5)'],
    });
    expect(result.plans.map((p) => p.line)).toEqual([4, 5]);
  });

  it('reports a file without a header or a reference column', () => {
    expect(parsePlanCsv('').fileProblems).toEqual([expect.stringMatching(/empty/) as string]);
    expect(parsePlanCsv('keyStage,yearGroup\nks2,4').fileProblems).toEqual([
      expect.stringMatching(/no plan reference column/) as string,
    ]);
  });
});
