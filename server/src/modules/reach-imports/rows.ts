import {
  CsvSyntaxError,
  hasNoControlChars,
  maskPhone,
  isBlankRecord,
  parseCsv,
  REACH_IMPORT_MAX_ROWS,
  type ReachImportKind,
  type ReachImportRowError,
} from '@siyu/shared';
import { AppError } from '../../lib/errors';

/** A call of the AI-call vendor's result file (外呼结果). */
export interface CallRow {
  line: number;
  phone: string;
  at: Date;
  reached: boolean;
  intent: string;
  addedWecom: boolean;
}

/** A send of the SMS provider's send log (发送记录). */
export interface SmsRow {
  line: number;
  phone: string;
  at: Date;
  delivered: boolean;
  status: string;
  outId: string | null;
}

type Column = 'phone' | 'at' | 'reached' | 'intent' | 'addedWecom' | 'status' | 'outId';

/** Header names each file kind accepts per column (vendors' English and Chinese headers), and which are required. */
const COLUMNS: Record<ReachImportKind, { column: Column; names: string[]; isRequired: boolean }[]> = {
  ai_call_csv: [
    { column: 'phone', names: ['phone', '手机号', '手机号码', '电话'], isRequired: true },
    { column: 'at', names: ['called_at', '呼叫时间', '外呼时间'], isRequired: true },
    { column: 'reached', names: ['reached', '是否接通', '接通'], isRequired: true },
    { column: 'intent', names: ['intent', '意向', '意向等级'], isRequired: false },
    { column: 'addedWecom', names: ['added_wecom', '是否加企微', '加企微'], isRequired: false },
  ],
  sms_send_log: [
    { column: 'phone', names: ['phone', '手机号', '手机号码'], isRequired: true },
    { column: 'at', names: ['send_time', '发送时间'], isRequired: true },
    { column: 'status', names: ['status', '状态', '发送状态'], isRequired: true },
    { column: 'outId', names: ['out_id', '流水号', '外部流水号'], isRequired: false },
  ],
};

const TRUE_WORDS = new Set(['是', '1', 'true', 'y', 'yes', '已接通', '接通', '已加']);
const FALSE_WORDS = new Set(['否', '0', 'false', 'n', 'no', '未接通', '未加']);
/** SMS receipts that mean delivered (Aliyun DELIVERED, CMPP DELIVRD, Chinese exports 成功); any other status is a failure. */
const DELIVERED_WORDS = new Set(['成功', '发送成功', '送达', '已送达', 'delivered', 'delivrd', 'success']);

