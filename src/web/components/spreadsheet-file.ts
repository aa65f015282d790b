// Reads a chosen file into a Table: an Excel workbook's first sheet through read-excel-file, loaded
// only when an .xlsx is chosen (it is its own chunk, precached for offline use), or a CSV whose
// separator and encoding are detected in #shared/domain/tabular.ts.
import { tableFromDelimitedBytes, tableFromSheet, type Table } from '#shared/domain/tabular.ts';

export const SPREADSHEET_ACCEPT =
  '.xlsx,.csv,.tsv,.txt,text/csv,text/tab-separated-values,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A zip archive (every .xlsx is one) starts "PK\3\4"; the name alone is not trusted. */
const isZip = (bytes: Uint8Array): boolean =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** A legacy .xls (OLE compound file) starts D0 CF 11 E0; read-excel-file cannot read it. */
const isLegacyXls = (bytes: Uint8Array): boolean =>
  bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;

export class SpreadsheetReadError extends Error {}

export async function readSpreadsheetBytes(bytes: ArrayBuffer): Promise<Table> {
  const view = new Uint8Array(bytes);
  if (isLegacyXls(view)) {
    throw new SpreadsheetReadError(
      'This is an old Excel file (.xls): save it as an Excel workbook (.xlsx) or as CSV and choose it again',
    );
  }
  if (!isZip(view)) return tableFromDelimitedBytes(view);
  // The universal build unzips with fflate in plain JavaScript: the same code in the browser, a
  // worker or Node (the unit tests), with no network and no Node built-ins.
  const { default: readXlsxFile } = await import('read-excel-file/universal');
  try {
    const sheets = await readXlsxFile(bytes);
    const first = sheets[0];
    if (!first) throw new SpreadsheetReadError('The workbook has no sheets');
    return tableFromSheet(first.data, first.sheet);
  } catch (error) {
    if (error instanceof SpreadsheetReadError) throw error;
    throw new SpreadsheetReadError('The file could not be read as an Excel workbook: save it again as .xlsx or CSV');
  }
}

export async function readSpreadsheetFile(file: File): Promise<Table> {
  return readSpreadsheetBytes(await file.arrayBuffer());
}
