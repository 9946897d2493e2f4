import {
  CHANNEL_KIND_LABELS,
  CHANNEL_REPORT_CSV_HEADER,
  fenToYuanString,
  protectCell,
  serializeCsv,
  type ChannelReport,
  type ChannelReportTotals,
  type Fen,
} from '@siyu/shared';

const yuan = (fen: number) => fenToYuanString(fen as Fen);
const optional = (value: number | null, format: (value: number) => string = String) => (value === null ? '' : format(value));

function cells(figures: ChannelReportTotals): string[] {
  return [
    String(figures.reach),
    String(figures.touches),
    String(figures.newMembers),
    String(figures.firstOrderMembers),
    String(figures.orders),
    yuan(figures.paidFen),
    yuan(figures.refundedFen),
    yuan(figures.gmvFen),
    String(figures.repurchaseMembers),
    yuan(figures.costFen),
    optional(figures.cacFen, yuan),
    optional(figures.roi, (roi) => roi.toFixed(2)),
    String(figures.plannedMembers),
    optional(figures.memberProgress, (progress) => progress.toFixed(1)),
    yuan(figures.plannedGmvFen),
    optional(figures.gmvProgress, (progress) => progress.toFixed(1)),
  ];
}

/**
 * The report as a UTF-8 CSV with a byte order mark (Excel): the header, one line per channel, then 合计. Money in
 * yuan. The range and the model are in the file name (the header stays the first line, like the order export).
 */
export function channelReportCsv(report: ChannelReport): string {
  const records = [
    [...CHANNEL_REPORT_CSV_HEADER],
    ...report.rows.map((row) => [protectCell(row.channelName), row.kind ? CHANNEL_KIND_LABELS[row.kind] : '', ...cells(row)]),
    ['合计', '', ...cells(report.totals)],
  ];
  return serializeCsv(records, { bom: true });
}
