// A council's criteria spreadsheet into a framework draft, in the steps a person takes: which column
// holds which field (guessed from the headings), what the file's own words for lead agency and
// "statutory" mean (guessed, then remembered by the caller), then every problem at once, each with
// its line, cell and value. Sections named in words become sections with generated ids.
import { LEAD_AGENCIES, type Criterion, type Framework, type LeadAgency } from '#shared/schemas/framework.ts';
import { checkFrameworkData, type FrameworkProblem } from './framework-check.ts';
import { draftFrameworkShell } from './framework-defaults.ts';
import { columnLetter, columnName, isBlankRow, normaliseHeading, type Header, type Table } from './tabular.ts';

export const FRAMEWORK_FIELDS = [
  'section',
  'sectionTitle',
  'id',
  'text',
  'guidance',
  'statutory',
  'leadAgency',
  'weight',
  'fromYear',
] as const;
export type FrameworkField = (typeof FRAMEWORK_FIELDS)[number];

export const FRAMEWORK_FIELD_LABELS: Record<FrameworkField, string> = {
  section: 'Section',
  sectionTitle: 'Section title',
  id: 'Criterion id',
  text: 'Criterion text',
  guidance: 'Guidance',
  statutory: 'Statutory',
  leadAgency: 'Lead agency',
  weight: 'Weight',
  fromYear: 'Applies from year group',
};

export const REQUIRED_FRAMEWORK_FIELDS: readonly FrameworkField[] = [
  'section',
  'id',
  'text',
  'guidance',
  'statutory',
  'leadAgency',
];

/** Headings as councils write them, normalised (lower case, letters and digits only). */
const HEADING_ALIASES: Record<FrameworkField, string[]> = {
  section: ['section', 'sectionid', 'sectionname', 'sectionref', 'part', 'area', 'domain'],
  sectionTitle: ['sectiontitle', 'sectionheading', 'sectiondescription'],
  id: ['id', 'criterionid', 'criterion', 'criterionref', 'criterionno', 'criterionnumber', 'ref', 'no', 'code'],
  text: ['text', 'criteriontext', 'criterionwording', 'wording', 'statement', 'description', 'question', 'standard'],
  guidance: ['guidance', 'auditorguidance', 'notes', 'whattolookfor', 'lookfor', 'prompts', 'evidence'],
  statutory: ['statutory', 'limiting', 'statutoryflag', 'statutoryrequirement', 'legalrequirement', 'mandatory'],
  leadAgency: ['leadagency', 'agency', 'lead', 'responsibleagency', 'leadservice', 'service'],
  weight: ['weight', 'weighting'],
  fromYear: ['appliesfromyear', 'fromyear', 'yearfrom', 'fromyeargroup', 'appliesfromyeargroup'],
};

/** The field a heading names, if any: an exact alias first, then a heading that starts with one ("Statutory (Y/N)"). */
export function guessFrameworkField(heading: string): FrameworkField | null {
  const key = normaliseHeading(heading);
  if (key === '') return null;
  const exact = FRAMEWORK_FIELDS.find((field) => HEADING_ALIASES[field].includes(key));
  if (exact) return exact;
  const prefixed = FRAMEWORK_FIELDS.find((field) =>
    HEADING_ALIASES[field].some((alias) => alias.length >= 4 && key.startsWith(alias)),
  );
  return prefixed ?? null;
}

/** One field per column (null: ignored); a field goes to the first column that names it, never two. */
export type ColumnMapping<Field extends string> = (Field | null)[];

