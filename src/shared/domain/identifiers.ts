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

export type IdentifierHit = {
  kind: IdentifierKind;
  /** The text as written, so a warning can quote it and the auditor can find it. */
  text: string;
  index: number;
  /** "an NHS number", for the sentence "This looks like it contains …". */
  description: string;
};

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

// Common given names in England and Wales, minus those that are everyday words in an audit
// ("Grace", "Summer", "Amber", "Mark", "Max"). Only a given name followed by a capitalised word
// counts as a full name, so "Oliver's mum" does not warn but "Oliver Smith" does.
const GIVEN_NAMES = new Set(
  (
    'oliver george harry jack jacob noah charlie muhammad mohammed mohammad thomas oscar william james henry leo alfie ' +
    'joshua freddie archie ethan isaac alexander joseph edward samuel daniel arthur lucas logan theo harrison benjamin ' +
    'mason sebastian finley adam dylan zachary riley teddy theodore david toby jake louie elijah reuben arlo hugo luca ' +
    'jaxon matthew harvey reggie michael harley jude albert tommy luke frankie ryan ronnie liam kai tyler callum connor ' +
    'jayden owen lewis aaron ben jamie nathan kyle kieran ashley dominic patrick peter paul john andrew christopher ' +
    'robert richard stephen simon ian gary craig darren jason wayne scott sean shaun dean ahmed ali omar yusuf ibrahim ' +
    'hassan bilal hamza ayaan rayyan aarav arjun rohan olivia amelia isla ava mia ivy lily isabella rosie sophia freya ' +
    'willow florence emily ella poppy evie elsie charlotte evelyn sienna sofia daisy phoebe sophie alice harper matilda ' +
    'ruby emilia maya isabelle millie eliza jessica chloe lucy layla aria hannah erin megan holly ellie amy katie lauren ' +
    'rebecca sarah laura emma gemma rachel nicola claire louise kelly michelle lisa helen joanne karen susan julie ' +
    'amanda victoria zara aisha fatima maryam zainab amira hafsa khadija leah scarlett esme thea ada mila luna nancy ' +
    'elizabeth anna eva bella molly jasmine georgia abigail niamh imogen maisie jade courtney bethany shannon paige tia ' +
    'caitlin kayla keira'
  ).split(' '),
);
// Capitalised words that follow a given name without making it a person ("Alfie Road", "Year").
const NOT_SURNAMES = new Set(
  'section year term school academy primary secondary college centre center house road street lane avenue plan team service trust ward unit class group'.split(
    ' ',
  ),
);
const TITLED_NAME = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?\s+[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+)?/g;
const NAME_PAIR = /\b([A-Z][a-z]+)\s+([A-Z][A-Za-z'’]+(?:-[A-Z][A-Za-z'’]+)?)\b/g;
const NHS_NUMBER = /\b(\d{3})[ -]?(\d{3})[ -]?(\d{4})\b/g;
const UPN = /\b[A-Za-z]\d{11}[0-9A-Za-z]\b/g;
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}\b/g;
const ADDRESS =
  /\b\d{1,4}[a-z]? [A-Z][a-z]+(?: [A-Z][a-z]+)? (?:Road|Street|Avenue|Lane|Close|Drive|Way|Crescent|Gardens|Court|Place|Terrace|Grove|Hill|Park|Rd|St|Ave)\b/g;
const EMAIL = /\b[\w.+-]+@[\w-]+\.[\w.-]+\b/g;
const PHONE = /(?:\+44\s?7\d{3}|\b07\d{3})\s?\d{3}\s?\d{3}\b|\b0\d{2,4}\s?\d{3}\s?\d{4}\b/g;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_PATTERN =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const BIRTH_CONTEXT = /\b(?:d\.?o\.?b\.?|born|birth|birthday|date of birth|age[sd]?)\b[\s:,-]*(?:on\s+|is\s+)?$/i;
// A date right after one of these is a plan or meeting date, the kind an audit comment quotes.
const EVENT_CONTEXT =
  /\b(?:issued|issue|review(?:ed)?|request(?:ed)?|received|draft|final|meeting|held|dated|sent|assessment|deadline|due|signed|amended|panel|visit(?:ed)?|on)\b[\s:,-]*$/i;
