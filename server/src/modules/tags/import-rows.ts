import { CsvSyntaxError, hasNoControlChars, isBlankRecord, parseCsv, TAG_IMPORT_MAX_ROWS, type TagImportRowCode, type TagImportRowError } from '@siyu/shared';
import { AppError } from '../../lib/errors';

/** A data row of a tag import file: its line and the value of its (first) column, normalized. */
export interface ImportRow {
  line: number;
  /** The normalized phone or member id. */
  key: string;
  /** What the report shows (a phone masked). */
  shown: string;
}

const MESSAGES: Record<TagImportRowCode, string> = {
  PHONE_INVALID: '手机号格式不对，应为 11 位大陆手机号',
  MEMBER_ID_INVALID: '会员编号应为正整数',
  MEMBER_NOT_FOUND: '找不到这个会员',
  DUPLICATE_ROW: '与前面的行重复',
  VALUE_MISSING: '这一行的第一列是空的',
};

export function rowError(line: number, shown: string, code: TagImportRowCode): TagImportRowError {
  return { line, value: shown, code, message: MESSAGES[code] };
}

/** A mainland mobile number: spaces and dashes dropped, a +86 / 86 prefix dropped. */
function normalizePhone(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** A phone as the report shows it: the first 3 and last 4 characters, never the whole number. */
function maskValue(raw: string): string {
  const text = raw.replace(/\s/g, '');
  return text.length >= 8 ? `${text.slice(0, 3)}****${text.slice(-4)}` : '****';
}

const INT4_MAX = 2_147_483_647;

/** Reads the file: the first column of every non-blank record; a first record without a digit is a header. */
export function readImportRows(csv: string, by: 'phone' | 'memberId'): { rows: ImportRow[]; errors: TagImportRowError[] } {
  if (!hasNoControlChars(csv, true)) throw new AppError('VALIDATION_FAILED', undefined, { field: 'body', reason: 'control characters' });
  let records: string[][];
  try {
    records = parseCsv(csv);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new AppError('CSV_MALFORMED', undefined, { line: error.line });
    throw error;
  }
  const numbered = records.map((record, index) => ({ record, line: index + 1 })).filter(({ record }) => !isBlankRecord(record));
  if (numbered[0] && !/\d/.test(numbered[0].record.join(''))) numbered.shift();
  if (numbered.length === 0) throw new AppError('VALIDATION_FAILED', undefined, { field: 'body', reason: 'the file has no rows' });
  if (numbered.length > TAG_IMPORT_MAX_ROWS) throw new AppError('CSV_TOO_MANY_ROWS', undefined, { maxRows: TAG_IMPORT_MAX_ROWS, rows: numbered.length });
  const rows: ImportRow[] = [];
  const errors: TagImportRowError[] = [];
  const seen = new Set<string>();
  for (const { record, line } of numbered) {
    const raw = (record[0] ?? '').trim();
    const shown = by === 'phone' ? maskValue(raw) : raw.slice(0, 20);
    if (raw === '') {
      errors.push(rowError(line, '', 'VALUE_MISSING'));
      continue;
    }
    const key = by === 'phone' ? normalizePhone(raw) : /^\d{1,10}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= INT4_MAX ? String(Number(raw)) : null;
    if (key === null) {
      errors.push(rowError(line, shown, by === 'phone' ? 'PHONE_INVALID' : 'MEMBER_ID_INVALID'));
    } else if (seen.has(key)) {
      errors.push(rowError(line, shown, 'DUPLICATE_ROW'));
    } else {
      seen.add(key);
      rows.push({ line, key, shown });
    }
  }
  return { rows, errors };
}
