// Spots text that looks like it identifies a child: an NHS number (with a valid check digit), a
// date of birth, a unique pupil number (with a valid check letter) or a person's full name. Plans
// are audited by pseudonymous reference, so the app warns before any such text is saved.

export type IdentifierKind = 'nhs-number' | 'date-of-birth' | 'upn' | 'full-name';

export type IdentifierMatch = {
  kind: IdentifierKind;
  /** The text as written, so the warning can quote it and the auditor can find it. */
  text: string;
  index: number;
  /** "an NHS number", for the sentence "This looks like it includes …". */
  description: string;
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

const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/**
 * Unique pupil numbers (DfE): a check letter, then 11 digits and a digit or (temporary UPN) a
 * letter. The check letter is the sum of the 12 following characters times their positions
 * (2 to 13), modulo 23, mapped onto the 23 letters UPNs use.
 */
export function isValidUpn(value: string): boolean {
  const upn = value.toUpperCase();
  if (!/^[A-Z]\d{11}[0-9A-Z]$/.test(upn)) return false;
  let sum = 0;
  for (let i = 1; i < 13; i += 1) {
    const char = upn[i] ?? '';
    const charValue = /\d/.test(char) ? Number(char) : UPN_LETTERS.indexOf(char);
    if (charValue < 0) return false;
    sum += charValue * (i + 1);
  }
  return UPN_LETTERS[sum % 23] === upn[0];
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_PATTERN =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

const BIRTH_CONTEXT = /\b(?:d\.?o\.?b\.?|born|birth|birthday|date of birth|age[sd]?)\b[\s:,-]*(?:on\s+|is\s+)?$/i;
// A date right after one of these is a plan or meeting date, the kind an audit comment quotes.
const EVENT_CONTEXT =
  /\b(?:issued|issue|review(?:ed)?|request(?:ed)?|received|draft|final|meeting|held|dated|sent|assessment|deadline|due|signed|amended|panel|visit(?:ed)?|on)\b[\s:,-]*$/i;

function toDate(year: number, month: number, day: number): Date | null {
  const fullYear = year < 100 ? (year > 50 ? 1900 + year : 2000 + year) : year;
  const date = new Date(Date.UTC(fullYear, month - 1, day));
  if (date.getUTCFullYear() !== fullYear || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}

function findDates(text: string, today: Date): IdentifierMatch[] {
  const found: IdentifierMatch[] = [];
  const patterns: { regex: RegExp; read: (m: RegExpExecArray) => Date | null }[] = [
    {
      regex: /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b/g,
      read: (m) => toDate(Number(m[3]), Number(m[2]), Number(m[1])),
    },
    { regex: /\b(\d{4})-(\d{2})-(\d{2})\b/g, read: (m) => toDate(Number(m[1]), Number(m[2]), Number(m[3])) },
    {
      regex: new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_PATTERN})\\.?,?\\s+(\\d{4})\\b`, 'gi'),
      read: (m) => {
        const month = MONTHS.findIndex((name) => name.startsWith((m[2] ?? '').toLowerCase().slice(0, 3))) + 1;
        return toDate(Number(m[3]), month, Number(m[1]));
      },
    },
  ];
  for (const { regex, read } of patterns) {
    for (let m = regex.exec(text); m; m = regex.exec(text)) {
      const date = read(m);
      if (!date) continue;
      const before = text.slice(Math.max(0, m.index - 30), m.index);
      const ageYears = (today.getTime() - date.getTime()) / (365.25 * 24 * 3600 * 1000);
      if (BIRTH_CONTEXT.test(before)) {
        found.push({ kind: 'date-of-birth', text: m[0], index: m.index, description: 'a date of birth' });
      } else if (ageYears >= 2 && ageYears <= 26 && !EVENT_CONTEXT.test(before)) {
        // Children and young people with plans are 0 to 25: an older date with no event named
        // beside it is more likely a birthday than a deadline.
        found.push({
          kind: 'date-of-birth',
          text: m[0],
          index: m.index,
          description: 'a date that could be a date of birth',
        });
      }
    }
  }
  return found;
}

// Common given names in England and Wales (ONS), minus the ones that are everyday words in an
// audit ("Grace", "Summer", "Amber", "Mark", "Max"). Only a given name followed by a capitalised
// word counts as a full name, so "Oliver's mum" does not warn but "Oliver Smith" does.
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

function findNames(text: string): IdentifierMatch[] {
  const found: IdentifierMatch[] = [];
  const titled = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?\s+[A-Z][A-Za-z'’-]+(?:\s+[A-Z][A-Za-z'’-]+)?/g;
  for (let m = titled.exec(text); m; m = titled.exec(text)) {
    found.push({ kind: 'full-name', text: m[0], index: m.index, description: 'a person’s name' });
  }
  const pair = /\b([A-Z][a-z]+)\s+([A-Z][A-Za-z'’]+(?:-[A-Z][A-Za-z'’]+)?)\b/g;
  for (let m = pair.exec(text); m; m = pair.exec(text)) {
    const given = (m[1] ?? '').toLowerCase();
    const surname = (m[2] ?? '').toLowerCase();
    if (!GIVEN_NAMES.has(given) || NOT_SURNAMES.has(surname) || surname.length < 2) {
      // Step back so "Dear Oliver Smith" still finds "Oliver Smith" after skipping "Dear Oliver".
      pair.lastIndex = m.index + (m[1]?.length ?? 1);
      continue;
    }
    if (found.some((f) => f.index <= m.index && m.index < f.index + f.text.length)) continue;
    found.push({ kind: 'full-name', text: m[0], index: m.index, description: 'a person’s full name' });
  }
  return found;
}

export function findPersonalIdentifiers(text: string, today: Date = new Date()): IdentifierMatch[] {
  const found: IdentifierMatch[] = [];
  const nhs = /\b(\d{3})[ -]?(\d{3})[ -]?(\d{4})\b/g;
  for (let m = nhs.exec(text); m; m = nhs.exec(text)) {
    if (isValidNhsNumber(`${m[1]}${m[2]}${m[3]}`)) {
      found.push({ kind: 'nhs-number', text: m[0], index: m.index, description: 'an NHS number' });
    }
  }
  const upn = /\b[A-Za-z]\d{11}[0-9A-Za-z]\b/g;
  for (let m = upn.exec(text); m; m = upn.exec(text)) {
    if (isValidUpn(m[0])) found.push({ kind: 'upn', text: m[0], index: m.index, description: 'a unique pupil number' });
  }
  found.push(...findDates(text, today), ...findNames(text));
  return found.sort((a, b) => a.index - b.index);
}