const DATE_FORMS: { regex: RegExp; read: (m: RegExpExecArray) => Date | null }[] = [
  { regex: /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b/g, read: (m) => calendarDate(m[3], Number(m[2]), m[1]) },
  { regex: /\b(\d{4})-(\d{2})-(\d{2})\b/g, read: (m) => calendarDate(m[1], Number(m[2]), m[3]) },
  {
    regex: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_PATTERN})\\.?,?\\s+(\\d{4})\\b`, 'gi'),
    read: (m) => calendarDate(m[3], MONTHS.indexOf((m[2] ?? '').toLowerCase().slice(0, 3)) + 1, m[1]),
  },
];

/** A real calendar date (31/02 is not), with two-digit years read as 19xx above 50. */
function calendarDate(yearText: string | undefined, month: number, dayText: string | undefined): Date | null {
  const year = Number(yearText);
  const day = Number(dayText);
  const fullYear = year < 100 ? (year > 50 ? 1900 + year : 2000 + year) : year;
  const date = new Date(Date.UTC(fullYear, month - 1, day));
  if (date.getUTCFullYear() !== fullYear || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}

function hit(kind: IdentifierKind, text: string, index: number, description = IDENTIFIER_LABELS[kind]): IdentifierHit {
  return { kind, text, index, description };
}

function collect(
  text: string,
  pattern: RegExp,
  kind: IdentifierKind,
  accept: (m: RegExpExecArray) => boolean = () => true,
): IdentifierHit[] {
  const hits: IdentifierHit[] = [];
  for (const match of text.matchAll(pattern)) if (accept(match)) hits.push(hit(kind, match[0], match.index));
  return hits;
}

/**
 * A date counts as a date of birth when written next to "DOB" or "born", or when it is old enough
 * to be a child's birthday (2 to 26 years back) with no event named beside it: children and young
 * people with plans are 0 to 25, and plan, review and meeting dates come with their event.
 */
function datesOfBirth(text: string, today: Date): IdentifierHit[] {
  const hits: IdentifierHit[] = [];
  for (const { regex, read } of DATE_FORMS) {
    for (const match of text.matchAll(regex)) {
      const date = read(match);
      if (!date) continue;
      const before = text.slice(Math.max(0, match.index - 30), match.index);
      const ageYears = (today.getTime() - date.getTime()) / (365.25 * 24 * 3600 * 1000);
      if (BIRTH_CONTEXT.test(before)) hits.push(hit('date-of-birth', match[0], match.index));
      else if (ageYears >= 2 && ageYears <= 26 && !EVENT_CONTEXT.test(before)) {
        hits.push(hit('date-of-birth', match[0], match.index, 'a date that could be a date of birth'));
      }
    }
  }
  return hits;
}

function names(text: string): IdentifierHit[] {
  const hits = collect(text, TITLED_NAME, 'name');
  const pair = new RegExp(NAME_PAIR.source, 'g');
  for (let m = pair.exec(text); m; m = pair.exec(text)) {
    const given = (m[1] ?? '').toLowerCase();
    const surname = (m[2] ?? '').toLowerCase();
    if (!GIVEN_NAMES.has(given) || NOT_SURNAMES.has(surname) || surname.length < 2) {
      // Step back so "Dear Oliver Smith" still finds "Oliver Smith" after skipping "Dear Oliver".
      pair.lastIndex = m.index + (m[1]?.length ?? 1);
      continue;
    }
    const start = m.index;
    if (hits.some((h) => h.index <= start && start < h.index + h.text.length)) continue;
    hits.push(hit('name', m[0], start, 'a person’s full name'));
  }
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
