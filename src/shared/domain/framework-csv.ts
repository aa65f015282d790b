// Imports a framework from a spreadsheet, because that is where councils keep theirs today: one row
// per criterion (section, id, text, guidance, statutory, lead agency, and optionally the year group
// a criterion applies from). The result is a draft with the usual scale, ratings and limiting rules,
// for the QA lead to finish in the editor; every row that cannot be read is reported by line.
import { checkFrameworkData, type FrameworkProblem } from './framework-check.ts';
import { parseCsv } from './csv.ts';
import { LEAD_AGENCIES, type Framework, type LeadAgency, type Section } from '#shared/schemas/framework.ts';

export type FrameworkCsvRowError = { line: number; column?: string; message: string };
export type FrameworkCsvResult =
  { ok: true; framework: Framework } | { ok: false; rowErrors: FrameworkCsvRowError[]; problems: FrameworkProblem[] };

const COLUMN_NAMES = {
  section: ['section', 'sectionid', 'section_id'],
  sectionTitle: ['sectiontitle', 'section_title', 'sectionname'],
  id: ['id', 'criterionid', 'criterion_id', 'criterion'],
  text: ['text', 'criteriontext', 'criterion_text', 'statement'],
  guidance: ['guidance', 'auditorguidance', 'notes'],
  statutory: ['statutory', 'limiting', 'statutoryflag'],
  leadAgency: ['leadagency', 'lead_agency', 'agency', 'lead'],
  fromYear: ['appliesfromyear', 'applies_from_year', 'fromyear', 'yearfrom'],
} as const;
type ColumnKey = keyof typeof COLUMN_NAMES;
const REQUIRED: ColumnKey[] = ['section', 'id', 'text', 'guidance', 'statutory', 'leadAgency'];
const HEADING: Record<ColumnKey, string> = {
  section: 'section',
  sectionTitle: 'section title',
  id: 'criterion id',
  text: 'text',
  guidance: 'guidance',
  statutory: 'statutory',
  leadAgency: 'lead agency',
  fromYear: 'applies from year',
};

const normalise = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '');

function readBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (['yes', 'y', 'true', '1', 'statutory'].includes(v)) return true;
  if (['no', 'n', 'false', '0', '', 'good practice'].includes(v)) return false;
  return undefined;
}

function readAgency(value: string): LeadAgency | undefined {
  const v = value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  const aliases: Record<string, LeadAgency> = {
    social: 'social-care',
    care: 'social-care',
    multi: 'multi-agency',
    all: 'multi-agency',
  };
  return (LEAD_AGENCIES as readonly string[]).includes(v) ? (v as LeadAgency) : aliases[v];
}

/** domain.md's defaults: Ofsted's four points, with the share of the criterion score each needs. */
export const DEFAULT_GRADE_SCALE: Framework['gradeScale'] = {
  grades: [
    { value: 4, label: 'Outstanding', descriptor: 'Exemplary in every respect that matters.', minScore: 0.9 },
    { value: 3, label: 'Good', descriptor: 'Meets the requirements well, with minor gaps.', minScore: 0.7 },
    { value: 2, label: 'Requires improvement', descriptor: 'Gaps that must be put right.', minScore: 0.45 },
    { value: 1, label: 'Inadequate', descriptor: 'Fails statutory requirements or the child.', minScore: 0 },
  ],
  goodOrBetterFrom: 3,
};

export const DEFAULT_RATING_OPTIONS: Framework['ratingOptions'] = [
  { meaning: 'met', label: 'Met' },
  { meaning: 'partly-met', label: 'Partly met' },
  { meaning: 'not-met', label: 'Not met' },
  { meaning: 'na-stated', label: 'N/A – stated in the plan' },
  { meaning: 'na-not-relevant', label: 'N/A – not relevant' },
  { meaning: 'cannot-judge', label: 'Cannot judge' },
];

/** A statutory criterion Not met caps its section at Inadequate; Partly met at Requires improvement. */
export const DEFAULT_LIMITING_RULES: Framework['limitingRules'] = [
  { id: 'statutory-not-met', appliesTo: { statutory: true }, ratings: ['not-met'], capAt: 1 },
  { id: 'statutory-partly-met', appliesTo: { statutory: true }, ratings: ['partly-met'], capAt: 2 },
];

