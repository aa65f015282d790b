import { describe, expect, it } from 'vitest';
import { findPersonalIdentifiers, isValidNhsNumber, isValidUpn } from './personal-identifiers.ts';

const TODAY = new Date('2026-03-02T12:00:00Z');
const kinds = (text: string) => findPersonalIdentifiers(text, TODAY).map((m) => m.kind);

describe('NHS numbers', () => {
  it('accepts a number whose modulus 11 check digit is right', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
  });

  it('finds one written with spaces or dashes, but not any ten digits', () => {
    expect(kinds('NHS no. 943 476 5919 on file')).toEqual(['nhs-number']);
    expect(kinds('ref 943-476-5919')).toEqual(['nhs-number']);
    expect(kinds('phone 943 476 5918')).toEqual([]);
  });
});

describe('unique pupil numbers', () => {
  it('checks the check letter, for permanent and temporary UPNs', () => {
    // Check letters worked by hand: the sum of value x position (2 to 13), modulo 23.
    expect(isValidUpn('A123456789012')).toBe(true);
    expect(isValidUpn('B123456789012')).toBe(false);
    expect(isValidUpn('X12345678901A')).toBe(true);
    expect(kinds('UPN A123456789012 held by school')).toEqual(['upn']);
    expect(kinds('code B123456789012')).toEqual([]);
  });
});

describe('dates of birth', () => {
  it('warns for any date written next to "DOB" or "born"', () => {
    expect(kinds('DOB: 14/07/2015')).toEqual(['date-of-birth']);
    expect(kinds('born on 3rd March 2016')).toEqual(['date-of-birth']);
  });

  it('warns for an unexplained date a child could have been born on, not for plan dates', () => {
    expect(kinds('Pupil 14.07.2015 attends')).toEqual(['date-of-birth']);
    expect(kinds('Final plan issued 14/07/2015')).toEqual([]);
    expect(kinds('Annual review held 12 January 2026')).toEqual([]);
    expect(kinds('Reviewed 2025-11-30')).toEqual([]);
  });

  it('ignores impossible dates', () => {
    expect(kinds('DOB 31/02/2015')).toEqual([]);
  });
});

describe('names', () => {
  it('warns for a common given name followed by a surname, or a title and a name', () => {
    expect(kinds('Spoke to Oliver Smith about transport')).toEqual(['full-name']);
    expect(kinds('Mrs Patel, the SENCo, agreed')).toEqual(['full-name']);
  });

  it('does not warn for a first name alone or for ordinary capitalised phrases', () => {
    expect(kinds("Oliver's voice is clear in Section A")).toEqual([]);
    expect(kinds('Speech and Language Therapy is quantified')).toEqual([]);
    expect(kinds('Summer Term provision')).toEqual([]);
  });
});
