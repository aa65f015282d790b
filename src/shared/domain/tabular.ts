// Turns what a council saves (CSV in any of three separators and two encodings, or the rows of an
// Excel sheet) into one shape: rows of trimmed text numbered as the spreadsheet numbers them, a
// header found among the first rows, and words that say how the file was read.
import { parseCsv } from './csv.ts';

export type Delimiter = ',' | ';' | '\t';
export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'windows-1252';

/** A sheet: rows[i] is what the spreadsheet calls row i + 1; blank rows stay, so lines keep their numbers. */
export type Table = {
  rows: string[][];
  /** How the file was read, in words for the user ("CSV, semicolon-separated, Windows-1252"). */
  readAs: string;
};

export const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };
export const ENCODING_NAMES: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with a byte-order mark',
  'windows-1252': 'Windows-1252',
};

/**
 * UTF-8 when the bytes are valid UTF-8 (with or without a BOM); otherwise Windows-1252, which is
 * what Excel on Windows writes as "CSV" and where "£" is one byte that UTF-8 would turn into "�".
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const utf8 = decodeUtf8Strict(hasBom ? bytes.subarray(3) : bytes);
  if (utf8 !== null) return { text: utf8, encoding: hasBom ? 'utf-8-bom' : 'utf-8' };
  let text = '';
  for (const byte of bytes) {
    text += byte >= 0x80 && byte <= 0x9f ? (C1_AS_WINDOWS_1252[byte - 0x80] ?? '') : String.fromCharCode(byte);
  }
  return { text, encoding: 'windows-1252' };
}

/**
 * UTF-8 decoded by hand, because src/shared runs with neither DOM nor Node types (so no TextDecoder):
 * null on any malformed sequence (a bad lead or continuation byte, an overlong form, a surrogate, or a
 * code point past U+10FFFF), which is what tells a Windows-1252 file from a UTF-8 one.
 */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
  const codePoints: number[] = [];
  let text = '';
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i] ?? 0;
    let length: number;
    let codePoint: number;
    let min: number;
    if (lead < 0x80) {
      length = 1;
      codePoint = lead;
      min = 0;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      codePoint = lead & 0x1f;
      min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      codePoint = lead & 0x0f;
      min = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      codePoint = lead & 0x07;
      min = 0x10000;
    } else {
      return null;
    }
    if (i + length > bytes.length) return null;
    for (let k = 1; k < length; k += 1) {
      const next = bytes[i + k] ?? 0;
      if ((next & 0xc0) !== 0x80) return null;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return null;
    codePoints.push(codePoint);
    if (codePoints.length === 4096) {
      text += String.fromCodePoint(...codePoints);
      codePoints.length = 0;
    }
    i += length;
  }
  return text + String.fromCodePoint(...codePoints);
}

/**
 * Windows-1252's characters for bytes 0x80 to 0x9F (curly quotes, dashes, €); the other bytes above
 * 0x7F are the Latin-1 code points of the same number.
 */
const C1_AS_WINDOWS_1252 = [
  '€',
  '\u0081',
  '‚',
  'ƒ',
  '„',
  '…',
  '†',
  '‡',
  'ˆ',
  '‰',
  'Š',
  '‹',
  'Œ',
  '\u008d',
  'Ž',
  '\u008f',
  '\u0090',
  '‘',
  '’',
  '“',
  '”',
  '•',
  '–',
  '—',
  '˜',
  '™',
  'š',
  '›',
  'œ',
  '\u009d',
  'ž',
  'Ÿ',
];

/** Counts a character outside quoted fields on each of the first lines. */
function countsPerLine(text: string, ch: string, maxLines: number): number[] {
  const counts: number[] = [];
  let count = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length && counts.length < maxLines; i += 1) {
    const c = text.charAt(i);
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === ch) count += 1;
    else if (!inQuotes && c === '\n') {
      counts.push(count);
      count = 0;
    }
  }
  if (counts.length < maxLines && count > 0) counts.push(count);
  return counts;
}

/**
 * The separator that splits the first lines most consistently into more than one column. Ties go to
 * comma, then semicolon (what Excel writes where the comma is the decimal mark), then tab.
 */
