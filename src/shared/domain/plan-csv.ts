// Reads a council's plan list (CSV) into plans, refusing any row that carries something that could
// identify a child: a column meant for names, dates of birth, NHS numbers, UPNs or addresses, or a
// value that looks like one wherever it appears. Each refused row gets its reasons.
import { PlanAttributesSchema, PlanRefSchema, type Plan } from '#shared/schemas/plan.ts';
import { parseCsv } from './csv.ts';
import { findIdentifiers } from './identifiers.ts';

export const MAX_PLAN_CSV_ROWS = 20_000;

const normalise = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, '');

export const KNOWN_PLAN_COLUMNS: Record<string, string[]> = {
  ref: ['ref', 'planref', 'reference', 'planreference', 'planid'],
  keyStage: ['keystage', 'ks', 'phase'],
  yearGroup: ['yeargroup', 'year', 'ncyear', 'nationalcurriculumyear'],
  primaryNeed: ['primaryneed', 'need', 'primarytypeofneed'],
  settingType: ['settingtype', 'setting', 'settingkind'],
  planType: ['plantype', 'type'],
  lookedAfter: ['lookedafter', 'cla', 'lac', 'lookedafterchild'],
  personalBudgetRequested: ['personalbudgetrequested', 'personalbudget'],
  issueDate: ['issuedate', 'dateissued'],
  reviewDate: ['reviewdate', 'annualreviewdate', 'lastreviewdate'],
  team: ['team', 'caseworkteam', 'locality'],
};

/** Column names that announce personal identifiers, and what they would hold. */
const IDENTIFIER_COLUMNS: [RegExp, string][] = [
  [/name|forename|surname|initials/, 'a name'],
  [/dob|dateofbirth|birth/, 'a date of birth'],
  [/nhs/, 'an NHS number'],
  [/upn|uniquepupil|^uln$|uniquelearner/, 'a unique pupil number'],
  [/address|street|postcode|postalcode|^town$|^house/, 'an address'],
  [/email|phone|mobile|telephone/, 'contact details'],
];

export function identifierColumnKind(header: string): string | null {
  const key = normalise(header);
  if (key === '') return null;
  for (const [pattern, what] of IDENTIFIER_COLUMNS) if (pattern.test(key)) return what;
  return null;
}

