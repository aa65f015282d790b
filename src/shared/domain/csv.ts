// CSV in and out. Reading: RFC 4180 (quoted fields, doubled quotes, CRLF or LF, an optional BOM).
// Writing: UTF-8 with a byte-order mark and CRLF so Excel and Power BI open files as they are,
// fields quoted when they need to be, and cells that would start a spreadsheet formula neutralised.

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, an optional byte-order mark; comma unless told. */
export function parseCsv(text: string, delimiter: ',' | ';' | '\t' = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < input.length; i += 1) {
    const ch = input.charAt(i);
    if (inQuotes) {
      if (ch === '"' && input.charAt(i + 1) === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') inQuotes = false;
      else field += ch;
    } else if (ch === '"' && field === '') inQuotes = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input.charAt(i + 1) === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export type CsvValue = string | number | boolean | null | undefined;

const BOM = '\uFEFF';

/** One cell: quoted when it holds a comma, quote or line break; a leading = + - @ is escaped with '. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Column extends string>(columns: readonly Column[], rows: Record<Column, CsvValue>[]): string {
  const lines = [columns.join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(','))];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