/** A draft with domain.md's defaults, for the QA lead to finish in the editor. */
export function draftFrameworkShell(id: string, title: string): Omit<Framework, 'sections'> {
  return {
    id,
    status: 'draft',
    title,
    kind: 'plan-audit',
    gradeScale: DEFAULT_GRADE_SCALE,
    ratingOptions: DEFAULT_RATING_OPTIONS,
    grading: { cannotJudgeLimit: 0.5 },
    limitingRules: DEFAULT_LIMITING_RULES,
    overall: { method: 'mean', rules: [] },
    moderation: { disagreementSpread: 2, flagStraddle: true },
  };
}

export function importFrameworkCsv(text: string, id: string, title: string): FrameworkCsvResult {
  const rows = parseCsv(text).filter((row) => row.some((cell) => cell.trim() !== ''));
  const [header, ...body] = rows;
  const rowErrors: FrameworkCsvRowError[] = [];
  if (!header) return { ok: false, rowErrors: [{ line: 1, message: 'the file is empty' }], problems: [] };

  const columnOf = new Map<ColumnKey, number>();
  header.forEach((heading, index) => {
    const key = (Object.keys(COLUMN_NAMES) as ColumnKey[]).find((k) =>
      (COLUMN_NAMES[k] as readonly string[]).includes(normalise(heading)),
    );
    if (key && !columnOf.has(key)) columnOf.set(key, index);
  });
  const missing = REQUIRED.filter((key) => !columnOf.has(key));
  if (missing.length > 0) {
    return {
      ok: false,
      rowErrors: [
        {
          line: 1,
          message: `missing column${missing.length > 1 ? 's' : ''}: ${missing.map((k) => HEADING[k]).join(', ')}`,
        },
      ],
      problems: [],
    };
  }

  const sections = new Map<string, Section>();
  body.forEach((row, index) => {
    const line = index + 2;
    const cell = (key: ColumnKey) => {
      const at = columnOf.get(key);
      return at === undefined ? '' : (row[at] ?? '').trim();
    };
    const errors: FrameworkCsvRowError[] = [];
    const statutory = readBoolean(cell('statutory'));
    if (statutory === undefined)
      errors.push({ line, column: 'statutory', message: `"${cell('statutory')}" is not yes or no` });
    const agency = readAgency(cell('leadAgency'));
    if (!agency) {
      errors.push({
        line,
        column: 'lead agency',
        message: `"${cell('leadAgency')}" is not one of ${LEAD_AGENCIES.join(', ')}`,
      });
    }
    const fromYearText = cell('fromYear');
    const fromYear = fromYearText === '' ? undefined : Number(fromYearText);
    if (fromYear !== undefined && !Number.isInteger(fromYear)) {
      errors.push({ line, column: 'applies from year', message: `"${fromYearText}" is not a year group` });
    }
    for (const key of ['section', 'id', 'text', 'guidance'] as const) {
      if (cell(key) === '') errors.push({ line, column: HEADING[key], message: 'must not be empty' });
    }
    if (errors.length > 0 || !agency || statutory === undefined) {
      rowErrors.push(...errors);
      return;
    }
    const sectionId = cell('section');
    const section = sections.get(sectionId) ?? {
      id: sectionId,
      title: cell('sectionTitle') || `Section ${sectionId}`,
      leadAgency: agency,
      criteria: [],
    };
    section.criteria.push({
      id: cell('id'),
      text: cell('text'),
      guidance: cell('guidance'),
      statutory,
      ...(agency !== section.leadAgency ? { leadAgency: agency } : {}),
      ...(fromYear !== undefined
        ? {
            applicability: {
              when: { attribute: 'yearGroup', op: 'gte', value: fromYear },
              label: `Year ${fromYear} and above`,
            },
          }
        : {}),
    });
    sections.set(sectionId, section);
  });
  if (rowErrors.length > 0) return { ok: false, rowErrors, problems: [] };

  // The same checks as a JSON file (duplicate ids, lengths), reported by the row they came from.
  const checked = checkFrameworkData('spreadsheet', {
    ...draftFrameworkShell(id, title),
    sections: [...sections.values()],
  });
  if (checked.ok) return { ok: true, framework: checked.framework };
  return { ok: false, rowErrors: [], problems: checked.problems };
}
