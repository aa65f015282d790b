// A council's plan list (CSV or an Excel sheet) through a column-mapping step into the CSV the
// server reads. The rows keep their spreadsheet line numbers (blank rows are kept as blank lines), so
// the problems found here and the rows the server refuses name the same lines the user sees.
import { guessColumns, type ColumnMapping } from './framework-import.ts';
import { KNOWN_PLAN_COLUMNS, identifierColumnKind, parsePlanCsv, type PlanCsvResult } from './plan-csv.ts';
import { columnName, normaliseHeading, type Header, type Table } from './tabular.ts';

export const PLAN_FIELDS = [
  'ref',
  'keyStage',
  'yearGroup',
  'primaryNeed',
  'settingType',
  'planType',
  'lookedAfter',
  'personalBudgetRequested',
  'issueDate',
  'reviewDate',
  'team',
] as const;
export type PlanField = (typeof PLAN_FIELDS)[number];

export const PLAN_FIELD_LABELS: Record<PlanField, string> = {
  ref: 'Plan reference',
  keyStage: 'Key stage',
  yearGroup: 'Year group',
  primaryNeed: 'Primary need',
  settingType: 'Setting type',
  planType: 'Plan type',
  lookedAfter: 'Looked after',
  personalBudgetRequested: 'Personal budget requested',
  issueDate: 'Issue date',
  reviewDate: 'Review date',
  team: 'Team',
};

const isPlanField = (name: string): name is PlanField => (PLAN_FIELDS as readonly string[]).includes(name);

/** The field a heading names; never one for a heading that announces a personal identifier. */
export function guessPlanField(heading: string): PlanField | null {
  const key = normaliseHeading(heading);
  if (key === '' || identifierColumnKind(heading)) return null;
  const found = Object.entries(KNOWN_PLAN_COLUMNS).find(([, aliases]) => aliases.includes(key))?.[0];
  return found && isPlanField(found) ? found : null;
}

export const guessPlanColumns = (headings: readonly string[]): ColumnMapping<PlanField> =>
  guessColumns(headings, guessPlanField);

/** Quotes only what must be quoted: this CSV is read back by parseCsv, never opened in a spreadsheet. */
const cell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/**
 * The CSV the server reads: mapped columns under their field names, ignored columns under their own
 * heading (so the server still refuses one that holds names or dates of birth), and one line per
 * spreadsheet row. An ignored column whose heading the server would read as a field is renamed.
 */
export function mappedPlanCsv(table: Table, header: Header, columns: ColumnMapping<PlanField>): string {
  const headings = header.headings.map((_, index) => {
    const field = columns[index];
    if (field) return field;
    const name = columnName(header.headings, index);
    return guessPlanField(name) || normaliseHeading(name) === 'ref' ? `not imported: ${name}` : name;
  });
  const lines = table.rows.map((row, index) => {
    if (index < header.rowIndex) return '';
    if (index === header.rowIndex) return headings.map(cell).join(',');
    return header.headings.map((_, column) => cell(row[column] ?? '')).join(',');
  });
  return `${lines.join('\r\n')}\r\n`;
}

/** What the server will make of the mapped list: the plans and every refused row with its line. */
export const checkPlanTable = (table: Table, header: Header, columns: ColumnMapping<PlanField>): PlanCsvResult =>
  parsePlanCsv(mappedPlanCsv(table, header, columns));