// Searched for anywhere in a value, so "NHS 943 476 5919" or "born 12/03/2014" in a notes column is caught.
const NHS_NUMBER = /(^|[^\d])\d{3}[\s-]?\d{3}[\s-]?\d{4}([^\d]|$)/;
const UPN = /\b[A-Z]\d{11}[0-9A-Z]\b/i;
const DATE_PATTERNS = [
  /\b\d{4}-\d{1,2}-\d{1,2}\b/,
  /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/,
  /\b\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{2,4}\b/i,
];
const POSTCODE = /\b(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b/i;
const STREET =
  /\b\d+[A-Z]?,?\s+([A-Za-z'-]+\s+){1,3}(road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|way|crescent|court|place|gardens|terrace|grove|hill|park|square|walk|row|mews)\b/i;
const TITLE_AND_NAME = /\b(mr|mrs|ms|miss|mx|dr|master)\.?\s+[A-Z][a-z'-]+/;
const PERSON_NAME = /^[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?(?:\s+[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?){1,2}$/;
/** Words that make "North Team" or "Early Years" an organisation rather than a person. */
const ORGANISATION_WORDS = new Set(
  [
    'team',
    'north',
    'south',
    'east',
    'west',
    'central',
    'area',
    'locality',
    'service',
    'services',
    'hub',
    'office',
    'county',
    'city',
    'district',
    'early',
    'years',
    'primary',
    'secondary',
    'school',
    'panel',
    'unit',
    'cluster',
    'inclusion',
    'send',
    'casework',
    'transition',
    'post',
    'council',
  ].map((word) => word.toLowerCase()),
);

/** What a cell's value looks like, if it looks like a personal identifier; null otherwise. */
export function identifierValueKind(
  value: string,
  options: { isDateColumn?: boolean; isFreeText?: boolean } = {},
): string | null {
  const text = value.trim();
  if (text === '') return null;
  if (NHS_NUMBER.test(text)) return 'an NHS number';
  if (UPN.test(text)) return 'a unique pupil number';
  if (!options.isDateColumn && DATE_PATTERNS.some((pattern) => pattern.test(text))) return 'a date of birth';
  if (POSTCODE.test(text) || STREET.test(text)) return 'an address';
  if (/[^\s@]+@[^\s@]+\.[^\s@]+/.test(text) || /^\+?[\d\s()-]{11,}$/.test(text)) return 'contact details';
  if (TITLE_AND_NAME.test(text)) return 'a name';
  // Two or three capitalised words: a person, unless a word names an organisation. Only free-text
  // columns are checked, as a fixed-choice column (setting, need) refuses what is not on its list.
  const isPersonLike =
    PERSON_NAME.test(text) && !text.split(/\s+/).some((word) => ORGANISATION_WORDS.has(word.toLowerCase()));
  if ((options.isFreeText ?? true) && isPersonLike) return 'a name';
  // Free text can carry an identifier inside a sentence ("Jack Smith's plan"): the same check the
  // app runs on auditors' comments.
  const [inText] = (options.isFreeText ?? true) ? findIdentifiers(text) : [];
  return inText ? inText.description : null;
}

function toIsoDate(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return text;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (uk) return `${uk[3]}-${(uk[2] ?? '').padStart(2, '0')}-${(uk[1] ?? '').padStart(2, '0')}`;
  return undefined;
}

function toBoolean(text: string): boolean | string {
  const key = text.trim().toLowerCase();
  if (['', 'no', 'n', 'false', '0'].includes(key)) return false;
  if (['yes', 'y', 'true', '1'].includes(key)) return true;
  return text;
}

function toYearGroup(text: string): number | string {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/^(year|yr|y)\s*/, '');
  if (key === 'r' || key === 'reception') return 0;
  if (key === 'n' || key === 'nursery') return -1;
  return /^-?\d{1,2}$/.test(key) ? Number(key) : text;
}

function toKeyStage(text: string): string {
  const key = text.trim().toLowerCase().replace(/\s+/g, '-');
  if (key === 'eyfs' || key === 'early-years' || key === 'ey') return 'early-years';
  const stage = /^(key-stage-|ks-?)(\d)$/.exec(key);
  if (stage) return `ks${stage[2]}`;
  if (/^post-?16$/.test(key)) return 'post-16';
  if (/^post-?19$/.test(key)) return 'post-19';
  return key;
}

const toSlug = (text: string): string => text.trim().toLowerCase().replace(/\s+/g, '-');

export type PlanCsvRefusal = { line: number; ref?: string; reasons: string[] };
export type PlanCsvResult = {
  plans: { line: number; plan: Plan }[];
  refused: PlanCsvRefusal[];
  /** Columns the importer does not use; their values are still checked for identifiers. */
  ignoredColumns: string[];
  /** Problems with the file as a whole (no header, no ref column, too many rows). */
  fileProblems: string[];
};

export function parsePlanCsv(text: string): PlanCsvResult {
  const result: PlanCsvResult = { plans: [], refused: [], ignoredColumns: [], fileProblems: [] };
  const rows = parseCsv(text);
  const isBlank = (row: string[]): boolean => row.every((cell) => cell.trim() === '');
  const header = rows.find((row) => !isBlank(row));
  if (!header) {
    result.fileProblems.push('the file is empty: expected a header row and one row per plan');
    return result;
  }
  const headerIndex = rows.indexOf(header);
  const dataRows = rows.length - headerIndex - 1;
  if (dataRows > MAX_PLAN_CSV_ROWS) {
    result.fileProblems.push(`the file has ${dataRows} rows; import at most ${MAX_PLAN_CSV_ROWS} at a time`);
    return result;
  }
  const columnField = header.map((name) => {
    const key = normalise(name);
    return Object.entries(KNOWN_PLAN_COLUMNS).find(([, aliases]) => aliases.map(normalise).includes(key))?.[0];
  });
  const identifierColumns = header.map((name, i) => (columnField[i] ? null : identifierColumnKind(name)));
  if (!columnField.includes('ref')) {
    result.fileProblems.push('no plan reference column: name one "ref"');
    return result;
  }
  result.ignoredColumns = header.filter((name, i) => !columnField[i] && !identifierColumns[i] && name.trim() !== '');
  const firstLine = new Map<string, number>();

  rows.forEach((cells, index) => {
    if (index <= headerIndex || isBlank(cells)) return;
    // The row number a spreadsheet shows (header is row 1 when the file starts with it).
    const line = index + 1;
    const reasons: string[] = [];
    const raw: Record<string, string> = {};
    header.forEach((name, i) => {
      const value = (cells[i] ?? '').trim();
      const field = columnField[i];
      const columnKind = identifierColumns[i];
      if (columnKind && value !== '') reasons.push(`column "${name}" holds ${columnKind}`);
      const isDateColumn = field === 'issueDate' || field === 'reviewDate';
      const isFreeText = field === undefined || field === 'team';
      const valueKind = columnKind ? null : identifierValueKind(value, { isDateColumn, isFreeText });
      if (valueKind) reasons.push(`column "${name}" looks like ${valueKind}`);
      if (field && !valueKind) raw[field] = value;
    });
    if (cells.length > header.length && cells.slice(header.length).some((cell) => cell.trim() !== '')) {
      reasons.push(`has ${cells.length} values but the header has ${header.length} columns`);
    }
    const ref = raw.ref ?? '';
    const refCheck = PlanRefSchema.safeParse(ref);
    if (!refCheck.success && reasons.length === 0) {
      reasons.push(ref === '' ? 'ref: missing' : `ref: "${ref}" is not 3 to 32 capital letters, digits or dashes`);
    }
    const earlier = firstLine.get(ref);
    if (refCheck.success && earlier !== undefined) reasons.push(`ref ${ref} appears again (first on line ${earlier})`);
    if (reasons.length > 0) {
      result.refused.push({ line, ...(refCheck.success ? { ref } : {}), reasons });
      return;
    }
    const candidate: Record<string, unknown> = {
      keyStage: toKeyStage(raw.keyStage ?? ''),
      yearGroup: toYearGroup(raw.yearGroup ?? ''),
      primaryNeed: (raw.primaryNeed ?? '').toUpperCase(),
      settingType: toSlug(raw.settingType ?? ''),
      planType: toSlug(raw.planType ?? ''),
      lookedAfter: toBoolean(raw.lookedAfter ?? ''),
    };
    if (raw.personalBudgetRequested) candidate.personalBudgetRequested = toBoolean(raw.personalBudgetRequested);
    if (raw.issueDate) candidate.issueDate = toIsoDate(raw.issueDate) ?? raw.issueDate;
    if (raw.reviewDate) candidate.reviewDate = toIsoDate(raw.reviewDate) ?? raw.reviewDate;
    if (raw.team) candidate.team = raw.team;
    const parsed = PlanAttributesSchema.safeParse(candidate);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => {
        const field = String(issue.path[0] ?? 'row');
        const given = raw[field];
        return given === undefined || given === ''
          ? `${field}: missing`
          : `${field}: "${given}" is not valid (${issue.message})`;
      });
      result.refused.push({ line, ref, reasons: problems });
      return;
    }
    firstLine.set(ref, line);
    result.plans.push({ line, plan: { ref, attributes: parsed.data } });
  });
  return result;
}
