/**
 * A small RFC 4180 CSV reader and writer: comma-separated fields, fields quoted with `"` when they
 * hold a comma, a quote, a line break or edge spaces, a quote inside a quoted field written as `""`,
 * records ending in CRLF. The reader also accepts LF and CR line ends and a UTF-8 byte order mark,
 * which Excel writes and expects.
 */

/** The byte order mark that makes Excel read a CSV file as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/** A CSV text that is not well formed; `line` is 1-based and counts physical lines. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Reader state: inside an unquoted field, inside quotes, or just after a closing quote. */
type State = 'field' | 'quoted' | 'after_quote';

/**
 * Parses CSV text into records of fields. A trailing line break does not start an empty record.
 * Throws CsvSyntaxError for an unterminated quoted field, a quote inside an unquoted field, or text
 * after a closing quote.
 */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let state: State = 'field';
  let line = 1;
  let quoteLine = 1;
  const endField = () => {
    record.push(field);
    field = '';
    state = 'field';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  for (let i = 0; i < input.length; i += 1) {
    const char = input[i] as string;
    if (state === 'quoted') {
      if (char !== '"') {
        if (char === '\n' || (char === '\r' && input[i + 1] !== '\n')) line += 1;
        field += char;
      } else if (input[i + 1] === '"') {
        field += '"';
        i += 1;
      } else {
        state = 'after_quote';
      }
      continue;
    }
    if (char === ',') {
      endField();
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
    } else if (state === 'after_quote') {
      throw new CsvSyntaxError('unexpected text after a closing quote', line);
    } else if (char === '"') {
      if (field.length > 0) throw new CsvSyntaxError('a quote inside an unquoted field (quote the whole field and double the quote)', line);
      state = 'quoted';
      quoteLine = line;
    } else {
      field += char;
    }
  }
  if (state === 'quoted') throw new CsvSyntaxError('a quoted field is never closed', quoteLine);
  if (field.length > 0 || record.length > 0 || state === 'after_quote') endRecord();
  return records;
}

/** True when a record is a blank line (spreadsheets often leave some at the end). */
export function isBlankRecord(record: readonly string[]): boolean {
  return record.every((field) => field.trim() === '');
}

function quoteIfNeeded(field: string): string {
  const needsQuotes = /[",\r\n]/.test(field) || field !== field.trim();
  return needsQuotes ? `"${field.replace(/"/g, '""')}"` : field;
}

/** Writes records as CSV with CRLF line ends; `bom` prefixes the UTF-8 byte order mark for Excel. */
export function serializeCsv(records: readonly (readonly string[])[], options: { bom?: boolean } = {}): string {
  const body = records.map((record) => record.map(quoteIfNeeded).join(',')).join('\r\n');
  return `${options.bom ? UTF8_BOM : ''}${body}${records.length > 0 ? '\r\n' : ''}`;
}

/**
 * Spreadsheets run a cell that starts with `=`, `+`, `-`, `@`, tab or CR as a formula ("CSV
 * injection"). Text cells written for people to open are prefixed with `'`, which Excel hides;
 * `unprotectCell` removes that prefix again when such a file comes back.
 */
export function protectCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Undoes `protectCell`. */
export function unprotectCell(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