export function guessColumns<Field extends string>(
  headings: readonly string[],
  guess: (heading: string) => Field | null,
): ColumnMapping<Field> {
  const taken = new Set<Field>();
  return headings.map((heading) => {
    const field = guess(heading);
    if (!field || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
}

export const guessFrameworkColumns = (headings: readonly string[]): ColumnMapping<FrameworkField> =>
  guessColumns(headings, guessFrameworkField);

/** Columns left out, by heading (or letter), so the user sees what will not be read. */
export function ignoredColumns<Field extends string>(
  table: Table,
  header: Header,
  columns: ColumnMapping<Field>,
): string[] {
  return header.headings.flatMap((_, index) => {
    if (columns[index]) return [];
    const hasData = table.rows.slice(header.rowIndex).some((row) => (row[index] ?? '') !== '');
    return hasData ? [columnName(header.headings, index)] : [];
  });
}

/** Fields a mapping still needs, and fields given to two columns. */
export function checkColumnMapping(columns: ColumnMapping<FrameworkField>): {
  missing: FrameworkField[];
  repeated: FrameworkField[];
} {
  const counts = new Map<FrameworkField, number>();
  for (const field of columns) if (field) counts.set(field, (counts.get(field) ?? 0) + 1);
  return {
    missing: REQUIRED_FRAMEWORK_FIELDS.filter((field) => !counts.has(field)),
    repeated: [...counts].filter(([, n]) => n > 1).map(([field]) => field),
  };
}

/** How a word is compared: case, spacing and curly apostrophes do not matter. */
export const valueKey = (word: string): string => word.trim().toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ');

const AGENCY_WORDS: Record<string, LeadAgency> = {
  education: 'education',
  send: 'education',
  sen: 'education',
  'send team': 'education',
  'send service': 'education',
  school: 'education',
  schools: 'education',
  'early years': 'education',
  health: 'health',
  nhs: 'health',
  ccg: 'health',
  icb: 'health',
  'health (icb)': 'health',
  'social care': 'social-care',
  'social-care': 'social-care',
  social: 'social-care',
  csc: 'social-care',
  "children's social care": 'social-care',
  'childrens social care': 'social-care',
  "children's services": 'social-care',
  'multi-agency': 'multi-agency',
  'multi agency': 'multi-agency',
  multi: 'multi-agency',
  all: 'multi-agency',
  'all agencies': 'multi-agency',
  joint: 'multi-agency',
};

/** A guess for a lead-agency word; none for words that could mean two ("LA" is education or social care). */
export const guessLeadAgency = (word: string): LeadAgency | null => AGENCY_WORDS[valueKey(word)] ?? null;

const YES_WORDS = ['yes', 'y', 'true', '1', 'x', '✓', '✔', 'statutory', 's', 'limiting', 'required', 'must'];
const NO_WORDS = ['', 'no', 'n', 'false', '0', '-', 'good practice', 'gp', 'non-statutory', 'optional'];

export function guessStatutory(word: string): boolean | null {
  const key = valueKey(word);
  if (YES_WORDS.includes(key)) return true;
  if (NO_WORDS.includes(key)) return false;
  return null;
}

/** What the file's words mean, by valueKey. Kept by the caller so the next import starts from it. */
export type ValueMapping = { leadAgency: Record<string, LeadAgency>; statutory: Record<string, boolean> };
export const EMPTY_VALUE_MAPPING: ValueMapping = { leadAgency: {}, statutory: {} };

export type DistinctValue<Meaning> = {
  /** The words as first written in the file ("" for blank cells). */
  word: string;
  key: string;
  count: number;
  firstLine: number;
  /** The remembered meaning, else the guess, else null for the user to choose. */
  meaning: Meaning | null;
};

type DataRow = { line: number; cells: string[] };

function dataRows(table: Table, header: Header): DataRow[] {
  return table.rows.flatMap((cells, index) =>
    index > header.rowIndex && !isBlankRow(cells) ? [{ line: index + 1, cells }] : [],
  );
}

function distinct<Meaning>(
  rows: DataRow[],
  column: number,
  meaningOf: (word: string, key: string) => Meaning | null,
): DistinctValue<Meaning>[] {
  const seen = new Map<string, DistinctValue<Meaning>>();
  for (const { line, cells } of rows) {
    const word = cells[column] ?? '';
    const key = valueKey(word);
    const known = seen.get(key);
    if (known) known.count += 1;
    else seen.set(key, { word, key, count: 1, firstLine: line, meaning: meaningOf(word, key) });
  }
  return [...seen.values()];
}

/** The distinct lead-agency and statutory words in the file, each with its remembered or guessed meaning. */
export function frameworkValueChoices(
  table: Table,
  header: Header,
  columns: ColumnMapping<FrameworkField>,
  remembered: ValueMapping,
): { leadAgency: DistinctValue<LeadAgency>[]; statutory: DistinctValue<boolean>[] } {
  const rows = dataRows(table, header);
  const agencyColumn = columns.indexOf('leadAgency');
  const statutoryColumn = columns.indexOf('statutory');
  return {
    leadAgency:
      agencyColumn < 0
        ? []
        : distinct(rows, agencyColumn, (word, key) => remembered.leadAgency[key] ?? guessLeadAgency(word)),
    statutory:
      statutoryColumn < 0
        ? []
        : distinct(rows, statutoryColumn, (word, key) => remembered.statutory[key] ?? guessStatutory(word)),
  };
}

export type ImportProblem = {
  line: number;
  /** The spreadsheet cell, such as "C7". */
  cell?: string;
  /** The column's heading in the file. */
  column?: string;
  value?: string;
  message: string;
};

/** A section made from the words in the section column; id and title may be changed before saving. */
export type DraftSection = {
  id: string;
  title: string;
  /** The words in the file this section came from. */
  words: string;
  leadAgency: LeadAgency;
  criteria: (Criterion & { line: number })[];
};

/** "Whole plan" → "whole-plan", "Section F" → "section-f": a valid id, unique among those already taken. */
export function sectionIdFor(words: string, taken: ReadonlySet<string>): string {
  const slug = words
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 36)
    .replace(/-+$/, '');
  const base = slug === '' ? 'section' : slug;
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${String(n)}`;
  return id;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export type FrameworkImportOptions = {
  columns: ColumnMapping<FrameworkField>;
  values: ValueMapping;
  /** Sections the user says the framework has (words or ids, one each); rows naming another are problems. */
  sectionList?: string[];
};

/** Every problem in the rows at once; sections only when there are none. */
export function readFrameworkRows(
  table: Table,
  header: Header,
  options: FrameworkImportOptions,
): { problems: ImportProblem[]; sections: DraftSection[] } {
  const { columns, values } = options;
  const problems: ImportProblem[] = [];
  const listed = options.sectionList?.map(valueKey).filter((key) => key !== '');
  const sections = new Map<string, DraftSection>();
  const agencyCounts = new Map<string, Map<LeadAgency, number>>();
  const idLines = new Map<string, number[]>();

  for (const { line, cells } of dataRows(table, header)) {
    const at = (field: FrameworkField) => columns.indexOf(field);
    const value = (field: FrameworkField) => {
      const index = at(field);
      return index < 0 ? '' : (cells[index] ?? '');
    };
    const report = (field: FrameworkField, message: string) => {
      const index = at(field);
      problems.push({
        line,
        ...(index >= 0
          ? { cell: `${columnLetter(index)}${String(line)}`, column: columnName(header.headings, index) }
          : {}),
        value: value(field),
        message,
      });
    };
    let isGood = true;
    const fail = (field: FrameworkField, message: string) => {
      report(field, message);
      isGood = false;
    };

    const sectionWords = value('section');
    if (sectionWords === '') fail('section', 'The section is empty: say which section this criterion is in');
    else if (listed && !listed.includes(valueKey(sectionWords)))
      fail(
        'section',
        `The section "${sectionWords}" is not in your list of sections: add it to the list or correct the row`,
      );

    const id = value('id');
    if (id === '') fail('id', 'The criterion id is empty: give every criterion an id, such as A1');
    else if (!ID_PATTERN.test(id))
      fail(
        'id',
        'The criterion id must be 1 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit',
      );
    else idLines.set(id, [...(idLines.get(id) ?? []), line]);

    const text = value('text');
    if (text === '') fail('text', 'The criterion text is empty');
    else if (text.length > 500) fail('text', `The criterion text is ${String(text.length)} characters: at most 500`);

    const guidance = value('guidance');
    if (guidance === '') fail('guidance', 'The guidance is empty: say what an auditor looks for');
    else if (guidance.length > 3000)
      fail('guidance', `The guidance is ${String(guidance.length)} characters: at most 3000`);

    const statutory = values.statutory[valueKey(value('statutory'))];
    if (statutory === undefined)
      fail('statutory', `"${value('statutory')}" is not yes or no: say what it means in the values step`);

    const agency = values.leadAgency[valueKey(value('leadAgency'))];
    if (agency === undefined)
      fail('leadAgency', `"${value('leadAgency')}" is not a lead agency: say which agency it means in the values step`);

    const weightText = at('weight') < 0 ? '' : value('weight');
    const weight = weightText === '' ? undefined : Number(weightText);
    if (weight !== undefined && !(Number.isFinite(weight) && weight >= 0))
      fail('weight', 'The weight must be a number, 0 or more');

    const yearText = at('fromYear') < 0 ? '' : value('fromYear').replace(/^(year|yr|y)\s*/i, '');
    const fromYear = yearText === '' ? undefined : Number(yearText);
    if (fromYear !== undefined && !(Number.isInteger(fromYear) && fromYear >= -1 && fromYear <= 14))
      fail('fromYear', 'The year group must be a whole number from -1 (nursery) to 14');

    if (!isGood || statutory === undefined || agency === undefined) continue;
    const sectionKey = valueKey(sectionWords);
    let section = sections.get(sectionKey);
    if (!section) {
      const taken = new Set([...sections.values()].map((s) => s.id));
      const title = at('sectionTitle') >= 0 && value('sectionTitle') !== '' ? value('sectionTitle') : sectionWords;
      section = { id: sectionIdFor(sectionWords, taken), title, words: sectionWords, leadAgency: agency, criteria: [] };
      sections.set(sectionKey, section);
    }
    const counts = agencyCounts.get(sectionKey) ?? new Map<LeadAgency, number>();
    counts.set(agency, (counts.get(agency) ?? 0) + 1);
    agencyCounts.set(sectionKey, counts);
    section.criteria.push({
      line,
      id,
      text,
      guidance,
      statutory,
      leadAgency: agency,
      ...(weight !== undefined ? { weight } : {}),
      ...(fromYear !== undefined
        ? {
            applicability: {
              when: { attribute: 'yearGroup', op: 'gte', value: fromYear },
              label: `Year ${String(fromYear)} and above`,
            },
          }
        : {}),
    });
  }

  // A duplicate id is reported on every line it is on, each naming the others.
  for (const [id, lines] of idLines) {
    if (lines.length < 2) continue;
    const index = columns.indexOf('id');
    for (const line of lines) {
      const others = lines.filter((other) => other !== line).map(String);
      problems.push({
        line,
        cell: `${columnLetter(index)}${String(line)}`,
        column: columnName(header.headings, index),
        value: id,
        message: `The criterion id "${id}" is used more than once: also on line${others.length > 1 ? 's' : ''} ${others.join(', ')}`,
      });
    }
  }
  if (dataRows(table, header).length === 0)
    problems.push({ line: header.rowIndex + 1, message: 'There are no criteria under the header row' });
  problems.sort((a, b) => a.line - b.line || (a.cell ?? '').localeCompare(b.cell ?? ''));
  if (problems.length > 0) return { problems, sections: [] };

  // Each section's lead agency is the one most of its criteria name; a criterion keeps its own only when it differs.
  const drafts = [...sections.entries()].map(([key, section]) => {
    const counts = [...(agencyCounts.get(key) ?? new Map<LeadAgency, number>())];
    const lead = counts.reduce((best, next) => (next[1] > best[1] ? next : best), counts[0] ?? [section.leadAgency, 0]);
    return { ...section, leadAgency: lead[0] };
  });
  return { problems, sections: drafts };
}

/** The draft framework from the sections as the user left them, checked as any framework file is. */
export function assembleFramework(
  id: string,
  title: string,
  sections: DraftSection[],
): { ok: true; framework: Framework } | { ok: false; problems: FrameworkProblem[] } {
  const candidate = {
    ...draftFrameworkShell(id, title),
    sections: sections.map((section) => ({
      id: section.id,
      title: section.title,
      leadAgency: section.leadAgency,
      criteria: section.criteria.map(({ line: _line, leadAgency, ...criterion }) => ({
        ...criterion,
        ...(leadAgency !== section.leadAgency ? { leadAgency } : {}),
      })),
    })),
  };
  const checked = checkFrameworkData('spreadsheet', candidate);
  return checked.ok ? { ok: true, framework: checked.framework } : { ok: false, problems: checked.problems };
}

export const LEAD_AGENCY_CHOICES: readonly LeadAgency[] = LEAD_AGENCIES;