export function detectDelimiter(text: string): Delimiter {
  let best: { delimiter: Delimiter; score: number } = { delimiter: ',', score: 0 };
  for (const delimiter of [',', ';', '\t'] as const) {
    const counts = countsPerLine(text, delimiter, 20).filter((n) => n > 0);
    if (counts.length === 0) continue;
    const first = counts[0] ?? 0;
    const agreeing = counts.filter((n) => n === first).length;
    const score = agreeing * 1000 + first;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

const trimRows = (rows: string[][]): string[][] => rows.map((row) => row.map((cell) => cell.trim()));

/** Reads a CSV or tab-separated file's bytes, saying which separator and encoding were used. */
export function tableFromDelimitedBytes(
  bytes: Uint8Array,
): Table & { delimiter: Delimiter; encoding: TextEncodingName } {
  const { text, encoding } = decodeText(bytes);
  return { ...tableFromText(text), encoding, readAs: describeDelimited(detectDelimiter(text), encoding) };
}

/** Reads pasted text (already characters, so no encoding to guess). */
export function tableFromText(text: string): Table & { delimiter: Delimiter } {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const delimiter = detectDelimiter(input);
  return { rows: trimRows(parseCsv(input, delimiter)), delimiter, readAs: describeDelimited(delimiter) };
}

export function describeDelimited(delimiter: Delimiter, encoding?: TextEncodingName): string {
  const separated = `CSV, ${DELIMITER_NAMES[delimiter]}-separated`;
  return encoding ? `${separated}, ${ENCODING_NAMES[encoding]}` : separated;
}

/** An Excel sheet's cells as text: whole numbers without ".0", dates as YYYY-MM-DD, booleans as yes/no. */
export function tableFromSheet(sheet: readonly (readonly unknown[])[], sheetName: string): Table {
  const rows = sheet.map((row) =>
    row.map((cell) => {
      if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
      if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
      if (typeof cell === 'number' || typeof cell === 'string') return String(cell).trim();
      return '';
    }),
  );
  return { rows, readAs: `Excel workbook, sheet "${sheetName}"` };
}

/** "A", "B", … "Z", "AA": the letters a spreadsheet puts over a column. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export const isBlankRow = (row: readonly string[]): boolean => row.every((cell) => cell === '');

export type Header = {
  /** Index into rows of the header row; data starts on the next row. */
  rowIndex: number;
  /** One heading per column, as wide as the widest row. */
  headings: string[];
};

/**
 * Finds the header among the first ten rows: the row whose headings, once a blank heading takes the
 * nearest heading above it (a cell merged down from a group row), name the most known fields. A
 * title row merged across the top, or a "Criterion" cell spanning "ID" and "Text", is passed over.
 */
export function findHeader(rows: string[][], scoreHeading: (heading: string) => boolean): Header | null {
  const width = Math.max(0, ...rows.map((row) => row.length));
  let best: (Header & { score: number }) | null = null;
  const candidates = rows.slice(0, 10);
  candidates.forEach((row, rowIndex) => {
    if (isBlankRow(row)) return;
    const headings = Array.from({ length: width }, (_, column) => {
      for (let r = rowIndex; r >= 0; r -= 1) {
        const above = rows[r]?.[column] ?? '';
        if (above !== '') return above;
        if (r < rowIndex && isBlankRow(rows[r] ?? [])) break;
      }
      return '';
    });
    const score = headings.filter((heading) => heading !== '' && scoreHeading(heading)).length;
    if (!best || score > best.score) best = { rowIndex, headings, score };
  });
  if (!best) return null;
  const { rowIndex, headings } = best;
  return { rowIndex, headings };
}

/** Lower case with spaces, dashes, underscores and punctuation removed: "Lead agency" → "leadagency". */
export const normaliseHeading = (heading: string): string => heading.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The heading shown for a column: its words, or its letter when it has none. */
export const columnName = (headings: readonly string[], index: number): string =>
  headings[index] && headings[index] !== '' ? (headings[index] ?? '') : `Column ${columnLetter(index)}`;