/** A mainland mobile number of the file: spaces, dashes and a +86 / 86 prefix dropped. */
export function normalizePhone(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** `2026-12-01 10:30[:00]`, `2026/12/01 10:30`, or ISO 8601; without an offset it is China time. */
export function parseTime(raw: string): Date | null {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})?$/.exec(raw.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '00', zone] = match as unknown as string[];
  const pad = (value: string | undefined) => (value ?? '').padStart(2, '0');
  const offset = zone === undefined ? '+08:00' : zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${mi}:${s}${offset}`);
  if (Number.isNaN(date.getTime()) || Number(y) < 2000) return null;
  // Date rolls 2026-02-30 over to March: read the day back in the file's own zone to refuse it.
  const local = zone === undefined ? new Date(date.getTime() + 8 * 3600_000) : null;
  if (local && (local.getUTCMonth() + 1 !== Number(mo) || local.getUTCDate() !== Number(d) || local.getUTCHours() !== Number(h))) return null;
  return date;
}

function parseBool(raw: string): boolean | null {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return null;
}

function readRecords(csv: string): string[][] {
  try {
    return parseCsv(csv);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new AppError('CSV_MALFORMED', undefined, { line: error.line });
    throw error;
  }
}

/** Which record position holds each column; a missing required column is CSV_COLUMNS_INVALID. */
function columnPositions(kind: ReachImportKind, header: readonly string[]): Map<Column, number> {
  const names = header.map((name) => name.trim().toLowerCase());
  const positions = new Map<Column, number>();
  const missing: string[] = [];
  for (const spec of COLUMNS[kind]) {
    const index = names.findIndex((name) => spec.names.includes(name));
    if (index >= 0) positions.set(spec.column, index);
    else if (spec.isRequired) missing.push(spec.names[0] as string);
  }
  if (missing.length > 0) throw new AppError('CSV_COLUMNS_INVALID', undefined, { missing, expected: COLUMNS[kind].map((spec) => spec.names[0]) });
  return positions;
}

type Parsed<T> = { rows: T[]; errors: ReachImportRowError[] };

/** The data records (header dropped, blank lines skipped) with their line numbers (the header is line 1). */
function dataRecords(kind: ReachImportKind, csv: string): { line: number; cell: (column: Column) => string }[] {
  const [header, ...rest] = readRecords(csv);
  if (!header) throw new AppError('CSV_EMPTY');
  const positions = columnPositions(kind, header);
  const records = rest
    .map((record, index) => ({ record, line: index + 2 }))
    .filter(({ record }) => !isBlankRecord(record))
    .map(({ record, line }) => ({ line, cell: (column: Column) => (positions.has(column) ? (record[positions.get(column) as number] ?? '').trim() : '') }));
  if (records.length === 0) throw new AppError('CSV_EMPTY');
  if (records.length > REACH_IMPORT_MAX_ROWS) throw new AppError('CSV_TOO_MANY_ROWS', undefined, { maxRows: REACH_IMPORT_MAX_ROWS, rows: records.length });
  return records;
}

/** Every row of an AI-call result file, or every problem in it (the phone itself is never echoed). */
export function parseCallRows(csv: string): Parsed<CallRow> {
  const records = dataRecords('ai_call_csv', csv);
  const rows: CallRow[] = [];
  const errors: ReachImportRowError[] = [];
  for (const { line, cell } of records) {
    const problems: string[] = [];
    const phone = normalizePhone(cell('phone'));
    if (!phone) problems.push('手机号须为 11 位手机号码');
    const at = parseTime(cell('at'));
    if (!at) problems.push('呼叫时间须为 YYYY-MM-DD HH:mm:ss');
    const reached = parseBool(cell('reached'));
    if (reached === null) problems.push('是否接通须为 是/否');
    const intent = cell('intent');
    if (intent.length > 20 || !hasNoControlChars(intent)) problems.push('意向最多 20 个字，不能含控制字符');
    const addedWecom = cell('addedWecom') === '' ? false : parseBool(cell('addedWecom'));
    if (addedWecom === null) problems.push('是否加企微须为 是/否');
    if (problems.length > 0 || !phone || !at || reached === null || addedWecom === null)
      errors.push({ line, phoneMasked: phone ? maskPhone(phone) : null, errors: problems });
    else rows.push({ line, phone, at, reached, intent, addedWecom });
  }
  return { rows, errors };
}

/** Every row of an SMS send log, or every problem in it. */
export function parseSmsRows(csv: string): Parsed<SmsRow> {
  const records = dataRecords('sms_send_log', csv);
  const rows: SmsRow[] = [];
  const errors: ReachImportRowError[] = [];
  for (const { line, cell } of records) {
    const problems: string[] = [];
    const phone = normalizePhone(cell('phone'));
    if (!phone) problems.push('手机号须为 11 位手机号码');
    const at = parseTime(cell('at'));
    if (!at) problems.push('发送时间须为 YYYY-MM-DD HH:mm:ss');
    const status = cell('status');
    if (status === '' || status.length > 40 || !hasNoControlChars(status)) problems.push('发送状态不能为空，最多 40 个字');
    const outId = cell('outId');
    if (outId.length > 64 || !hasNoControlChars(outId)) problems.push('流水号最多 64 个字符');
    if (problems.length > 0 || !phone || !at) errors.push({ line, phoneMasked: phone ? maskPhone(phone) : null, errors: problems });
    else rows.push({ line, phone, at, delivered: DELIVERED_WORDS.has(status.toLowerCase()), status, outId: outId || null });
  }
  return { rows, errors };
}
