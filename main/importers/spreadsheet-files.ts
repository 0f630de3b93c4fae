import path from 'node:path';
import { ImportError } from './errors';

/**
 * An export opened in a spreadsheet and saved in the spreadsheet's own format (a workbook, not
 * CSV) is refused with what to do instead, rather than as "binary data" or as a zip without a
 * ratings file: the workbook holds the same rows, and saving it as CSV is one menu away.
 */
interface Workbook {
  kind: string;
  app: string;
  saveAsCsv: string;
}

const EXCEL: Workbook = {
  kind: 'an Excel workbook',
  app: 'Excel',
  saveAsCsv: 'File › Save As › CSV UTF-8',
};
const CALC: Workbook = {
  kind: 'a LibreOffice Calc spreadsheet',
  app: 'LibreOffice Calc',
  saveAsCsv: 'File › Save As › Text CSV',
};
const NUMBERS: Workbook = {
  kind: 'a Numbers spreadsheet',
  app: 'Numbers',
  saveAsCsv: 'File › Export To › CSV',
};

/** Excel 97–2003 (.xls) and other OLE2 compound documents start so. */
const OLE2_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Whether a file's first bytes are those of an Excel 97–2003 workbook (.xls). */
function isOldExcelWorkbook(head: Buffer): boolean {
  return head.subarray(0, OLE2_SIGNATURE.length).equals(OLE2_SIGNATURE);
}

/** The spreadsheet a zip archive's entries say it is (xlsx, ods, numbers), or null. */
function workbookOfEntries(files: readonly string[]): Workbook | null {
  const has = (name: string) => files.some((f) => f.toLowerCase() === name.toLowerCase());
  if (has('xl/workbook.xml')) return EXCEL;
  if (has('mimetype') && has('content.xml')) return CALC;
  if (files.some((f) => f.startsWith('Index/') && f.endsWith('.iwa'))) return NUMBERS;
  return null;
}

function workbookError(file: string, workbook: Workbook): ImportError {
  return new ImportError(
    `this is ${workbook.kind}, not a CSV file: open it in ${workbook.app}, save it as ` +
      `CSV (${workbook.saveAsCsv}) and import the CSV file`,
    path.basename(file),
  );
}

/** Refuses a zip archive that is a spreadsheet workbook (its entries say so). */
export function refuseWorkbookArchive(file: string, entries: readonly string[]): void {
  const workbook = workbookOfEntries(entries);
  if (workbook) throw workbookError(file, workbook);
}

/** Refuses an Excel 97–2003 workbook, told by its first bytes. */
export function refuseOldExcelWorkbook(file: string, head: Buffer): void {
  if (isOldExcelWorkbook(head)) throw workbookError(file, EXCEL);
}
