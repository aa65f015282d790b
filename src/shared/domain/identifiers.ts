// Spots text that looks like it identifies a child: NHS numbers (with a valid check digit), unique
// pupil numbers (with a valid check letter), dates of birth, full names, postcodes and street
// addresses. Used to warn auditors before a comment is saved and to refuse plan-list rows.
// It is a guard against slips, tuned to few false alarms; it is not a guarantee of anonymity.

export const IDENTIFIER_KINDS = [
  'nhs-number',
  'upn',
  'date-of-birth',
  'name',
  'postcode',
  'address',
  'email',
  'phone',
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export type IdentifierHit = { kind: IdentifierKind; text: string; index: number };

export const IDENTIFIER_LABELS: Record<IdentifierKind, string> = {
  'nhs-number': 'an NHS number',
  upn: 'a unique pupil number (UPN)',
  'date-of-birth': 'a date of birth',
  name: 'a person’s name',
  postcode: 'a postcode',
  address: 'a street address',
  email: 'an email address',
  phone: 'a phone number',
};

/** NHS numbers: 10 digits, the last a modulus 11 check digit over the first nine (weights 10 to 2). */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

// DfE UPN check letter alphabet: 23 letters, no I, O or S.
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** UPNs: a check letter then 12 characters (11 digits and a digit or letter), weights 2 to 13, mod 23. */
export function isValidUpn(upn: string): boolean {
  const value = upn.toUpperCase();
  if (!/^[A-Z]\d{11}[0-9A-Z]$/.test(value)) return false;
  let sum = 0;
  for (let i = 1; i < 13; i += 1) {
    const ch = value.charAt(i);
    const n = /\d/.test(ch) ? Number(ch) : UPN_LETTERS.indexOf(ch);
    if (n < 0) return false;
    sum += n * (i + 1);
  }
  return UPN_LETTERS.charAt(sum % 23) === value.charAt(0);
}

// Given names common among children in England and Wales, to tell "Jack Smith" from "Speech Therapy".
const GIVEN_NAMES = new Set(
  `oliver george harry noah jack leo arthur muhammad oscar charlie jacob thomas henry william freddie alfie theo
  archie joshua james ethan isaac alexander lucas finley max mason logan daniel samuel adam joseph teddy reuben
  edward tommy jude louie harrison dylan mohammed ali ahmed ibrahim yusuf omar hamza riley jayden kai liam ryan
  tyler callum connor kieran lewis jamie ben benjamin sam luke matthew michael david john peter paul mark andrew
  olivia amelia isla ava mia ivy lily isabella rosie sophia grace freya willow florence emily ella poppy evie
  elsie charlotte evelyn sienna sofia daisy phoebe sophie alice harper matilda ruby emilia maya millie isabelle
  layla hannah aisha fatima zara amira maryam chloe jessica lucy holly megan katie emma sarah laura rebecca amy
  leah lauren molly erin eva esme imogen darcie scarlett maisie lola ellie niamh aoife caitlin bethany abigail`
    .split(/\s+/)
    .filter(Boolean),
);
const TITLES = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.? [A-Z][a-z'-]+/g;
const CAPITALISED_PAIR = /\b([A-Z][a-z'-]+) ((?:[A-Z][a-z'-]+ )?[A-Z][a-z'-]+)\b/g;
const NHS_NUMBER = /\b(\d{3})[ -]?(\d{3})[ -]?(\d{4})\b/g;
const UPN = /\b[A-Za-z]\d{11}[0-9A-Za-z]\b/g;
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b/g;
const ADDRESS =
  /\b\d{1,4}[a-z]? [A-Z][a-z]+(?: [A-Z][a-z]+)? (?:Road|Street|Avenue|Lane|Close|Drive|Way|Crescent|Gardens|Court|Place|Terrace|Grove|Hill|Park|Rd|St|Ave)\b/g;
const EMAIL = /\b[\w.+-]+@[\w-]+\.[\w.-]+\b/g;
const PHONE = /(?:\+44\s?7\d{3}|\b07\d{3})\s?\d{3}\s?\d{3}\b|\b0\d{2,4}\s?\d{3}\s?\d{4}\b/g;
const DOB_LABEL = /\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?)\b[:\s]*/gi;
const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE = new RegExp(
  `\\b(?:(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})|(\\d{4})-(\\d{2})-(\\d{2})|(\\d{1,2})(?:st|nd|rd|th)? (?:${MONTHS}) (\\d{4}))\\b`,
  'gi',
);

function collect(
  text: string,
  pattern: RegExp,
  kind: IdentifierKind,
  accept: (m: RegExpExecArray) => boolean = () => true,
): IdentifierHit[] {
  const hits: IdentifierHit[] = [];
  for (const match of text.matchAll(pattern)) {
    if (accept(match)) hits.push({ kind, text: match[0], index: match.index });
  }
  return hits;
}

function yearOf(match: RegExpExecArray): number {
  return Number(match[3] ?? match[4] ?? match[8]);
}

/**
 * Dates count as a date of birth when labelled so ("DOB", "born"), or when their year puts them
 * 2 to 25 years back: the age range of children and young people with plans. Plan, review and
 * meeting dates fall within the last two years and are left alone.
 */
function datesOfBirth(text: string, today: Date): IdentifierHit[] {
  const labelledAt = new Set<number>();
  for (const label of text.matchAll(DOB_LABEL)) labelledAt.add(label.index + label[0].length);
  const thisYear = today.getUTCFullYear();
  return collect(text, DATE, 'date-of-birth', (match) => {
    const age = thisYear - yearOf(match);
    return labelledAt.has(match.index) || (age >= 2 && age <= 25);
  });
}

function names(text: string): IdentifierHit[] {
  const hits = collect(text, TITLES, 'name');
  hits.push(...collect(text, CAPITALISED_PAIR, 'name', (match) => GIVEN_NAMES.has((match[1] ?? '').toLowerCase())));
  return hits;
}

/** Everything in the text that looks like a personal identifier, in order of appearance. */
export function findIdentifiers(text: string, today: Date = new Date()): IdentifierHit[] {
  if (text.trim() === '') return [];
  const hits = [
    ...collect(text, NHS_NUMBER, 'nhs-number', (m) => isValidNhsNumber(`${m[1]}${m[2]}${m[3]}`)),
    ...collect(text, UPN, 'upn', (m) => isValidUpn(m[0])),
    ...datesOfBirth(text, today),
    ...names(text),
    ...collect(text, POSTCODE, 'postcode'),
    ...collect(text, ADDRESS, 'address'),
    ...collect(text, EMAIL, 'email'),
    ...collect(text, PHONE, 'phone'),
  ];
  return hits.sort((a, b) => a.index - b.index);
}

/** A sentence for the warning: "This looks like it contains an NHS number and a person’s name." */
export function describeIdentifiers(hits: IdentifierHit[]): string {
  const kinds = [...new Set(hits.map((h) => h.kind))].map((k) => IDENTIFIER_LABELS[k]);
  if (kinds.length === 0) return '';
  const list = kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1) ?? ''}`;
  return `This looks like it contains ${list}.`;
}

// Column headings a plan list must never carry: the data itself is refused, not just the value.
const IDENTIFYING_COLUMNS =
  /^(?:(?:child'?s? |pupil |first |last |given |family |full |sur|fore)?name|forename|surname|d\.?o\.?b\.?|date ?of ?birth|birth ?date|nhs(?: ?(?:no|number))?|upn|unique pupil number|address(?: ?line ?\d)?|post ?code|street|town|email|phone|telephone|mobile)$/i;

export function isIdentifyingColumn(heading: string): boolean {
  return IDENTIFYING_COLUMNS.test(heading.trim().replace(/[_-]+/g, ' '));
}
