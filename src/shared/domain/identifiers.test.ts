import { describe, expect, it } from 'vitest';
import { describeIdentifiers, findIdentifiers, isValidNhsNumber, isValidUpn } from './identifiers.ts';

const today = new Date('2026-11-22T12:00:00Z');
const kinds = (text: string) => findIdentifiers(text, today).map((h) => h.kind);

describe('check digits', () => {
  it('accepts NHS numbers whose modulus 11 check digit is right and refuses near misses', () => {
    // 943 476 5919 is the NHS number used in NHS Digital's own documentation examples.
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('123456789')).toBe(false);
  });

  it('accepts UPNs whose check letter is right', () => {
    expect(isValidUpn('V820100012345')).toBe(true);
    expect(isValidUpn('A820100012345')).toBe(false);
    expect(isValidUpn('V82010001234')).toBe(false);
  });
});

describe('findIdentifiers', () => {
  it('finds each kind of identifier a comment can leak', () => {
    const text =
      'Spoke to Jack Smith (DOB 12/03/2015) at 14 Mill Lane, BS1 4DJ. NHS 943 476 5919, UPN V820100012345. ' +
      'Mrs Patel on 07700 900123 or parent@example.com.';
    expect(kinds(text)).toEqual([
      'name',
      'date-of-birth',
      'address',
      'postcode',
      'nhs-number',
      'upn',
      'name',
      'phone',
      'email',
    ]);
  });

  it('leaves ordinary audit language alone', () => {
    const text =
      'Section F provision is vague: "access to Speech and Language Therapy" with no frequency. Outcomes in Section E ' +
      'are not SMART. Year 9 Preparing for Adulthood outcomes missing. Review held 03/10/2026; plan issued 2025-06-01. ' +
      'Good practice from the Educational Psychologist. 10 digit ref 1234567890 is not an NHS number.';
    expect(kinds(text)).toEqual([]);
  });

  it('treats a date as a date of birth when labelled, or when it falls in the age range of a child', () => {
    expect(kinds('born on 1 March 2024')).toEqual(['date-of-birth']);
    expect(kinds('Annual review 14th March 2026')).toEqual([]);
    expect(kinds('D.O.B: 2010-05-04')).toEqual(['date-of-birth']);
  });

  it('describes the hits in one sentence for the warning', () => {
    expect(describeIdentifiers(findIdentifiers('Jack Smith, NHS 9434765919', today))).toBe(
      'This looks like it contains a person’s name and an NHS number.',
    );
    expect(describeIdentifiers([])).toBe('');
  });
});

// Cases from the app's first detector, kept when the two were merged into this module.
describe('findIdentifiers in audit comments', () => {
  const march = new Date('2026-03-02T12:00:00Z');
  const found = (text: string) => findIdentifiers(text, march).map((h) => h.kind);

  it('finds NHS numbers written with spaces or dashes, but not any ten digits', () => {
    expect(found('NHS no. 943 476 5919 on file')).toEqual(['nhs-number']);
    expect(found('ref 943-476-5919')).toEqual(['nhs-number']);
    expect(found('phone 943 476 5918')).toEqual([]);
  });

  it('checks UPN check letters, for permanent and temporary UPNs', () => {
    expect(isValidUpn('A123456789012')).toBe(true);
    expect(isValidUpn('X12345678901A')).toBe(true);
    expect(found('code B123456789012')).toEqual([]);
  });

  it('warns for an unexplained date a child could have been born on, not for plan dates or impossible dates', () => {
    expect(found('DOB: 14/07/2015')).toEqual(['date-of-birth']);
    expect(found('born on 3rd March 2016')).toEqual(['date-of-birth']);
    expect(findIdentifiers('Pupil 14.07.2015 attends', march)).toEqual([
      { kind: 'date-of-birth', text: '14.07.2015', index: 6, description: 'a date that could be a date of birth' },
    ]);
    expect(found('Final plan issued 14/07/2015')).toEqual([]);
    expect(found('Annual review held 12 January 2026')).toEqual([]);
    expect(found('Reviewed 2025-11-30')).toEqual([]);
    expect(found('DOB 31/02/2015')).toEqual([]);
  });

  it('warns for a given name with a surname, or a title and a name, and not for a first name alone', () => {
    expect(found('Spoke to Oliver Smith about transport')).toEqual(['name']);
    expect(found('Dear Oliver Smith')).toEqual(['name']);
    expect(found('Mrs Patel, the SENCo, agreed')).toEqual(['name']);
    expect(found("Oliver's voice is clear in Section A")).toEqual([]);
    expect(found('Summer Term provision')).toEqual([]);
    expect(found('Alfie Road school')).toEqual([]);
  });
});
